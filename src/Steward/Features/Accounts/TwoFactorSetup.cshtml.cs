using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Web;

namespace Steward.Features.Accounts;

/// <summary>
/// The person's own two-factor authentication: set it up (scan the QR code or type the key into an authenticator app,
/// then enter a code to prove it works; ten recovery codes are shown once), make new recovery codes, or turn it off
/// where no council they belong to requires it. Turning it on or off ends their other sign-ins.
/// </summary>
[NoOrganisationRequired]
[BeforeTwoFactor]
public class TwoFactorSetupModel(StewardDb db, CurrentUser user, TimeProvider clock, IDataProtectionProvider protection) : PageModel
{
    /// <summary>The secret being set up, protected (<see cref="TwoFactor.ProtectPending"/>).</summary>
    [BindProperty] public string? Pending { get; set; }
    [BindProperty] public string? Code { get; set; }

    /// <summary>The current password, asked before new recovery codes or turning two-factor off (people signed in through their council's provider without a Steward password are not asked).</summary>
    [BindProperty] public string? Current { get; set; }

    private async Task<bool> ConfirmedAsync(Account account)
    {
        if (account.PasswordHash is null) return true;
        if (await AccountManager.ConfirmPasswordAsync(db, account, Current, clock.GetUtcNow().UtcDateTime, HttpContext.RequestAborted)) return true;
        ModelState.AddModelError("current", "Enter your current password (after several wrong ones, wait a few minutes)");
        RecoveryCodesLeft = await db.RecoveryCodes.CountAsync(r => r.AccountId == account.Id && r.UsedAt == null, HttpContext.RequestAborted);
        return false;
    }

    public string Secret { get; private set; } = "";
    public List<string>? RecoveryCodes { get; private set; }
    public int RecoveryCodesLeft { get; private set; }
    public bool Required => user.Memberships.Any(m => TwoFactor.Required(m.Roles, m.Organisation!.TwoFactor));
    public Account Me => user.Account!;

    public async Task OnGetAsync()
    {
        if (Me.TwoFactorSince is null) NewPending();
        else RecoveryCodesLeft = await db.RecoveryCodes.CountAsync(r => r.AccountId == Me.Id && r.UsedAt == null, HttpContext.RequestAborted);
    }

    public async Task<IActionResult> OnPostTurnOnAsync()
    {
        var ct = HttpContext.RequestAborted;
        if (Me.TwoFactorSince is not null) return Redirect("/account/two-factor");
        var secret = TwoFactor.UnprotectPending(protection, Pending);
        if (secret is null)
        {
            NewPending();
            ModelState.AddModelError("code", "The set-up took longer than 15 minutes: add the new key below to your app, then enter its code");
            return Page();
        }
        Secret = secret;
        var now = clock.GetUtcNow().UtcDateTime;
        if (string.IsNullOrWhiteSpace(Code) || TwoFactor.Match(secret, Code, now) is not { } step)
        {
            ModelState.AddModelError("code", "Enter the 6-digit code your authenticator app shows for Steward now");
            return Page();
        }
        var account = await db.Accounts.SingleAsync(a => a.Id == Me.Id, ct);
        account.TotpSecret = TwoFactor.ProtectSecret(protection, secret);
        account.TwoFactorSince = now;
        account.LastTotpStep = step;
        account.SecurityStamp = Guid.NewGuid().ToString("N");
        db.Record("two-factor-on", nameof(Account), account.Id.ToString(), account.Email, null, organisationId: 0);
        await db.SaveChangesAsync(ct);
        RecoveryCodes = await TwoFactor.NewRecoveryCodesAsync(db, account.Id, ct);
        await KeepThisSignInAsync(account, "two-factor turned on");
        return Page();
    }

    public async Task<IActionResult> OnPostRecoveryCodesAsync()
    {
        if (Me.TwoFactorSince is null) return Redirect("/account/two-factor");
        if (!await ConfirmedAsync(Me)) return Page();
        RecoveryCodes = await TwoFactor.NewRecoveryCodesAsync(db, Me.Id, HttpContext.RequestAborted);
        db.Record("recovery-codes-renewed", nameof(Account), Me.Id.ToString(), Me.Email, null, organisationId: 0);
        await db.SaveChangesAsync(HttpContext.RequestAborted);
        return Page();
    }

    public async Task<IActionResult> OnPostTurnOffAsync()
    {
        if (Me.TwoFactorSince is null) return Redirect("/account/two-factor");
        if (Required)
        {
            ModelState.AddModelError("", "Your council requires two-factor authentication for your roles: it stays on");
            await OnGetAsync();
            return Page();
        }
        if (!await ConfirmedAsync(Me)) return Page();
        var account = await db.Accounts.SingleAsync(a => a.Id == Me.Id, HttpContext.RequestAborted);
        await TwoFactor.TurnOffAsync(db, account, HttpContext.RequestAborted);
        db.Record("two-factor-off", nameof(Account), account.Id.ToString(), account.Email, null, organisationId: 0);
        await db.SaveChangesAsync(HttpContext.RequestAborted);
        await KeepThisSignInAsync(account, "two-factor turned off");
        return Redirect("/account?done=two-factor-off");
    }

    /// <summary>After a change of stamp: ends the person's other sign-ins and renews this browser's cookie.</summary>
    private async Task KeepThisSignInAsync(Account account, string because)
    {
        await SignInSessions.EndAllAsync(db, account.Id, because, clock.GetUtcNow().UtcDateTime, user.SessionKey, HttpContext.RequestAborted);
        await Microsoft.AspNetCore.Authentication.AuthenticationHttpContextExtensions.SignInAsync(HttpContext,
            Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationDefaults.AuthenticationScheme,
            CurrentUser.Principal(account, user.Organisation?.Id ?? 0, user.SessionKey!, user.SsoCouncil));
    }

    private void NewPending()
    {
        Secret = TwoFactor.NewSecret();
        Pending = TwoFactor.ProtectPending(protection, Secret);
        ModelState.Remove(nameof(Pending));
    }

    /// <summary>The key in groups of four, as people type it.</summary>
    public string Grouped => string.Join(' ', Secret.Chunk(4).Select(c => new string(c)));

    public string? Error => ModelState["code"]?.Errors.FirstOrDefault()?.ErrorMessage;
}
