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
public class PeopleModel(StewardDb db, CurrentUser user) : PageModel
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

    public string Link(int page) => PageAddress.Of("/manage/people", ("q", Q), ("pg", PageAddress.PageNumber(page)));

    /// <summary>Where the account stands in this council, in words.</summary>
    public static string Status(Membership m) =>
        m.Account!.DeactivatedAt is not null ? "Deactivated"
        : m.Roles == Role.None ? "Removed from this council"
        : m.Account.PasswordHash is null ? "Invited"
        : "Active";
}
