using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Steward.Common;
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
    public List<SavingRow> Savings { get; private set; } = [];
    public List<(CapitalScheme Scheme, string Committee, IReadOnlyList<CapitalProfile> Years)> Capital { get; private set; } = [];
    public string? Error { get; private set; }
    public Organisation Organisation { get; private set; } = null!;

    /// <summary>Every committee's lines, with the council's totals ("all" chosen).</summary>
    public bool AllCommittees { get; private set; }

    public async Task OnGetAsync(string? committee, string? period) => await LoadAsync(committee, period);

    /// <summary>The tables shown, as a workbook: a sheet of budget lines and one of reserves, money in pounds (numbers, not text).</summary>
    public async Task<IActionResult> OnGetWorkbookAsync(string? committee, string? period)
    {
        await LoadAsync(committee, period);
        if (Month is not { } m || Committee is null && !AllCommittees) return NotFound();
        static SheetCell Pounds(decimal p) => new(Show.Money(p), p, "£#,##0.00;[Red]-£#,##0.00");
        var lines = Lines.Select(l => (IReadOnlyList<SheetCell>)[l.Committee, l.Service, l.Line.Name, l.Line.Kind == BudgetKind.Capital ? "Capital" : "Revenue",
            Show.Month(l.ReportedFor), Pounds(l.Budget), Pounds(l.Forecast), Pounds(l.Variance), l.Commentary]).ToList();
        var reserves = Reserves.Select(r => (IReadOnlyList<SheetCell>)[r.Committee, r.Reserve.Name, Show.Month(r.ReportedFor), Pounds(r.Opening), Pounds(r.ForecastClosing), Pounds(r.Change)]).ToList();
        var name = AllCommittees ? "all committees" : Committee!.Value.Name;
        return File(Xlsx.Write($"{Organisation.Name}: {name}, budget as at {PeriodLabel(m)}",
            [
                new Sheet("Budget", ["Committee", "Service", "Line", "Kind", "Reported for", "Current budget (£)", "Forecast out-turn (£)", "Forecast variance (£)", "Commentary"], lines),
                new Sheet("Reserves", ["Committee", "Reserve", "Reported for", "Balance at 1 April (£)", "Forecast balance at 31 March (£)", "Planned change (£)"], reserves),
            ]), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            $"{Organisation.Code}-budget-{(AllCommittees ? "all" : Committee!.Value.Code)}-{m}.xlsx".ToLowerInvariant());
    }

    private async Task LoadAsync(string? committee, string? period)
    {
        var org = Organisation = user.RequireOrganisation();
        var ct = HttpContext.RequestAborted;
        Committees = (await db.Committees.Select(c => new { c.Id, c.Code, c.Name }).ToListAsync(ct))
            .Select(c => (c.Id, c.Code, c.Name)).OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        AllCommittees = string.Equals(committee, "all", StringComparison.OrdinalIgnoreCase);
        // The committee asked for, else the first with budget lines.
        var withLines = await db.BudgetLines.Select(l => l.CommitteeId).Distinct().ToListAsync(ct);
        Committee = AllCommittees ? null
            : Committees.Where(c => string.Equals(c.Code, committee, StringComparison.OrdinalIgnoreCase)).Cast<(int, string, string)?>().FirstOrDefault()
              ?? Committees.Where(c => withLines.Contains(c.Id)).Cast<(int, string, string)?>().FirstOrDefault();
        if (!string.IsNullOrWhiteSpace(period) && !Period.TryParse(period, out _)) Error = "Enter the month as YYYY-MM, like 2017-09";
        // The month asked for, else the latest month finance reported for.
        Month = Period.TryParse(period, out var asked) ? asked
            : await db.BudgetForecasts.Select(f => (Period?)f.Period).MaxAsync(ct) ?? await Performance.ReportingPeriodAsync(db, org, ct);
        if (Committee is null && !AllCommittees || Month is not { } m) return;
        Lines = await FinanceTables.BudgetAsync(db, m, Committee?.Id, ct);
        Reserves = await FinanceTables.ReservesAsync(db, m, Committee?.Id, ct);
        Capital = await FinanceTables.CapitalAsync(db, m, Committee?.Id, ct);
        Savings = await FinanceTables.SavingsAsync(db, m, Committee?.Id, ct);
    }

    /// <summary>"Period 6 (September 2017)": the financial period and its month.</summary>
    public static string PeriodLabel(Period month) => $"Period {BudgetRules.FinancialPeriod(month)} ({Common.Show.Month(month)})";
}
