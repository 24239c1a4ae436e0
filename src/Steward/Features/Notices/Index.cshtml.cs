using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Web;

namespace Steward.Features.Notices;

/// <summary>
/// The signed-in person's notices in the council they act for, newest first, 25 a page (pages go back by the last notice
/// shown); marking them all read. <c>/notices/{id}</c> opens one — the link every e-mail carries: it marks it read,
/// switches to its council if it is another of the person's, and goes to what it is about.
/// </summary>
[NoOrganisationRequired]
public class IndexModel(StewardDb db, CurrentUser user, TimeProvider clock) : PageModel
{
    public const int PageSize = 25;

    /// <summary>Show notices older than this one (its id); null for the newest.</summary>
    [BindProperty(SupportsGet = true)] public long? Before { get; set; }

    public List<Notice> Items { get; private set; } = [];
    public bool More { get; private set; }
    public int Unread { get; private set; }
    public bool MarkedRead { get; private set; }

    public async Task<IActionResult> OnGetAsync(long? id, bool read)
    {
        if (id is { } one) return await OpenAsync(one);
        if (!user.HasOrganisation) return LocalRedirect("/organisation?returnUrl=/notices");
        var ct = HttpContext.RequestAborted;
        var mine = Mine();
        var rows = await (Before is { } before ? mine.Where(n => n.Id < before) : mine).OrderByDescending(n => n.Id).Take(PageSize + 1)
            .AsNoTracking().ToListAsync(ct);
        More = rows.Count > PageSize;
        Items = rows.Take(PageSize).ToList();
        Unread = await UnreadAsync(db, user, ct);
        MarkedRead = read;
        return Page();
    }

    /// <summary>Marks every unread notice of the person in this council read.</summary>
    public async Task<IActionResult> OnPostReadAllAsync()
    {
        if (!user.HasOrganisation) return LocalRedirect("/organisation?returnUrl=/notices");
        var now = clock.GetUtcNow().UtcDateTime;
        await Mine().Where(n => n.ReadAt == null).ExecuteUpdateAsync(u => u.SetProperty(n => n.ReadAt, now), HttpContext.RequestAborted);
        return LocalRedirect("/notices?read=true");
    }

    /// <summary>How many of the signed-in person's notices in the council they act for are unread, up to 100 (an index seek).</summary>
    public static Task<int> UnreadAsync(StewardDb db, CurrentUser user, CancellationToken ct = default) =>
        user is { Account: { } a, HasOrganisation: true }
            ? db.Notices.Where(n => n.AccountId == a.Id && n.ReadAt == null).OrderBy(n => n.Id).Take(100).CountAsync(ct)
            : Task.FromResult(0);

    private IQueryable<Notice> Mine()
    {
        var account = user.Account!.Id;
        return db.Notices.Where(n => n.AccountId == account);
    }

    private async Task<IActionResult> OpenAsync(long id)
    {
        var ct = HttpContext.RequestAborted;
        var account = user.Account!.Id;
        // Any of the person's councils: a notice is theirs, whichever council they act for now.
        var notice = await db.Notices.IgnoreQueryFilters().AsNoTracking().SingleOrDefaultAsync(n => n.Id == id && n.AccountId == account, ct);
        if (notice is null || user.Memberships.All(m => m.OrganisationId != notice.OrganisationId)) return NotFound();
        if (notice.OrganisationId != user.Organisation?.Id)
        {
            // Signed in through a council's identity provider: that council only.
            if (user.SsoCouncil is { } sso && sso != notice.OrganisationId) return Forbid();
            await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
                CurrentUser.Principal(user.Account!, notice.OrganisationId, user.SessionKey!, user.SsoCouncil));
        }
        if (notice.ReadAt is null)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            await db.Notices.IgnoreQueryFilters().Where(n => n.Id == id && n.ReadAt == null).ExecuteUpdateAsync(u => u.SetProperty(n => n.ReadAt, now), ct);
        }
        return LocalRedirect(notice.Link);
    }
}
