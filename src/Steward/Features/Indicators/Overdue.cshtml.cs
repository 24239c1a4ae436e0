using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Features.Accounts;
using Steward.Web;

namespace Steward.Features.Indicators;

/// <summary>
/// The performance team's chase list: results past their due date, counted by person and by service, and listed a page
/// at a time (all of them, or one person's or one service's). Only the listed page's indicators are loaded in full.
/// </summary>
[RequireRole(Role.PerformanceOfficer, Role.Administrator)]
public class OverdueModel(StewardDb db, CurrentUser user, TimeProvider clock, CouncilCache cache) : PageModel
{
    public const int PageSize = 100;
    /// <summary>The <c>person</c> or <c>service</c> setting for results with no updater or no service.</summary>
    public const string None = "none";

    /// <summary>A line of a count table: who or what, the setting that lists its results, and how many are overdue.</summary>
    public sealed record Tally(string Name, string Setting, int Count);

    public int OverdueCount { get; private set; }
    public List<Tally> ByPerson { get; private set; } = [];
    public List<Tally> ByService { get; private set; } = [];
    /// <summary>The listed page, grouped by service in name order, each group by due date.</summary>
    public List<IGrouping<string, DueItem>> Listed { get; private set; } = [];
    public int ListedCount { get; private set; }
    public int PageCount => Math.Max(1, (ListedCount + PageSize - 1) / PageSize);
    /// <summary>What the list is of: "all", a person's name or a service's.</summary>
    public string? ListedFor { get; private set; }

    [BindProperty(SupportsGet = true, Name = "person")] public string? Person { get; set; }
    [BindProperty(SupportsGet = true, Name = "service")] public string? Service { get; set; }
    [BindProperty(SupportsGet = true, Name = "pg")] public int PageNumber { get; set; } = 1;

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        var org = user.RequireOrganisation();
        var overdue = (await CouncilFigures.PendingAsync(cache, db, org, org.Today(clock), ct)).Where(d => d.Overdue).ToList();
        OverdueCount = overdue.Count;
        if (overdue.Count == 0) return;

        // Who updates and which service, for every current indicator: ids and names only.
        var updaters = (await db.Assignments.Where(a => a.Role == AssignmentRole.Updater && !a.Indicator!.Retired)
                .Select(a => new { a.IndicatorId, a.PersonId, a.Person!.Name }).ToListAsync(ct))
            .ToLookup(a => a.IndicatorId);
        var indicators = await db.Indicators.Where(i => !i.Retired)
            .Select(i => new { i.Id, i.Code, i.ServiceId, Service = i.Service != null ? i.Service.Name : null }).ToDictionaryAsync(i => i.Id, ct);
        string ServiceSetting(int indicatorId) => indicators[indicatorId].ServiceId?.ToString(CultureInfo.InvariantCulture) ?? None;

        ByPerson = overdue.SelectMany(d => updaters[d.IndicatorId].Any()
                ? updaters[d.IndicatorId].Select(u => (u.Name, Setting: u.PersonId.ToString(CultureInfo.InvariantCulture)))
                : [("No updater assigned", None)])
            .GroupBy(x => x).Select(g => new Tally(g.Key.Item1, g.Key.Item2, g.Count()))
            .OrderByDescending(t => t.Count).ThenBy(t => t.Name, StringComparer.Ordinal).ToList();
        ByService = overdue.GroupBy(d => ServiceSetting(d.IndicatorId))
            .Select(g => new Tally(indicators[g.First().IndicatorId].Service ?? "No service", g.Key, g.Count()))
            .OrderBy(t => t.Setting == None).ThenBy(t => t.Name, StringComparer.Ordinal).ToList();

        IEnumerable<DuePeriod> listed = overdue;
        if (Person is { Length: > 0 } person)
        {
            listed = listed.Where(d => person == None ? !updaters[d.IndicatorId].Any() : updaters[d.IndicatorId].Any(u => u.PersonId.ToString(CultureInfo.InvariantCulture) == person));
            ListedFor = ByPerson.FirstOrDefault(t => t.Setting == person)?.Name;
        }
        else if (Service is { Length: > 0 } service)
        {
            listed = listed.Where(d => ServiceSetting(d.IndicatorId) == service);
            ListedFor = ByService.FirstOrDefault(t => t.Setting == service)?.Name;
        }
        // In the order the list shows them: by service (none last), then due date and code.
        var ordered = listed.OrderBy(d => indicators[d.IndicatorId].Service, NoServiceLast).ThenBy(d => d.DueDate)
            .ThenBy(d => indicators[d.IndicatorId].Code, StringComparer.Ordinal).ThenBy(d => d.Period).ToList();
        ListedCount = ordered.Count;
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        var page = await DueResults.DescribeAsync(db, ordered.Skip((PageNumber - 1) * PageSize).Take(PageSize).ToList(), ct);
        Listed = page.GroupBy(d => d.Indicator.Service?.Name ?? "No service").OrderBy(g => g.Key == "No service" ? 1 : 0).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
    }

    private static readonly Comparer<string?> NoServiceLast = Comparer<string?>.Create((a, b) =>
        a is null ? (b is null ? 0 : 1) : b is null ? -1 : StringComparer.Ordinal.Compare(a, b));

    /// <summary>This page's address listing one person's or service's results (or all), at page <paramref name="page"/>.</summary>
    public string Link(string? person, string? service, int page = 1) =>
        PageAddress.Of("/overdue", ("person", person), ("service", service), ("pg", PageAddress.PageNumber(page)));
}
