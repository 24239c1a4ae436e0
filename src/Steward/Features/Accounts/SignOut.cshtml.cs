using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Steward.Data;
using Steward.Web;

namespace Steward.Features.Accounts;

/// <summary>Signing out is a POST (a link to GET asks to confirm), so another site cannot sign people out.</summary>
[AllowAnonymous]
[NoOrganisationRequired]
[BeforeTwoFactor]
public class SignOutModel(StewardDb db, CurrentUser user, TimeProvider clock) : PageModel
{
    public IActionResult OnGet() => User.Identity?.IsAuthenticated == true ? Page() : Redirect("/sign-in");

    /// <summary>Ends the session on the server (so a copy of its cookie signs nobody in) and removes the cookie.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        if (user.SessionKey is { } key) await SignInSessions.EndAsync(db, key, "signed out", clock.GetUtcNow().UtcDateTime, HttpContext.RequestAborted);
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Redirect("/sign-in");
    }
}
