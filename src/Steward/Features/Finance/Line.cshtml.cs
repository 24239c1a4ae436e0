using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Organisations;
using Steward.Web;

namespace Steward.Features.Finance;

/// <summary>
/// One budget line's forecasts month by month through a financial year (the history of forecasts finance reported:
/// P6's out-turn beside P5's and P7's), with the variance each time and the commentary. Reads one line and at most
/// twelve months.
/// </summary>
public class LineModel(StewardDb db, CurrentUser user, TimeProvider clock) : PageModel
{
    public BudgetLine Line { get; private set; } = null!;
    public Organisation Organisation { get; private set; } = null!;
    public int Year { get; private set; }
    public List<BudgetForecast> Months { get; private set; } = [];

    /// <summary>The financial years the line has figures in, latest first, to move between them.</summary>
    public List<int> Years { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, int? year)
    {
        Organisation = user.RequireOrganisation();
        var ct = HttpContext.RequestAborted;
        if (await db.BudgetLines.AsNoTracking().Include(l => l.Committee).Include(l => l.Service).SingleOrDefaultAsync(l => l.Id == id, ct) is not { } line) return NotFound();
        Line = line;
        var first = await db.BudgetForecasts.Where(f => f.LineId == id).MinAsync(f => (Period?)f.Period, ct);
        var last = await db.BudgetForecasts.Where(f => f.LineId == id).MaxAsync(f => (Period?)f.Period, ct);
        if (first is { } a && last is { } b) Years = Enumerable.Range(a.FinancialYear, b.FinancialYear - a.FinancialYear + 1).Reverse().ToList();
        if (Years.Count == 0)
        {
            var today = Organisation.Today(clock);
            Year = new Period(today.Year, today.Month).FinancialYear;
            return Page();
        }
        Year = year is { } y && Years.Contains(y) ? y : Years[0];
        var (from, to) = (new Period(Year, Period.FinancialYearStartMonth), new Period(Year, Period.FinancialYearStartMonth).AddMonths(11));
        Months = await db.BudgetForecasts.AsNoTracking().Where(f => f.LineId == id && f.Period >= from && f.Period <= to).OrderBy(f => f.Period).ToListAsync(ct);
        return Page();
    }
}
