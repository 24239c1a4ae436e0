using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Web;

namespace Steward.Features.Accounts;

/// <summary>
/// The council's accounts for its administrators: who holds which roles, who is invited but has not set a password,
/// who was removed, and when each last signed in; 50 a page, searchable by name or e-mail.
/// </summary>
[RequireRole(Role.Administrator)]
public class PeopleModel(StewardDb db, CurrentUser user, Microsoft.AspNetCore.DataProtection.IDataProtectionProvider protection) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true, Name = "pg")] public int PageNumber { get; set; } = 1;

    public List<Membership> Members { get; private set; } = [];
    public int Count { get; private set; }
    public int PageCount => Math.Max(1, (Count + PageSize - 1) / PageSize);

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        var organisationId = user.RequireOrganisation().Id;
        var query = db.Memberships.Where(m => m.OrganisationId == organisationId);
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var q = Q.Trim().ToLowerInvariant();
            query = query.Where(m => m.Account!.NormalisedEmail.Contains(q) || m.Account.DisplayName.ToLower().Contains(q));
        }
        Count = await query.CountAsync(ct);
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        Members = await query.Include(m => m.Account).OrderBy(m => m.Account!.DisplayName).ThenBy(m => m.AccountId)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize).AsNoTracking().ToListAsync(ct);
    }

    public TwoFactorRequirement Requirement => user.RequireOrganisation().TwoFactor;

    /// <summary>Sets who must sign in with a second factor in this council (audit-logged). People affected set it up at their next page.</summary>
    public async Task<IActionResult> OnPostTwoFactorAsync(TwoFactorRequirement requirement)
    {
        if (!Enum.IsDefined(requirement)) return BadRequest();
        var organisationId = user.RequireOrganisation().Id;
        var organisation = await db.Organisations.SingleAsync(o => o.Id == organisationId, HttpContext.RequestAborted);
        organisation.TwoFactor = requirement;
        await db.SaveChangesAsync(HttpContext.RequestAborted);
        return Redirect("/manage/people?saved=two-factor");
    }

    [BindProperty(SupportsGet = true, Name = "saved")] public string? Saved { get; set; }

    [BindProperty] public string? Authority { get; set; }
    [BindProperty] public string? ClientId { get; set; }
    [BindProperty] public string? ClientSecret { get; set; }
    [BindProperty] public bool TurnOff { get; set; }

    public Organisations.Organisation Council => user.RequireOrganisation();

    /// <summary>
    /// Sets up (or turns off) single sign-on through the council's OpenID Connect provider: its issuer address (https; plain
    /// http only on this machine), the client id Steward is registered with, and its secret (kept protected; left as it is
    /// when blank). The settings' version moves on, so every app server uses the new ones at once. Audit-logged, secret redacted.
    /// </summary>
    public async Task<IActionResult> OnPostSingleSignOnAsync()
    {
        var ct = HttpContext.RequestAborted;
        var organisationId = Council.Id;
        var organisation = await db.Organisations.SingleAsync(o => o.Id == organisationId, ct);
        if (TurnOff)
        {
            (organisation.SsoAuthority, organisation.SsoClientId, organisation.SsoClientSecret) = (null, null, null);
        }
        else
        {
            var authority = Authority?.Trim().TrimEnd('/') ?? "";
            if (!Uri.TryCreate(authority, UriKind.Absolute, out var uri) || !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)))
                ModelState.AddModelError("authority", "Enter the provider's issuer address, starting https:// (for Microsoft Entra ID: https://login.microsoftonline.com/<tenant id>/v2.0)");
            var clientId = ClientId?.Trim() ?? "";
            if (clientId.Length is 0 or > 200) ModelState.AddModelError("client-id", "Enter the client (application) id Steward is registered with, up to 200 characters");
            if (string.IsNullOrWhiteSpace(ClientSecret) && organisation.SsoClientSecret is null) ModelState.AddModelError("client-secret", "Enter the client secret");
            if (!ModelState.IsValid)
            {
                await OnGetAsync();
                return Page();
            }
            organisation.SsoAuthority = authority;
            organisation.SsoClientId = clientId;
            if (!string.IsNullOrWhiteSpace(ClientSecret)) organisation.SsoClientSecret = SingleSignOn.ProtectSecret(protection, ClientSecret.Trim());
        }
        organisation.SsoVersion++;
        await db.SaveChangesAsync(ct);
        return Redirect($"/manage/people?saved={(TurnOff ? "sso-off" : "sso")}");
    }

    public string? Error(string key) => ModelState[key]?.Errors.FirstOrDefault()?.ErrorMessage;

    public string Link(int page) => PageAddress.Of("/manage/people", ("q", Q), ("pg", PageAddress.PageNumber(page)));

    /// <summary>Where the account stands in this council, in words.</summary>
    public static string Status(Membership m) =>
        m.Account!.DeactivatedAt is not null ? "Deactivated"
        : m.Roles == Role.None ? "Removed from this council"
        : m.Account.PasswordHash is null ? "Invited"
        : "Active";
}
