using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Organisations;
using Steward.Features.Indicators;
using Steward.Web;

namespace Steward.Features.Finance;

/// <summary>
/// A committee's finance tables as at a month, as its monitoring report prints them (seed 004): the revenue budget by
/// service with forecast out-turn and variance, the capital lines likewise, and reserves with their planned change, in
/// £m with negatives in brackets. Everyone in the council reads them; they come from the finance import.
/// </summary>
public class IndexModel(StewardDb db, CurrentUser user) : PageModel
{
    public List<(int Id, string Code, string Name)> Committees { get; private set; } = [];
    public (int Id, string Code, string Name)? Committee { get; private set; }
    public Period? Month { get; private set; }
    public List<BudgetRow> Lines { get; private set; } = [];
    public List<ReserveRow> Reserves { get; private set; } = [];
    public string? Error { get; private set; }
    public Organisation Organisation { get; private set; } = null!;

    public async Task OnGetAsync(string? committee, string? period)
    {
        var org = Organisation = user.RequireOrganisation();
        var ct = HttpContext.RequestAborted;
        Committees = (await db.Committees.Select(c => new { c.Id, c.Code, c.Name }).ToListAsync(ct))
            .Select(c => (c.Id, c.Code, c.Name)).OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        // The committee asked for, else the first with budget lines.
        var withLines = await db.BudgetLines.Select(l => l.CommitteeId).Distinct().ToListAsync(ct);
        Committee = Committees.Where(c => string.Equals(c.Code, committee, StringComparison.OrdinalIgnoreCase)).Cast<(int, string, string)?>().FirstOrDefault()
                    ?? Committees.Where(c => withLines.Contains(c.Id)).Cast<(int, string, string)?>().FirstOrDefault();
        if (!string.IsNullOrWhiteSpace(period) && !Period.TryParse(period, out _)) Error = "Enter the month as YYYY-MM, like 2017-09";
        // The month asked for, else the latest month finance reported for.
        Month = Period.TryParse(period, out var asked) ? asked
            : await db.BudgetForecasts.Select(f => (Period?)f.Period).MaxAsync(ct) ?? await Performance.ReportingPeriodAsync(db, org, ct);
        if (Committee is not { } c || Month is not { } m) return;
        Lines = await FinanceTables.BudgetAsync(db, m, c.Id, ct);
        Reserves = await FinanceTables.ReservesAsync(db, m, c.Id, ct);
    }

    /// <summary>"Period 6 (September 2017)": the financial period and its month.</summary>
    public static string PeriodLabel(Period month) => $"Period {BudgetRules.FinancialPeriod(month)} ({Common.Show.Month(month)})";
}
