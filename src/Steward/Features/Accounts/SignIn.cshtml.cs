using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Web;

namespace Steward.Features.Accounts;

[AllowAnonymous]
[NoOrganisationRequired]
public class SignInModel(StewardDb db, CurrentUser user, TimeProvider clock, Microsoft.AspNetCore.DataProtection.IDataProtectionProvider protection) : PageModel
{
    /// <summary>What every refused sign-in says.</summary>
    public const string Refused = "Enter a correct email address and password. After several wrong attempts, signing in waits a few minutes (at most 15) before it tries again.";

    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    /// <summary>Arrived from setting a password.</summary>
    [BindProperty(SupportsGet = true, Name = "set")] public bool PasswordSet { get; set; }

    /// <summary>Councils that sign their people in through their own identity provider: a button each.</summary>
    public List<(string Code, string Name)> SsoCouncils { get; private set; } = [];

    [BindProperty(SupportsGet = true, Name = "sso")] public string? SsoOutcome { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (user.IsSignedIn) return LocalRedirect(SafeReturnUrl());
        SsoCouncils = (await db.Organisations.Where(o => o.SsoAuthority != null && o.SsoClientId != null).Select(o => new { o.Code, o.Name }).ToListAsync())
            .Select(o => (o.Code.ToLowerInvariant(), o.Name)).OrderBy(o => o.Name, StringComparer.Ordinal).ToList();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(Email)) ModelState.AddModelError("email", "Enter your email address");
        if (string.IsNullOrEmpty(Password)) ModelState.AddModelError("password", "Enter your password");
        if (!ModelState.IsValid) return Page();

        var key = Account.Normalise(Email!);
        var ct = HttpContext.RequestAborted;
        var account = await db.Accounts.SingleOrDefaultAsync(a => a.NormalisedEmail == key, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var outcome = await AccountManager.CheckPasswordAsync(db, key, account, Password!, HttpContext.Connection.RemoteIpAddress?.ToString(), now, ct);
        db.Actor = key;
        db.Channel = "web";
        var secondFactor = outcome == AccountManager.SignInOutcome.Success && account!.TwoFactorSince is not null;
        // Every attempt writes one entry, known address or not, so the time taken does not tell them apart.
        db.Record(outcome switch
        {
            AccountManager.SignInOutcome.Success => secondFactor ? "sign-in-password-accepted" : "sign-in",
            AccountManager.SignInOutcome.Waiting => "sign-in-waiting",
            _ => "sign-in-failed",
        }, nameof(Account), account?.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), account?.Email ?? key, null, organisationId: 0);
        await db.SaveChangesAsync(ct);
        if (outcome != AccountManager.SignInOutcome.Success)
        {
            // One answer for an unknown address, a wrong password and a wait, so none of them tells an attacker anything.
            ModelState.AddModelError("email", Refused);
            return Page();
        }
        if (secondFactor)
        {
            SignInCodeModel.Start(HttpContext, protection, account!, SafeReturnUrl());
            return Redirect("/sign-in/code");
        }
        return await FinishAsync(HttpContext, db, account!, now, SafeReturnUrl(), ct);
    }

    /// <summary>
    /// Completes a sign-in: starts a session, sets the sign-in cookie and goes to <paramref name="returnUrl"/> (a local
    /// address), or to choosing an organisation first when the account holds roles in several.
    /// </summary>
    /// <remarks>
    /// A sign-in through a council's identity provider (<paramref name="ssoCouncil"/>) acts for that council only. The
    /// address's failed attempts are forgotten here, once the whole sign-in (password and code) has succeeded.
    /// </remarks>
    internal static async Task<IActionResult> FinishAsync(HttpContext http, StewardDb db, Account account, DateTime now, string returnUrl, CancellationToken ct,
        int? ssoCouncil = null)
    {
        await SignInThrottles.ClearAsync(db, SignInThrottles.EmailKey(account.NormalisedEmail), ct);
        await SignInThrottles.ClearAsync(db, SignInThrottles.CodeKey(account.NormalisedEmail), ct);
        var memberships = ssoCouncil is { } council ? [council]
            : await db.Memberships.Where(m => m.AccountId == account.Id && m.Roles != Role.None).Select(m => m.OrganisationId).ToListAsync(ct);
        var organisationId = memberships.Count == 1 ? memberships[0] : 0;
        var session = await SignInSessions.StartAsync(db, account, http, now, ct);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, CurrentUser.Principal(account, organisationId, session, ssoCouncil));
        if (organisationId == 0 && memberships.Count > 1)
            return new LocalRedirectResult("/organisation?returnUrl=" + Uri.EscapeDataString(returnUrl));
        return new LocalRedirectResult(returnUrl);
    }

    private string SafeReturnUrl() => !string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/";
}
