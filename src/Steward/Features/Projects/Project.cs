using Steward.Data;
using Steward.Domain;
using Steward.Features.Organisations;

namespace Steward.Features.Projects;

/// <summary>
/// A programme and the board that oversees it ("Future Dacorum Transformation programme", seed 002: "All directorates
/// have programme boards in place to ensure critical oversight of all our key projects").
/// </summary>
public class Programme : IOrganisationOwned, IVersioned, IAuditLabelled, ICoded
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }

    /// <summary>Short code ("FDT"): letters, digits and _ . - / only, up to 32, unique in the council case-insensitively.</summary>
    public required string Code { get; set; }

    /// <summary><see cref="Code"/> upper-cased: the unique key.</summary>
    public required string CodeKey { get; set; }

    public required string Name { get; set; }

    /// <summary>The programme board that oversees its projects ("Place Programme Board").</summary>
    public string? Board { get; set; }

    public int? DirectorateId { get; set; }
    public Directorate? Directorate { get; set; }

    /// <summary>The risk register its projects' registers sit under, made with the first of them.</summary>
    public int? RegisterId { get; set; }

    public int Version { get; set; }

    public string AuditLabel => $"programme {Code}";
}

/// <summary>
/// A project on the PMO register: what it is, who sponsors and manages it, where it is in its life, and the corporate
/// priorities it serves. Its baselines say what was approved; its monthly highlight reports say how it is going.
/// </summary>
public class Project : IOrganisationOwned, IVersioned, IAuditLabelled, ICoded
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }

    /// <summary>Short code ("PRJ-014"): letters, digits and _ . - / only, up to 32, unique in the council case-insensitively.</summary>
    public required string Code { get; set; }

    /// <summary><see cref="Code"/> upper-cased: the unique key.</summary>
    public required string CodeKey { get; set; }

    public required string Name { get; set; }
    public string? Description { get; set; }

    public int? ProgrammeId { get; set; }
    public Programme? Programme { get; set; }

    public int? DirectorateId { get; set; }
    public Directorate? Directorate { get; set; }

    /// <summary>The senior responsible owner, who approves its highlight reports.</summary>
    public int? SponsorId { get; set; }
    public Person? Sponsor { get; set; }

    /// <summary>The project manager, who writes its highlight reports.</summary>
    public int? ManagerId { get; set; }
    public Person? Manager { get; set; }

    public ProjectStage Stage { get; set; }

    /// <summary>The corporate priorities it serves, as the council words them, separated by semicolons.</summary>
    public string? Priorities { get; set; }

    public List<ProjectBaseline> Baselines { get; set; } = [];

    /// <summary>The project's own risk register (under its programme's), on the council's matrix and review cycle; null until opened.</summary>
    public int? RegisterId { get; set; }

    public int Version { get; set; }

    public string AuditLabel => $"project {Code}";

    /// <summary>The key of a code as typed: trimmed and upper-cased.</summary>
    public static string Key(string code) => code.Trim().ToUpperInvariant();
}

/// <summary>
/// A baseline: the start and end dates, capital and revenue budget (pounds, exact to the penny) and key milestones a
/// project was approved with. The first is approved once; a re-baseline is another, numbered on, with its reason.
/// Every baseline is kept, so the current one can be compared with the original.
/// </summary>
public class ProjectBaseline : IOrganisationOwned, IAuditLabelled
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public int ProjectId { get; set; }
    public Project? Project { get; set; }

    /// <summary>1 for the original baseline, 2 for the first re-baseline, …</summary>
    public int Number { get; set; }

    public DateOnly Start { get; set; }
    public DateOnly End { get; set; }
    public decimal CapitalBudget { get; set; }
    public decimal RevenueBudget { get; set; }

    /// <summary>Why the project was re-baselined; required for every baseline after the first.</summary>
    public string? Reason { get; set; }

    /// <summary>Who approved it (a person's name, as the board minuted it) and when.</summary>
    public string? ApprovedBy { get; set; }
    public DateOnly ApprovedOn { get; set; }

    public List<BaselineMilestone> Milestones { get; set; } = [];

    /// <summary>The plan variance is measured against.</summary>
    public ProjectPlan Plan => new(Start, End, CapitalBudget + RevenueBudget);

    public string AuditLabel => $"baseline {Number} of project {Project?.Code ?? ProjectId.ToString()}";
}

/// <summary>A key milestone of a baseline and the date it was planned for.</summary>
public class BaselineMilestone : IOrganisationOwned, IAuditLabelled
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public int BaselineId { get; set; }
    public required string Name { get; set; }
    public DateOnly Date { get; set; }

    public string AuditLabel => $"milestone {Name}";
}

/// <summary>
/// A project manager's monthly highlight report: RAG for overall, time, cost, scope and quality, each with its reason;
/// the forecast end date and cost (pounds) set against the baseline; issues, decisions needed and next month's plan.
/// It goes through the same approval cycle as a result: the manager submits, the sponsor approves or returns it.
/// </summary>
public class HighlightReport : IOrganisationOwned, IVersioned, IAuditLabelled
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public int ProjectId { get; set; }
    public Project? Project { get; set; }

    /// <summary>The month reported on.</summary>
    public Period Period { get; set; }

    public Rag Overall { get; set; }
    public string? OverallReason { get; set; }
    public Rag Time { get; set; }
    public string? TimeReason { get; set; }
    public Rag Cost { get; set; }
    public string? CostReason { get; set; }
    public Rag Scope { get; set; }
    public string? ScopeReason { get; set; }
    public Rag Quality { get; set; }
    public string? QualityReason { get; set; }

    public DateOnly? ForecastEnd { get; set; }
    public decimal? ForecastCost { get; set; }

    public string? Issues { get; set; }
    public string? Decisions { get; set; }
    public string? NextPeriod { get; set; }

    /// <summary>The key milestones' forecast and actual dates as this report gives them.</summary>
    public List<MilestoneProgress> Milestones { get; set; } = [];

    public ApprovalStatus Status { get; set; }
    public string? SubmittedBy { get; set; }
    public DateTime? SubmittedAt { get; set; }
    public string? ApprovedBy { get; set; }
    public DateTime? ApprovedAt { get; set; }
    public string? ApproverComment { get; set; }

    public int Version { get; set; }

    public string AuditLabel => $"highlight report {Project?.Code ?? ProjectId.ToString()} {Period}";
}

/// <summary>
/// A key milestone of the baseline in force as a highlight report gives it: the date now forecast and the date it was
/// achieved (each optional). Kept per report, so each month's forecast stays on record.
/// </summary>
public class MilestoneProgress : IOrganisationOwned, IAuditLabelled
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public int ReportId { get; set; }
    public int MilestoneId { get; set; }
    public BaselineMilestone? Milestone { get; set; }
    public DateOnly? Forecast { get; set; }
    public DateOnly? Actual { get; set; }

    public string AuditLabel => $"milestone {Milestone?.Name ?? MilestoneId.ToString()}";
}

/// <summary>A gate a project passes at a programme board ("Gate 5: Adults go live"), with its acceptance criteria and decisions.</summary>
public class ProjectGate : IOrganisationOwned, IVersioned, IAuditLabelled
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public int ProjectId { get; set; }
    public Project? Project { get; set; }

    /// <summary>1, 2, … in the order the project meets them.</summary>
    public int Number { get; set; }
    public required string Name { get; set; }
    public DateOnly? Planned { get; set; }

    public List<GateCriterion> Criteria { get; set; } = [];
    public List<GateDecision> Decisions { get; set; } = [];

    public int Version { get; set; }

    public string AuditLabel => $"gate {Number} of project {Project?.Code ?? ProjectId.ToString()}";
}

/// <summary>An acceptance criterion of a gate: what must be true, who answers for it, where it stands and the evidence.</summary>
public class GateCriterion : IOrganisationOwned, IVersioned, IAuditLabelled
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public int GateId { get; set; }
    public required string Description { get; set; }
    public string? Owner { get; set; }
    public CriterionStatus Status { get; set; }

    /// <summary>Why it was waived; required when it is.</summary>
    public string? WaiverReason { get; set; }

    /// <summary>Where the evidence is: a document's name or address.</summary>
    public string? Evidence { get; set; }

    public int Version { get; set; }

    public string AuditLabel => $"criterion {Description}";
}

/// <summary>
/// A board's decision at a gate: go, no go or go on conditions, who recorded it and when, and every criterion as it
/// stood at that moment (<see cref="Snapshot"/>, JSON), so later changes to the criteria never rewrite the record.
/// </summary>
public class GateDecision : IOrganisationOwned, IAuditLabelled
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public int GateId { get; set; }
    public GateDecisionKind Decision { get; set; }
    public string? Conditions { get; set; }
    public required string DecidedBy { get; set; }
    public DateTime DecidedAt { get; set; }

    /// <summary>JSON: [{ "description", "owner", "status", "waiverReason", "evidence" }] in the criteria's order.</summary>
    public required string Snapshot { get; set; }

    public string AuditLabel => $"gate decision {Decision}";
}

/// <summary>
/// A change request against a project's baseline (raised by its manager or the performance team): what changes, its
/// impact on scope, time (days) and cost (pounds), and the decision the sponsor or the board records.
/// </summary>
public class ChangeRequest : IOrganisationOwned, IVersioned, IAuditLabelled
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public int ProjectId { get; set; }
    public Project? Project { get; set; }

    /// <summary>1, 2, … in the order raised on the project.</summary>
    public int Number { get; set; }
    public required string Title { get; set; }
    public string? Description { get; set; }
    public DateOnly RaisedOn { get; set; }
    public required string RaisedBy { get; set; }

    /// <summary>What it adds to or takes from the scope; null for none.</summary>
    public string? ScopeImpact { get; set; }

    /// <summary>Calendar days it moves the end by (negative: earlier); null for none.</summary>
    public int? TimeImpactDays { get; set; }

    /// <summary>Pounds it adds to the cost (negative: saves); null for none.</summary>
    public decimal? CostImpact { get; set; }

    public ChangeStatus Status { get; set; }
    public string? DecidedBy { get; set; }
    public DateTime? DecidedAt { get; set; }
    public string? DecisionNote { get; set; }

    public int Version { get; set; }

    public string AuditLabel => $"change request {Number} of project {Project?.Code ?? ProjectId.ToString()}";
}

/// <summary>A project that needs another's output ("the CRM system needs the new devices"), and by when.</summary>
public class ProjectDependency : IOrganisationOwned, IAuditLabelled
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }

    /// <summary>The project that depends.</summary>
    public int ProjectId { get; set; }
    public Project? Project { get; set; }

    /// <summary>The project it depends on.</summary>
    public int DependsOnId { get; set; }
    public Project? DependsOn { get; set; }

    public required string Description { get; set; }
    public DateOnly? NeededBy { get; set; }

    public string AuditLabel => $"dependency of project {Project?.Code ?? ProjectId.ToString()} on {DependsOn?.Code ?? DependsOnId.ToString()}";
}

/// <summary>
/// A project's closure report: when it ended and what it cost (pounds), set against the baseline in force; what it
/// delivered and the lessons learned. One per project; benefits go on being tracked after it.
/// </summary>
public class ProjectClosure : IOrganisationOwned, IVersioned, IAuditLabelled
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public int ProjectId { get; set; }
    public Project? Project { get; set; }

    public DateOnly ActualEnd { get; set; }
    public decimal? FinalCost { get; set; }
    public required string Delivered { get; set; }
    public string? Lessons { get; set; }
    public required string WrittenBy { get; set; }
    public DateTime WrittenAt { get; set; }

    public int Version { get; set; }

    public string AuditLabel => $"closure report of project {Project?.Code ?? ProjectId.ToString()}";
}

/// <summary>
/// A benefit a project is to deliver: what, how it is measured (and in what unit), its baseline value and target by a
/// date, and optionally the indicator that tracks it; measurements record what has been realised, before and after closure.
/// </summary>
public class ProjectBenefit : IOrganisationOwned, IVersioned, IAuditLabelled
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public int ProjectId { get; set; }
    public Project? Project { get; set; }

    public required string Description { get; set; }

    /// <summary>How it is measured, with its unit ("Calls to the contact centre a month").</summary>
    public required string Measure { get; set; }
    public decimal? BaselineValue { get; set; }
    public decimal? TargetValue { get; set; }
    public DateOnly? TargetDate { get; set; }

    /// <summary>The indicator that tracks it, whose approved results are its realised values.</summary>
    public int? IndicatorId { get; set; }
    public Indicators.Indicator? Indicator { get; set; }

    public List<BenefitMeasurement> Measurements { get; set; } = [];

    public int Version { get; set; }

    public string AuditLabel => $"benefit {Description}";
}

/// <summary>A value of a benefit's measure on a date, as realised.</summary>
public class BenefitMeasurement : IOrganisationOwned, IAuditLabelled
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public int BenefitId { get; set; }
    public DateOnly MeasuredOn { get; set; }
    public decimal Value { get; set; }
    public string? Note { get; set; }

    public string AuditLabel => $"benefit measurement {MeasuredOn:yyyy-MM-dd}";
}
