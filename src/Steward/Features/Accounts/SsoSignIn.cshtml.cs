using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Features.Organisations;
using Steward.Web;

namespace Steward.Features.Accounts;

/// <summary>
/// Signing in with a council's identity provider (<see cref="SingleSignOn"/>): sends the person to the provider, then
/// takes its answer — a verified e-mail address that is a Steward account holding roles in that council — and signs
/// them in as a password would, with a session of their own. Anything else is refused in one set of words.
/// </summary>
[AllowAnonymous]
[NoOrganisationRequired]
public class SsoSignInModel(StewardDb db, TimeProvider clock, IAuthenticationSchemeProvider schemes) : PageModel
{
    /// <summary>The challenge's note of the council it was for, carried through the provider in protected state.</summary>
    private const string CouncilItem = "steward:council";

    public const string Refused = "Your council's sign-in did not give an e-mail address that has a Steward account in this council. Ask your Steward administrator.";

    public string? Error { get; private set; }

    private async Task<Organisation?> CouncilAsync(string code)
    {
        var key = Organisation.NormaliseCode(code);
        var organisation = await db.Organisations.AsNoTracking().SingleOrDefaultAsync(o => o.Code == key, HttpContext.RequestAborted);
        return organisation is not null && SingleSignOn.IsOn(organisation) ? organisation : null;
    }

    /// <summary>Sends the person to the council's identity provider.</summary>
    public async Task<IActionResult> OnGetAsync(string code, string? returnUrl)
    {
        if (await CouncilAsync(code) is not { } organisation) return NotFound();
        await SingleSignOn.EnsureSchemeAsync(schemes, organisation);
        var done = $"/sign-in/sso/{organisation.Code.ToLowerInvariant()}/done" + (Url.IsLocalUrl(returnUrl) ? $"?returnUrl={Uri.EscapeDataString(returnUrl)}" : "");
        var properties = new AuthenticationProperties { RedirectUri = done };
        properties.Items[CouncilItem] = organisation.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Challenge(properties, SingleSignOn.SchemeName(organisation));
    }

    /// <summary>Takes the provider's answer and signs the person in.</summary>
    public async Task<IActionResult> OnGetDoneAsync(string code, string? returnUrl)
    {
        var ct = HttpContext.RequestAborted;
        if (await CouncilAsync(code) is not { } organisation) return NotFound();
        var external = await HttpContext.AuthenticateAsync(SingleSignOn.ExternalScheme);
        await HttpContext.SignOutAsync(SingleSignOn.ExternalScheme);
        // The answer must be to this council's own challenge: another council's provider cannot vouch for people here.
        if (!external.Succeeded || external.Properties?.Items.TryGetValue(CouncilItem, out var council) != true
            || council != organisation.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))
            return Redirect("/sign-in?sso=failed");
        var principal = external.Principal!;
        var email = principal.FindFirstValue("email");
        var verified = principal.FindFirstValue("email_verified") is { } v && v.Equals("true", StringComparison.OrdinalIgnoreCase);
        var now = clock.GetUtcNow().UtcDateTime;
        Account? account = null;
        if (email is not null && verified)
        {
            var key = Account.Normalise(email);
            account = await db.Accounts.SingleOrDefaultAsync(a => a.NormalisedEmail == key && a.DeactivatedAt == null
                && a.Memberships.Any(m => m.OrganisationId == organisation.Id && m.Roles != Role.None), ct);
        }
        db.Actor = email is null ? "(no e-mail)" : Account.Normalise(email);
        db.Channel = "web";
        db.Record(account is null ? "sso-sign-in-refused" : "sso-sign-in", nameof(Account), account?.Id.ToString(), email, new { issuer = principal.FindFirstValue("iss"), verified },
            organisationId: account is null ? organisation.Id : 0);
        if (account is not null) account.LastSignInAt = now;
        await db.SaveChangesAsync(ct);
        if (account is null)
        {
            Error = Refused;
            return Page();
        }
        return await SignInModel.FinishAsync(HttpContext, db, account, now, Url.IsLocalUrl(returnUrl) ? returnUrl : "/", ct, ssoCouncil: organisation.Id);
    }
}
