namespace Steward.Domain;

/// <summary>Whether a budget line is revenue (day-to-day spending, net of income) or capital (schemes).</summary>
public enum BudgetKind
{
    Revenue = 0,
    Capital = 1,
}

/// <summary>The unit a council's finance tables print money in: £m to three places (seed 004) or £k whole.</summary>
public enum MoneyUnit
{
    Millions = 0,
    Thousands = 1,
}

/// <summary>
/// The arithmetic of budget monitoring as councils report it (seed 004, Table 1: current budget, forecast out-turn,
/// forecast variance, in £m; Table 3: reserves' opening balance, forecast closing balance, planned change). Amounts are
/// pounds, exact to the penny; budgets are net, so income lines are negative ("Grants (0.500)").
/// </summary>
public static class BudgetRules
{
    /// <summary>Forecast out-turn minus current budget, in pounds: positive is an overspend (adverse), negative an underspend.</summary>
    public static decimal Variance(decimal budget, decimal forecast) => forecast - budget;

    /// <summary>Whether a variance (forecast − budget) is adverse: spending more, or collecting less income, than budgeted.</summary>
    public static bool IsAdverse(decimal variance) => variance > 0;

    /// <summary>
    /// The variance as a percentage of the current budget (of its size, so an income line's shortfall is positive too),
    /// to one place, half away from zero; null for a line with no budget.
    /// </summary>
    public static decimal? VariancePercent(decimal budget, decimal forecast) =>
        budget == 0 ? null : Math.Round(Variance(budget, forecast) / Math.Abs(budget) * 100m, 1, MidpointRounding.AwayFromZero);

    /// <summary>
    /// Whether a variance (forecast − budget, pounds) must be explained, and is exception <c>budget</c> for the indicators
    /// linked to its line: it is adverse and passes the council's threshold (pounds, zero or more), strictly.
    /// </summary>
    public static bool NeedsCommentary(decimal variance, decimal threshold) => IsAdverse(variance) && variance > threshold;

    /// <summary>
    /// A line's figures as at a month: the last reported in that month's financial year up to the month (so a line
    /// finance skipped one month keeps its last forecast), or null when none was reported in the year yet.
    /// </summary>
    public static BudgetFigure? AsAt(IEnumerable<BudgetFigure> figures, Period month)
    {
        var first = new Period(month.FinancialYear, Period.FinancialYearStartMonth);
        BudgetFigure? best = null;
        foreach (var f in figures)
            if (f.Month >= first && f.Month <= month && (best is not { } b || f.Month > b.Month)) best = f;
        return best;
    }

    /// <summary>A reserve's planned change over the year: forecast closing balance minus opening balance (negative is a use).</summary>
    public static decimal Change(decimal opening, decimal forecastClosing) => forecastClosing - opening;

    /// <summary>
    /// The financial period (P1–P12) a month is, counting from April (<see cref="Period.FinancialYearStartMonth"/>):
    /// April is P1, September P6, March P12.
    /// </summary>
    public static int FinancialPeriod(Period month) => (month.Month - Period.FinancialYearStartMonth + 12) % 12 + 1;
}
