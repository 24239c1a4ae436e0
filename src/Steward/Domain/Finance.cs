namespace Steward.Domain;

/// <summary>Whether a budget line is revenue (day-to-day spending, net of income) or capital (schemes).</summary>
public enum BudgetKind
{
    Revenue = 0,
    Capital = 1,
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

    /// <summary>A reserve's planned change over the year: forecast closing balance minus opening balance (negative is a use).</summary>
    public static decimal Change(decimal opening, decimal forecastClosing) => forecastClosing - opening;

    /// <summary>
    /// The financial period (P1–P12) a month is, counting from April (<see cref="Period.FinancialYearStartMonth"/>):
    /// April is P1, September P6, March P12.
    /// </summary>
    public static int FinancialPeriod(Period month) => (month.Month - Period.FinancialYearStartMonth + 12) % 12 + 1;
}
