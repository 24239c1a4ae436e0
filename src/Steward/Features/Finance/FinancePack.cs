using Steward.Common;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Committees;
using Steward.Features.Organisations;
using Steward.Features.Reports;

namespace Steward.Features.Finance;

/// <summary>
/// The report pack's finance section, as the committee's finance monitoring report gives it (seed 004): the revenue
/// budget line by line with forecast out-turn and variance as at the quarter's last month (Table 1), capital lines, the
/// lines whose overspend passes the council's threshold with finance's commentary, reserves (Table 3) and the capital
/// programme by year (Table 2), with the savings programme's delivery, in the
/// council's unit (£m or £k) with negatives in brackets.
/// </summary>
public static class FinancePack
{
    /// <summary>
    /// The section's blocks as at <paramref name="p"/>, for <paramref name="committee"/>'s budget (every committee's for the
    /// council's pack), or null when it has no budget figures in that financial year. Reads what the finance page reads.
    /// </summary>
    public static async Task<List<PackBlock>?> BlocksAsync(StewardDb db, Organisation organisation, Committee? committee, Period p, int section, CancellationToken ct = default)
    {
        var lines = await FinanceTables.BudgetAsync(db, p, committee?.Id, ct);
        var reserves = await FinanceTables.ReservesAsync(db, p, committee?.Id, ct);
        var capital = await FinanceTables.CapitalAsync(db, p, committee?.Id, ct);
        var savings = await FinanceTables.SavingsAsync(db, p, committee?.Id, ct);
        if (lines.Count == 0 && reserves.Count == 0 && capital.Count == 0 && savings.Count == 0) return null;
        var unit = organisation.MoneyUnit;
        var heading = Show.UnitHeading(unit);
        PackCell Money(decimal pounds) => new(Show.InUnit(pounds, unit), Number: pounds, Format: "£#,##0.00;[Red](£#,##0.00)");
        var asAt = $"as at {IndexModel.PeriodLabel(p)} of {Period.FinancialYearLabel(p.FinancialYear)}";
        var blocks = new List<PackBlock>();
        var revenue = lines.Where(l => l.Line.Kind == BudgetKind.Revenue).ToList();
        var number = 0;
        if (revenue.Count > 0)
        {
            var variance = revenue.Sum(l => l.Variance);
            var position = Show.InUnit(variance, unit) == Show.InUnit(0, unit) ? "a balanced budget"
                : variance > 0 ? $"an overspend of {Show.Amount(variance, unit)}" : $"an underspend of {Show.Amount(variance, unit)}";
            blocks.Add(new PackParagraph($"The net revenue budget is {Show.Amount(revenue.Sum(l => l.Budget), unit)} and the forecast out-turn " +
                $"{Show.Amount(revenue.Sum(l => l.Forecast), unit)}, {asAt}: {position}. A positive variance is an overspend; figures in brackets are negative.",
                $"{section}.{++number}"));
        }
        foreach (var kind in new[] { BudgetKind.Revenue, BudgetKind.Capital })
        {
            var rows = lines.Where(l => l.Line.Kind == kind).ToList();
            if (rows.Count == 0) continue;
            var table = rows.Select(l => (IReadOnlyList<PackCell>)[new PackCell(l.Service, RowHeader: true), l.Line.Name, Money(l.Budget), Money(l.Forecast), Money(l.Variance)]).ToList();
            table.Add([new PackCell("Total", RowHeader: true), "", Money(rows.Sum(l => l.Budget)), Money(rows.Sum(l => l.Forecast)), Money(rows.Sum(l => l.Variance))]);
            blocks.Add(new PackTable($"{(kind == BudgetKind.Revenue ? "Net revenue budget" : "Capital programme")}: forecast out-turn {asAt} ({heading})",
                [new("Service", Width: 3), new("Line", Width: 3), new("Current budget", Numeric: true, Width: 2), new("Forecast out-turn", Numeric: true, Width: 2),
                 new("Forecast variance", Numeric: true, Width: 2)], table));
        }
        var explained = lines.Where(l => BudgetRules.NeedsCommentary(l.Variance, organisation.BudgetVarianceThreshold)).ToList();
        if (lines.Count > 0)
            blocks.Add(new PackParagraph(explained.Count == 0
                ? $"No line is forecast to overspend by more than {Show.Money(organisation.BudgetVarianceThreshold)}."
                : $"{Show.Count(explained.Count, "line")} {(explained.Count == 1 ? "is" : "are")} forecast to overspend by more than {Show.Money(organisation.BudgetVarianceThreshold)}:", $"{section}.{++number}"));
        if (explained.Count > 0)
            blocks.Add(new PackList(explained.Select(l => $"{l.Line.Name} ({l.Service}), {Show.Amount(l.Variance, unit)} over: {l.Commentary ?? "no commentary given"}").ToList()));
        if (savings.Count > 0)
        {
            var table = savings.Select(x => (IReadOnlyList<PackCell>)[new PackCell(x.Saving.Name, RowHeader: true), x.Saving.Line!.Name, x.Saving.Owner?.Name ?? "Not set",
                x.Delivery is { } d ? new PackCell(Show.Rag(d.Rag), d.Rag) : "Not reported", Money(x.Saving.Amount),
                x.Delivery is { } f ? Money(f.Forecast) : "", x.Shortfall is { } sf ? Money(sf) : ""]).ToList();
            table.Add([new PackCell("Total", RowHeader: true), "", "", "", Money(savings.Sum(x => x.Saving.Amount)), Money(savings.Sum(x => x.Delivery?.Forecast ?? 0)),
                Money(savings.Sum(x => x.Shortfall ?? 0))]);
            blocks.Add(new PackTable($"Savings {Period.FinancialYearLabel(p.FinancialYear)}: delivery {asAt} ({heading})",
                [new("Saving", Width: 3), new("Line", Width: 2), new("Owner", Width: 2), new("Delivery"), new("Agreed", Numeric: true), new("Forecast", Numeric: true),
                 new("Shortfall", Numeric: true)], table));
        }
        if (reserves.Count > 0)
        {
            var table = reserves.Select(r => (IReadOnlyList<PackCell>)[new PackCell(r.Reserve.Name, RowHeader: true), Money(r.Opening), Money(r.ForecastClosing), Money(r.Change)]).ToList();
            table.Add([new PackCell("Total", RowHeader: true), Money(reserves.Sum(r => r.Opening)), Money(reserves.Sum(r => r.ForecastClosing)), Money(reserves.Sum(r => r.Change))]);
            blocks.Add(new PackTable($"Reserves and provisions {Period.FinancialYearLabel(p.FinancialYear)} ({heading})",
                [new("Reserve", Width: 4), new("Balance at 1 April", Numeric: true, Width: 2), new("Forecast balance at 31 March", Numeric: true, Width: 2),
                 new("Planned change", Numeric: true, Width: 2)], table));
        }
        if (capital.Count > 0)
        {
            var years = capital.SelectMany(x => x.Years.Select(y => y.Year)).Distinct().Order().ToList();
            var table = capital.Select(x => (IReadOnlyList<PackCell>)[new PackCell(x.Scheme.Name, RowHeader: true),
                .. years.Select(y => x.Years.FirstOrDefault(v => v.Year == y) is { } v ? Money(v.Planned) : new PackCell(""))]).ToList();
            table.Add([new PackCell("Total", RowHeader: true), .. years.Select(y => Money(capital.Sum(x => x.Years.Where(v => v.Year == y).Sum(v => v.Planned))))]);
            blocks.Add(new PackTable($"Capital programme by year: amounts profiled ({heading})",
                [new("Scheme", Width: 4), .. years.Select(y => new PackColumn(Period.FinancialYearLabel(y), Numeric: true, Width: 2))], table));
        }
        return blocks;
    }
}
