using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Web;

namespace Steward.Features.Indicators.Manage;

/// <summary>
/// The council's indicators for those who manage the framework: current ones first, then retired, each in code order,
/// a page at a time, optionally those whose code or name contains some text. Only the page's indicators are loaded
/// with their service and people.
/// </summary>
public class ListModel(StewardDb db, CurrentUser user) : PageModel
{
    public const int PageSize = 50;

    public string OrganisationName => user.RequireOrganisation().Name;

    public List<Indicator> Indicators { get; private set; } = [];
    public int IndicatorCount { get; private set; }
    public int PageCount => Math.Max(1, (IndicatorCount + PageSize - 1) / PageSize);

    [BindProperty(SupportsGet = true, Name = "q")] public string? Q { get; set; }
    [BindProperty(SupportsGet = true, Name = "pg")] public int PageNumber { get; set; } = 1;

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        var query = db.Indicators.AsQueryable();
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var t = Q.Trim().ToLowerInvariant();
            query = query.Where(i => i.CodeKey.ToLower().Contains(t) || i.Name.ToLower().Contains(t));
        }
        // Ordinal code order is the same on every database, so it is applied here to the ids and codes alone.
        var all = (await query.Select(i => new { i.Id, i.Code, i.Retired }).ToListAsync(ct))
            .OrderBy(i => i.Retired).ThenBy(i => i.Code, StringComparer.Ordinal).ToList();
        IndicatorCount = all.Count;
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        var ids = all.Skip((PageNumber - 1) * PageSize).Take(PageSize).Select(i => i.Id).ToList();
        var page = (await db.Indicators.Where(i => ids.Contains(i.Id)).Include(i => i.Service).Include(i => i.Assignments).ThenInclude(a => a.Person)
            .AsSplitQuery().AsNoTracking().ToListAsync(ct)).ToDictionary(i => i.Id);
        Indicators = ids.Select(id => page[id]).ToList();
    }

    /// <summary>This page's address with its search, at page <paramref name="page"/>.</summary>
    public string Link(int page) => PageAddress.Of("/manage/indicators", ("q", Q), ("pg", PageAddress.PageNumber(page)));

    public string Names(Indicator i, AssignmentRole role) =>
        i.Assignments.Where(a => a.Role == role).Select(a => a.Person!.Name).Order(StringComparer.Ordinal).ToList() is { Count: > 0 } names
            ? string.Join(", ", names) : "None";
}
