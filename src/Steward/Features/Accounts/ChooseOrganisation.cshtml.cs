using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Steward.Web;

namespace Steward.Features.Accounts;

/// <summary>Picks the organisation the user acts for; it is shown in the header on every page.</summary>
[NoOrganisationRequired]
public class ChooseOrganisationModel(CurrentUser user) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    [BindProperty] public int? Organisation { get; set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        var membership = user.Memberships.FirstOrDefault(m => m.OrganisationId == Organisation);
        if (membership is null)
        {
            ModelState.AddModelError("organisation", "Select the organisation you are working for");
            return Page();
        }
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, CurrentUser.Principal(user.Account!, membership.OrganisationId, user.SessionKey!, user.SsoCouncil));
        return LocalRedirect(!string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
    }
}
