using Steward.Data;
using Steward.Domain;
using Steward.Features.Committees;
using Steward.Features.Organisations;

namespace Steward.Features.Finance;

/// <summary>
/// A line of a committee's budget, under one of its services ("Technical Programme" under Information Management
/// Technology, seed 004 Table 1), revenue or capital. Its figures are kept per month, so every forecast stays.
/// </summary>
public class BudgetLine : IPerformanceData, IAuditLabelled
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public int CommitteeId { get; set; }
    public Committee? Committee { get; set; }
    public int ServiceId { get; set; }
    public Service? Service { get; set; }
    public required string Name { get; set; }
    public BudgetKind Kind { get; set; }

    /// <summary>Where the line comes in its committee's table: the order finance first gave the lines in.</summary>
    public int Position { get; set; }

    public string AuditLabel => $"budget line {Name}";
}

/// <summary>
/// A budget line's figures as finance reported them for one month (P1–P12 of the financial year): the current budget,
/// the forecast out-turn for the year and, optionally, the actual spend to date, in pounds exact to the penny.
/// </summary>
public class BudgetForecast : IPerformanceData, IAuditLabelled
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public int LineId { get; set; }
    public BudgetLine? Line { get; set; }

    /// <summary>The month reported (September 2017 is P6 of 2017/18).</summary>
    public Period Period { get; set; }

    public decimal Budget { get; set; }
    public decimal Forecast { get; set; }
    public decimal? Actual { get; set; }

    /// <summary>Finance's explanation of the variance.</summary>
    public string? Commentary { get; set; }

    public string AuditLabel => $"budget forecast {Period}";
}

/// <summary>An earmarked reserve or provision a committee holds ("Better Broadband for Norfolk", seed 004 Table 3).</summary>
public class Reserve : IOrganisationOwned, IAuditLabelled
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public int CommitteeId { get; set; }
    public Committee? Committee { get; set; }
    public required string Name { get; set; }
    public int Position { get; set; }

    public string AuditLabel => $"reserve {Name}";
}

/// <summary>A reserve's balance at the start of the financial year and its forecast balance at the end, as reported for one month.</summary>
public class ReserveForecast : IOrganisationOwned, IAuditLabelled
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public int ReserveId { get; set; }
    public Reserve? Reserve { get; set; }
    public Period Period { get; set; }
    public decimal Opening { get; set; }
    public decimal ForecastClosing { get; set; }

    public string AuditLabel => $"reserve forecast {Period}";
}

/// <summary>
/// An indicator whose performance bears on a budget line ("adversely affecting the council's ability to achieve its
/// budget", seed 004): the indicator is exception <c>budget</c> when the line's adverse variance passes the council's
/// threshold. Budget lines are kept as performance data, so a forecast or a link changes the council's figures.
/// </summary>
public class IndicatorBudgetLink : IPerformanceData, IAuditLabelled
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public int IndicatorId { get; set; }
    public Indicators.Indicator? Indicator { get; set; }
    public int LineId { get; set; }
    public BudgetLine? Line { get; set; }

    public string AuditLabel => $"budget link {Indicator?.Code ?? "#" + IndicatorId} → {Line?.Name ?? "#" + LineId}";
}

/// <summary>
/// A capital scheme in a committee's capital programme ("Device refresh … rolling programme", seed 004 Table 2), with its
/// profile by financial year.
/// </summary>
public class CapitalScheme : IOrganisationOwned, IAuditLabelled
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public int CommitteeId { get; set; }
    public Committee? Committee { get; set; }
    public required string Name { get; set; }

    /// <summary>Where the scheme comes in its committee's table: the order it was first given in.</summary>
    public int Position { get; set; }

    public List<CapitalProfile> Years { get; set; } = [];

    public string AuditLabel => $"capital scheme {Name}";
}

/// <summary>
/// A capital scheme's year: the amount profiled (planned) for that financial year and, as the year goes, the forecast
/// spend and the actual to date, in pounds exact to the penny.
/// </summary>
public class CapitalProfile : IOrganisationOwned, IAuditLabelled
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public int SchemeId { get; set; }
    public CapitalScheme? Scheme { get; set; }

    /// <summary>The financial year (2018 is 2018/19).</summary>
    public int Year { get; set; }

    public decimal Planned { get; set; }
    public decimal? Forecast { get; set; }
    public decimal? Actual { get; set; }

    public string AuditLabel => $"capital profile {Scheme?.Name ?? "#" + SchemeId} {Period.FinancialYearLabel(Year)}";
}

/// <summary>
/// An agreed saving in the budget: the line it comes from, the amount to be saved in a financial year (pounds, positive),
/// and its owner. Finance reports its delivery each month (<see cref="SavingForecast"/>).
/// </summary>
public class Saving : IOrganisationOwned, IAuditLabelled
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public int LineId { get; set; }
    public BudgetLine? Line { get; set; }
    public required string Name { get; set; }

    /// <summary>The financial year it is to be saved in (2017 is 2017/18).</summary>
    public int Year { get; set; }

    public decimal Amount { get; set; }
    public int? OwnerId { get; set; }
    public Person? Owner { get; set; }

    public string AuditLabel => $"saving {Name} {Period.FinancialYearLabel(Year)}";
}

/// <summary>A saving's delivery as reported for one month: its RAG and the amount forecast to be saved in the year, in pounds.</summary>
public class SavingForecast : IOrganisationOwned, IAuditLabelled
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public int SavingId { get; set; }
    public Saving? Saving { get; set; }
    public Period Period { get; set; }
    public Rag Rag { get; set; }
    public decimal Forecast { get; set; }
    public string? Commentary { get; set; }

    public string AuditLabel => $"saving forecast {Saving?.Name ?? "#" + SavingId} {Period}";
}
