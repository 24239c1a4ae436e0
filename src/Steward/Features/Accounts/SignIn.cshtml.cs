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
public class SignInModel(StewardDb db, CurrentUser user, TimeProvider clock) : PageModel
{
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public IActionResult OnGet() => user.IsSignedIn ? LocalRedirect(SafeReturnUrl()) : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(Email)) ModelState.AddModelError("email", "Enter your email address");
        if (string.IsNullOrEmpty(Password)) ModelState.AddModelError("password", "Enter your password");
        if (!ModelState.IsValid) return Page();

        var key = Account.Normalise(Email!);
        var account = await db.Accounts.Include(a => a.Memberships).SingleOrDefaultAsync(a => a.NormalisedEmail == key);
        var now = clock.GetUtcNow().UtcDateTime;
        var outcome = await AccountManager.CheckPasswordAsync(db, account, Password!, now, HttpContext.RequestAborted);
        db.Actor = key;
        db.Channel = "web";
        if (account is not null)
        {
            db.Record(outcome switch
            {
                AccountManager.SignInOutcome.Success => "sign-in",
                AccountManager.SignInOutcome.LockedOut => "sign-in-locked",
                _ => "sign-in-failed",
            }, nameof(Account), account.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), account.Email, null, organisationId: 0);
            await db.SaveChangesAsync();
        }

        switch (outcome)
        {
            case AccountManager.SignInOutcome.LockedOut:
                ModelState.AddModelError("email", $"Too many failed attempts: this account is locked. Try again in {(int)AccountManager.LockoutDuration.TotalMinutes} minutes, or ask an administrator.");
                return Page();
            case AccountManager.SignInOutcome.Failed:
                ModelState.AddModelError("email", "Enter a correct email address and password");
                return Page();
        }

        var memberships = account!.Memberships.Where(m => m.Roles != Role.None).ToList();
        var organisationId = memberships.Count == 1 ? memberships[0].OrganisationId : 0;
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, CurrentUser.Principal(account, organisationId));
        if (organisationId == 0 && memberships.Count > 1)
            return LocalRedirect("/organisation?returnUrl=" + Uri.EscapeDataString(SafeReturnUrl()));
        return LocalRedirect(SafeReturnUrl());
    }

    private string SafeReturnUrl() => !string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/";
}
