using Steward.Common;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Organisations;

namespace Steward.Features.Complaints;

/// <summary>
/// A complaint in the council's log: its reference, the service it is about, category and channel, each stage it reached
/// (stage 1, stage 2 on escalation, the Ombudsman), and what was learnt. The complainant's name and contact are optional,
/// shown only to complaint handlers, kept out of exports and audit entries, and removed after the council's retention
/// period (<see cref="ComplaintRules.AnonymiseOn"/>).
/// </summary>
public class Complaint : IOrganisationOwned, IVersioned, IAuditLabelled
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }

    /// <summary>The complaints system's reference ("COMP-2017-0412"), unique in the council.</summary>
    public required string Reference { get; set; }

    /// <summary>Upper-case reference, unique in the organisation.</summary>
    public required string ReferenceKey { get; set; }

    public int ServiceId { get; set; }
    public Service? Service { get; set; }

    /// <summary>What it is about, in the council's categories ("Missed collection", "Staff conduct").</summary>
    public string? Category { get; set; }

    /// <summary>How it came in ("Web form", "Email", "Telephone", "Letter", "In person").</summary>
    public string? Channel { get; set; }

    public string? Learning { get; set; }
    public string? ComplainantName { get; set; }
    public string? ComplainantContact { get; set; }

    /// <summary>When the complainant's details were removed (after the retention period).</summary>
    public DateOnly? AnonymisedOn { get; set; }

    public List<ComplaintStageRecord> Stages { get; set; } = [];
    public int Version { get; set; }

    public string AuditLabel => $"complaint {Reference}";

    public static string Key(string reference) => reference.Trim().ToUpperInvariant();

    /// <summary>The stage record at <paramref name="stage"/>, if the complaint reached it.</summary>
    public ComplaintStageRecord? At(ComplaintStage stage) => Stages.FirstOrDefault(s => s.Stage == stage);

    /// <summary>The furthest stage reached.</summary>
    public ComplaintStage CurrentStage => Stages.Count == 0 ? ComplaintStage.Stage1 : Stages.Max(s => s.Stage);
}

/// <summary>One stage of a complaint: when it was received at that stage, acknowledged and answered, any extension (with its reason) and the outcome.</summary>
public class ComplaintStageRecord : IOrganisationOwned, IAuditLabelled
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public int ComplaintId { get; set; }
    public Complaint? Complaint { get; set; }
    public ComplaintStage Stage { get; set; }

    /// <summary>Received at this stage: the complaint itself at stage 1, the request to escalate at stage 2, the Ombudsman's enquiry.</summary>
    public DateOnly Received { get; set; }

    public DateOnly? Acknowledged { get; set; }

    /// <summary>The response sent (the Ombudsman's decision at that stage).</summary>
    public DateOnly? Responded { get; set; }

    /// <summary>Working days added to the response time, told to the complainant with the reason.</summary>
    public int ExtensionDays { get; set; }

    public string? ExtensionReason { get; set; }
    public ComplaintOutcome? Outcome { get; set; }

    public string AuditLabel => $"complaint {Complaint?.Reference ?? "#" + ComplaintId} {Show.ComplaintStage(Stage).ToLowerInvariant()}";
}

/// <summary>
/// One section of the council's yearly self-assessment against the Complaint Handling Code: compliant or not, the
/// evidence, and commentary (what will change where it is not). Scrutinised by councillors with the annual report.
/// </summary>
public class SelfAssessment : IOrganisationOwned, IVersioned, IAuditLabelled
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }

    /// <summary>The financial year assessed (2017 is 2017/18).</summary>
    public int Year { get; set; }

    /// <summary>The section of the code, 1 to <see cref="CodeSections.All"/>'s count.</summary>
    public int Section { get; set; }

    public bool? Compliant { get; set; }
    public string? Evidence { get; set; }
    public string? Commentary { get; set; }
    public int Version { get; set; }

    public string AuditLabel => $"self-assessment {Period.FinancialYearLabel(Year)} section {Section}";
}

/// <summary>The sections of the Complaint Handling Code a self-assessment answers, in the code's order.</summary>
public static class CodeSections
{
    public static readonly IReadOnlyList<string> All =
    [
        "Definitions",
        "Exclusions",
        "Accessibility and awareness",
        "Complaint handling staff",
        "The complaint handling process",
        "Complaint stages",
        "Putting things right",
        "Self-assessment, reporting and compliance",
        "Scrutiny and oversight: continuous learning and improvement",
    ];
}
