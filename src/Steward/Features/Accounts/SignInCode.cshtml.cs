using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Web;

namespace Steward.Features.Accounts;

/// <summary>
/// The second step of signing in for someone with two-factor authentication: after the right password, a short-lived
/// protected cookie names the account (for 5 minutes), and this page asks for the authenticator app's code or a
/// recovery code. Wrong codes count against the address like wrong passwords (<see cref="SignInThrottles"/>), and get
/// one answer.
/// </summary>
[AllowAnonymous]
[NoOrganisationRequired]
public class SignInCodeModel(StewardDb db, TimeProvider clock, IDataProtectionProvider protection) : PageModel
{
    private const string CookieName = "steward-2fa";
    private const string Purpose = "Steward.SignIn.SecondFactor";
    public const string Refused = "Enter the 6-digit code from your authenticator app, or one of your recovery codes. After several wrong codes, signing in waits a few minutes.";

    [BindProperty] public string? Code { get; set; }

    /// <summary>Starts the second step for <paramref name="account"/>, whose password was right.</summary>
    internal static void Start(HttpContext http, IDataProtectionProvider protection, Account account, string returnUrl)
    {
        var payload = string.Join('\n', account.Id, account.SecurityStamp, returnUrl);
        http.Response.Cookies.Append(CookieName, protection.CreateProtector(Purpose).ToTimeLimitedDataProtector().Protect(payload, TimeSpan.FromMinutes(5)),
            new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = http.Request.IsHttps, IsEssential = true, Path = "/sign-in" });
    }

    /// <summary>The account waiting for its code and where it was going; null when there is none (no cookie, expired, tampered, or the account changed since).</summary>
    private async Task<(Account Account, string ReturnUrl)?> PendingAsync()
    {
        if (Request.Cookies[CookieName] is not { } cookie) return null;
        string payload;
        try { payload = protection.CreateProtector(Purpose).ToTimeLimitedDataProtector().Unprotect(cookie); }
        catch (System.Security.Cryptography.CryptographicException) { return null; }
        var parts = payload.Split('\n');
        if (parts.Length != 3 || !int.TryParse(parts[0], out var id)) return null;
        var account = await db.Accounts.SingleOrDefaultAsync(a => a.Id == id && a.SecurityStamp == parts[1] && a.DeactivatedAt == null, HttpContext.RequestAborted);
        return account is null || account.TwoFactorSince is null ? null : (account, parts[2]);
    }

    public async Task<IActionResult> OnGetAsync() => await PendingAsync() is null ? Redirect("/sign-in") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var ct = HttpContext.RequestAborted;
        var pending = await PendingAsync();
        if (pending is null) return Redirect("/sign-in");
        var (account, returnUrl) = pending.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        string[] keys = [SignInThrottles.CodeKey(account.NormalisedEmail), SignInThrottles.AddressKey(HttpContext.Connection.RemoteIpAddress?.ToString())];
        // Each attempt counts against the address before its code is checked (a right code forgets the count), so a burst of
        // guesses at once is held back as a run of them is.
        var waiting = await SignInThrottles.WaitingAsync(db, [keys[1]], now, ct) || !await SignInThrottles.TryAttemptAsync(db, keys[0], ThrottleRule.Email, now, ct);
        var accepted = !waiting && !string.IsNullOrWhiteSpace(Code) && Code.Length <= 20 && await TwoFactor.VerifyAsync(db, protection, account, Code, now, ct);
        db.Actor = account.NormalisedEmail;
        db.Channel = "web";
        db.Record(accepted ? "sign-in" : waiting ? "sign-in-waiting" : "sign-in-code-failed", nameof(Account), account.Id.ToString(), account.Email, null, organisationId: 0);
        await db.SaveChangesAsync(ct);
        if (!accepted)
        {
            if (!waiting) await SignInThrottles.FailAsync(db, keys[1], ThrottleRule.Address, now, ct);
            ModelState.AddModelError("code", Refused);
            return Page();
        }
        Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/sign-in" });
        return await SignInModel.FinishAsync(HttpContext, db, account, now, Url.IsLocalUrl(returnUrl) ? returnUrl : "/", ct);
    }

    public string? Error => ModelState["code"]?.Errors.FirstOrDefault()?.ErrorMessage;
}
