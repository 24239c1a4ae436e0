using Microsoft.AspNetCore.Mvc.RazorPages;
using Steward.Data;
using Steward.Features.Accounts;
using Steward.Web;

namespace Steward.Features.Indicators;

/// <summary>The performance team's chase list: results past their due date, by service and by person.</summary>
[RequireRole(Role.PerformanceOfficer, Role.Administrator)]
public class OverdueModel(StewardDb db, CurrentUser user, TimeProvider clock) : PageModel
{
    public List<DueItem> Overdue { get; private set; } = [];

    public IEnumerable<IGrouping<string, DueItem>> ByService =>
        Overdue.GroupBy(d => d.Indicator.Service?.Name ?? "No service").OrderBy(g => g.Key, StringComparer.Ordinal);

    public IEnumerable<(string Person, int Count)> ByPerson =>
        Overdue.SelectMany(d => d.Updaters.Count == 0 ? ["No updater assigned"] : d.Updaters.Select(p => p.Name))
            .GroupBy(n => n).Select(g => (g.Key, g.Count())).OrderByDescending(x => x.Item2).ThenBy(x => x.Key, StringComparer.Ordinal);

    public async Task OnGetAsync()
    {
        var org = user.RequireOrganisation();
        Overdue = (await DueResults.ListAsync(db, org, org.Today(clock))).Where(d => d.Overdue).ToList();
    }
}
