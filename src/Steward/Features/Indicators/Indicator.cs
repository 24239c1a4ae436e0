using Steward.Data;
using Steward.Domain;
using Steward.Features.Organisations;

namespace Steward.Features.Indicators;

/// <summary>A performance indicator ("KPI", "vital sign").</summary>
public partial class Indicator : IPerformanceData, IVersioned, ICoded
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }

    /// <summary>As the organisation writes it ("CS02a").</summary>
    public required string Code { get; set; }

    /// <summary>Upper-case code: unique within the organisation, so codes differing only in case are the same indicator.</summary>
    public required string CodeKey { get; set; }

    public required string Name { get; set; }
    public string? Description { get; set; }

    public int? ServiceId { get; set; }
    public Service? Service { get; set; }
    public int? ThemeId { get; set; }
    public Theme? Theme { get; set; }
    public int? LeadOfficerId { get; set; }
    public Person? LeadOfficer { get; set; }
    public int? DataOwnerId { get; set; }
    public Person? DataOwner { get; set; }

    public Frequency Frequency { get; set; }
    public Unit Unit { get; set; }
    public Polarity Polarity { get; set; }

    /// <summary>Reported for information: no target, no RAG, never an exception.</summary>
    public bool InfoOnly { get; set; }

    /// <summary>Year-to-date figures that reset each April.</summary>
    public bool Cumulative { get; set; }

    /// <summary>Amber tolerance in % of target; null = the organisation's default.</summary>
    public decimal? Tolerance { get; set; }

    public int Decimals { get; set; } = 2;

    /// <summary>What a numerator / denominator is multiplied by (1, 100, 1000, 10000 or 100000); null = the unit's own (100 for percent, else 1).</summary>
    public int? Multiplier { get; set; }

    /// <summary>
    /// Computed from the complaints log: at each period's end its result is entered from the log and submitted for approval
    /// (<see cref="Complaints.ComplaintFeed"/>). Null: entered or imported as any other.
    /// </summary>
    public ComplaintMeasure? ComplaintMeasure { get; set; }

    /// <summary>The multiplier in force for this indicator's fractions (see <see cref="Multipliers"/>).</summary>
    public int FractionMultiplier => Multipliers.Of(Unit, Multiplier);

    /// <summary>No longer collected: kept with its history, left out of current reports.</summary>
    public bool Retired { get; set; }

    /// <summary>The first period data is collected for; before it the dashboard shows "no data expected". Null: from the first result or target.</summary>
    public Period? FirstPeriod { get; set; }

    public List<Assignment> Assignments { get; set; } = [];

    public int Version { get; set; }

    public static string Key(string code) => code.Trim().ToUpperInvariant();

    /// <summary>Letters, digits and _ . - / only, starting with a letter or digit, up to 64 characters ("CS02a", "PP_R011").</summary>
    public static bool IsValidCode(string code) => CodePattern().IsMatch(code);

    [System.Text.RegularExpressions.GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.\-/]{0,63}$")]
    private static partial System.Text.RegularExpressions.Regex CodePattern();

    // Setting a reference to null must clear the key too: the navigation may not have been loaded.
    public void SetService(Service? s) { Service = s; if (s is null) ServiceId = null; }
    public void SetTheme(Theme? t) { Theme = t; if (t is null) ThemeId = null; }
    public void SetLeadOfficer(Person? p) { LeadOfficer = p; if (p is null) LeadOfficerId = null; }
    public void SetDataOwner(Person? p) { DataOwner = p; if (p is null) DataOwnerId = null; }

    public decimal EffectiveTolerance(Organisation organisation) => Tolerance ?? organisation.DefaultTolerance;

    public IndicatorProfile Profile(decimal organisationTolerance) =>
        new(Frequency, Polarity, InfoOnly, Cumulative, Tolerance ?? organisationTolerance);

    /// <summary>The RAG of one value against its target by this indicator's rules: None for info-only, no target or no value.</summary>
    public Rag Rate(decimal? value, decimal? target, Organisation organisation) =>
        !InfoOnly && value is { } v && target is { } t ? RagRules.Rate(v, t, Polarity, EffectiveTolerance(organisation)) : Rag.None;
}

/// <summary>
/// An indicator's target for one period (a profiled target). It applies to that period only, and overrides the
/// indicator's annual target for that period.
/// </summary>
public class Target : IPerformanceData, IAuditLabelled
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public int IndicatorId { get; set; }
    public Indicator? Indicator { get; set; }
    public Period Period { get; set; }
    public decimal Value { get; set; }

    public string AuditLabel => $"target {Indicator?.Code ?? "#" + IndicatorId} {Period}";
}

/// <summary>
/// An indicator's target for a financial year: it applies to each period of that year (April to March) that has no
/// target of its own (see <see cref="Target"/>).
/// </summary>
public class AnnualTarget : IPerformanceData, IAuditLabelled
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public int IndicatorId { get; set; }
    public Indicator? Indicator { get; set; }

    /// <summary>The calendar year in which the financial year starts: 2017 is 2017/18.</summary>
    public int FinancialYear { get; set; }

    public decimal Value { get; set; }

    public string AuditLabel => $"target {Indicator?.Code ?? "#" + IndicatorId} {Period.FinancialYearLabel(FinancialYear)}";
}

/// <summary>An indicator's result for one period, as entered and approved.</summary>
public class Result : IPerformanceData, IVersioned, IAuditLabelled
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public int IndicatorId { get; set; }
    public Indicator? Indicator { get; set; }
    public Period Period { get; set; }

    /// <summary>The value at full precision: as entered, or derived from the fraction. Null is "no data" (0 / 0).</summary>
    public decimal? Value { get; set; }
    public decimal? Numerator { get; set; }
    public decimal? Denominator { get; set; }

    public ApprovalStatus Status { get; set; }
    public string? UpdaterComment { get; set; }
    public string? ApproverComment { get; set; }

    /// <summary>Who last entered or changed the figures (normalised email, or the CLI identity).</summary>
    public string? EnteredBy { get; set; }
    public DateTime? EnteredAt { get; set; }
    public string? SubmittedBy { get; set; }
    public DateTime? SubmittedAt { get; set; }
    public string? ApprovedBy { get; set; }
    public DateTime? ApprovedAt { get; set; }

    public int Version { get; set; }

    /// <summary>
    /// Whether the result carries figures: a value or a fraction (0 / 0 is "no data", a figure all the same). Without them it
    /// is a comment only ("Q1 figures yet to be confirmed", imported from a council's file): the result is not in yet.
    /// </summary>
    public bool HasFigures => Value is not null || Numerator is not null;

    public string AuditLabel => $"result {Indicator?.Code ?? "#" + IndicatorId} {Period}";
}

public enum AssignmentRole
{
    Updater = 1,
    Approver = 2,
}

/// <summary>A person who enters (updater) or signs off (approver) an indicator's results.</summary>
public class Assignment : IPerformanceData
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public int IndicatorId { get; set; }
    public Indicator? Indicator { get; set; }
    public int PersonId { get; set; }
    public Person? Person { get; set; }
    public AssignmentRole Role { get; set; }
}

public enum ActionStatus
{
    Open = 0,
    Done = 1,
}

/// <summary>An improvement action recorded against an indicator (on its report card).</summary>
public class IndicatorAction : IOrganisationOwned, IVersioned, IAuditLabelled
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public int IndicatorId { get; set; }
    public Indicator? Indicator { get; set; }
    public required string Description { get; set; }
    public string? Owner { get; set; }
    public DateOnly? DueDate { get; set; }
    public ActionStatus Status { get; set; }
    public string? Progress { get; set; }
    public DateTime CreatedAt { get; set; }
    public int Version { get; set; }

    public string AuditLabel => $"action on {Indicator?.Code ?? "#" + IndicatorId}";
}
