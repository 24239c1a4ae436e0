using Steward.Data;
using Steward.Domain;
using Steward.Features.Indicators;
using Steward.Features.Organisations;

namespace Steward.Features.Risks;

/// <summary>A band of the organisation's matrix: green, amber, red, or one it names, with a colour.</summary>
public class RiskBand : IOrganisationOwned
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public required string Name { get; set; }

    /// <summary>#rrggbb.</summary>
    public required string Colour { get; set; }

    /// <summary>Severity order, lowest first.</summary>
    public int Rank { get; set; }
}

public enum RiskAxis
{
    Likelihood = 1,
    Impact = 2,
}

/// <summary>A level of the matrix on one axis, with its label ("4 Very Likely", "4 Severe").</summary>
public class RiskLevel : IOrganisationOwned
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public RiskAxis Axis { get; set; }
    public int Level { get; set; }
    public required string Label { get; set; }
}

/// <summary>One cell of the matrix and its band.</summary>
public class RiskMatrixCell : IOrganisationOwned, IAuditLabelled
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public int Likelihood { get; set; }
    public int Impact { get; set; }
    public int BandId { get; set; }
    public RiskBand? Band { get; set; }

    public string AuditLabel => $"matrix cell {Likelihood}×{Impact}";
}

/// <summary>A risk register: corporate → directorate → service / operational (and project registers later).</summary>
public class RiskRegister : IPerformanceData
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public required string Name { get; set; }
    public int? ParentId { get; set; }
    public RiskRegister? Parent { get; set; }

    /// <summary>
    /// Part of the council's corporate register: its risks are corporate risks, and the indicators linked to them are
    /// exception <c>corporate_risk</c> while one is reported by exception. A register at the top of the hierarchy is
    /// corporate when made; the risk team can change it.
    /// </summary>
    public bool Corporate { get; set; }

    /// <summary>The names from the root register down to this one (a register that is its own ancestor stops the walk).</summary>
    public static IReadOnlyList<string> Names(RiskRegister register, IReadOnlyDictionary<int, RiskRegister> all)
    {
        var names = new List<string>();
        var seen = new HashSet<int>();
        for (RiskRegister? r = register; r is not null && seen.Add(r.Id); r = r.ParentId is { } p && all.TryGetValue(p, out var parent) ? parent : null)
            names.Add(r.Name);
        names.Reverse();
        return names;
    }

    /// <summary>The path as the import and export files write it (the papers' "Risk Path"), leaf first: "Resources/Cambridgeshire County Council".</summary>
    public static string PathOf(RiskRegister register, IReadOnlyDictionary<int, RiskRegister> all) => string.Join("/", Names(register, all).Reverse());

    /// <summary>
    /// The path for people reading a page, root first: "Performance and Projects", "Corporate › Resources". A root register
    /// named as the organisation is left out when registers sit under it, since every page already names the council.
    /// </summary>
    public static string Describe(RiskRegister register, IReadOnlyDictionary<int, RiskRegister> all, string organisationName)
    {
        var names = Names(register, all);
        if (names.Count > 1 && string.Equals(names[0], organisationName, StringComparison.OrdinalIgnoreCase)) names = names.Skip(1).ToList();
        return string.Join(" › ", names);
    }
}

public class Risk : IPerformanceData, IVersioned, IAuditLabelled, ICoded
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }

    /// <summary>As the organisation writes it ("PP_R011", "RM010").</summary>
    public required string Code { get; set; }

    /// <summary>Upper-case code, unique in the organisation.</summary>
    public required string CodeKey { get; set; }

    public required string Title { get; set; }
    public string? Description { get; set; }
    public int RegisterId { get; set; }
    public RiskRegister? Register { get; set; }
    public string? Category { get; set; }
    public string? CorporatePriority { get; set; }
    public int? OwnerId { get; set; }
    public Person? Owner { get; set; }
    public int? PortfolioHolderId { get; set; }
    public Person? PortfolioHolder { get; set; }
    public Treatment? Treatment { get; set; }
    public string? Consequences { get; set; }
    public string? Triggers { get; set; }

    /// <summary>Likelihood factors (vulnerability).</summary>
    public string? LikelihoodFactors { get; set; }

    public int? InherentLikelihood { get; set; }
    public int? InherentImpact { get; set; }
    public int? ResidualLikelihood { get; set; }
    public int? ResidualImpact { get; set; }
    public int? TargetLikelihood { get; set; }
    public int? TargetImpact { get; set; }
    public DateOnly? TargetDate { get; set; }
    public Prospects? Prospects { get; set; }

    /// <summary>
    /// When the current (residual) score was signed off: the date of the review that published it (with its target, target
    /// date and prospects), or of the import or edit that changed it (those count as signed off). Null: never.
    /// </summary>
    public DateOnly? SignedOffOn { get; set; }

    /// <summary>The residual score signed off before the current one (at last quarter's review): what movement compares with.</summary>
    public int? PreviousLikelihood { get; set; }
    public int? PreviousImpact { get; set; }

    /// <summary>When the previous score was signed off.</summary>
    public DateOnly? PreviousSignedOffOn { get; set; }

    /// <summary>Part II (exempt) information: hidden from those not cleared, and from public report packs.</summary>
    public bool Exempt { get; set; }

    /// <summary>The paragraph of Schedule 12A to the Local Government Act 1972 that exempts it ("3").</summary>
    public string? ExemptionParagraph { get; set; }

    public bool Closed { get; set; }
    public DateOnly? ClosedOn { get; set; }
    public DateOnly? NextReviewDate { get; set; }
    public DateTime CreatedAt { get; set; }
    public int Version { get; set; }

    public List<RiskControl> Controls { get; set; } = [];
    public List<RiskAssurance> Assurances { get; set; } = [];
    public List<RiskAction> Actions { get; set; } = [];
    public List<RiskReview> Reviews { get; set; } = [];
    public List<RiskAssignment> Assignments { get; set; } = [];

    public RiskScore? Inherent => RiskScore.Of(InherentLikelihood, InherentImpact);
    public RiskScore? Residual => RiskScore.Of(ResidualLikelihood, ResidualImpact);
    public RiskScore? Target => RiskScore.Of(TargetLikelihood, TargetImpact);
    public RiskScore? Previous => RiskScore.Of(PreviousLikelihood, PreviousImpact);

    /// <summary>The movement of the current score since the score signed off before it (Dacorum's "previous").</summary>
    public Movement Movement => RiskRules.MovementOf(Residual, Previous);

    public string AuditLabel => Code;

    /// <summary>
    /// Publishes a signed-off review: its scores, target date and prospects become the risk's current position, and the
    /// residual score they replace becomes the previous one (so movement compares this quarter's sign-off with last
    /// quarter's). A review dated before the position already published (an old one signed off late) publishes nothing.
    /// </summary>
    public void Publish(RiskReview review)
    {
        if (!CanPublish(review)) return;
        (PreviousLikelihood, PreviousImpact, PreviousSignedOffOn) = (ResidualLikelihood, ResidualImpact, SignedOffOn);
        (ResidualLikelihood, ResidualImpact) = (review.ResidualLikelihood, review.ResidualImpact);
        (TargetLikelihood, TargetImpact, TargetDate, Prospects) = (review.TargetLikelihood, review.TargetImpact, review.TargetDate, review.Prospects);
        SignedOffOn = review.ReviewDate;
    }

    /// <summary>Whether signing <paramref name="review"/> off would publish it: it is not older than the position published now.</summary>
    public bool CanPublish(RiskReview review) => SignedOffOn is not { } on || review.ReviewDate >= on;

    /// <summary>
    /// Sets the current (residual) score outside a review: an import or the risk team's edit, which count as signed off
    /// on <paramref name="on"/>. When the score changes, the one it replaces becomes the previous score; an unchanged
    /// score changes nothing, so importing the same file twice keeps the movement.
    /// </summary>
    public void SetResidual(RiskScore? residual, DateOnly on)
    {
        if (residual == Residual) return;
        (PreviousLikelihood, PreviousImpact, PreviousSignedOffOn) = (ResidualLikelihood, ResidualImpact, SignedOffOn);
        (ResidualLikelihood, ResidualImpact) = (residual?.Likelihood, residual?.Impact);
        SignedOffOn = on;
    }

    public static string Key(string code) => code.Trim().ToUpperInvariant();
}

public class RiskControl : IOrganisationOwned, IAuditLabelled
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public int RiskId { get; set; }
    public Risk? Risk { get; set; }
    public required string Description { get; set; }
    public ControlAdequacy? Adequacy { get; set; }
    public int Order { get; set; }

    public string AuditLabel => $"control of {Risk?.Code ?? "#" + RiskId}";
}

/// <summary>Evidence the controls work; often a performance indicator, whose current RAG shows on the risk.</summary>
public class RiskAssurance : IPerformanceData, IAuditLabelled
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public int RiskId { get; set; }
    public Risk? Risk { get; set; }
    public required string Description { get; set; }
    public int? IndicatorId { get; set; }
    public Indicator? Indicator { get; set; }

    public string AuditLabel => $"assurance of {Risk?.Code ?? "#" + RiskId}";
}

public enum RiskActionStatus
{
    Open = 0,
    InProgress = 1,
    Completed = 2,
    Cancelled = 3,
}

public class RiskAction : IOrganisationOwned, IVersioned, IAuditLabelled
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public int RiskId { get; set; }
    public Risk? Risk { get; set; }
    public required string Description { get; set; }
    public string? Owner { get; set; }
    public DateOnly? TargetDate { get; set; }
    public RiskActionStatus Status { get; set; }
    public int? PercentComplete { get; set; }
    public string? Progress { get; set; }
    public DateOnly? CompletedOn { get; set; }
    public int Version { get; set; }

    public string AuditLabel => $"action on {Risk?.Code ?? "#" + RiskId}";
}

/// <summary>
/// A quarterly review: the owner's proposed scores, prospects and commentary, signed off by an approver
/// ("Sign Off Complete"). Only a signed-off review changes what the risk publishes (see <see cref="Risk.Publish"/>);
/// until then it is pending, seen by those in the review cycle. Every review is kept.
/// </summary>
public class RiskReview : IPerformanceData, IVersioned, IAuditLabelled
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public int RiskId { get; set; }
    public Risk? Risk { get; set; }
    public DateOnly ReviewDate { get; set; }

    /// <summary>The register the risk sat in at the review (risks move, and keep their history).</summary>
    public int? RegisterId { get; set; }

    public int? ResidualLikelihood { get; set; }
    public int? ResidualImpact { get; set; }
    public int? TargetLikelihood { get; set; }
    public int? TargetImpact { get; set; }
    public DateOnly? TargetDate { get; set; }
    public Prospects? Prospects { get; set; }
    public string? Commentary { get; set; }
    public ApprovalStatus Status { get; set; }
    public string? SubmittedBy { get; set; }
    public DateTime? SubmittedAt { get; set; }
    public string? SignedOffBy { get; set; }
    public DateTime? SignedOffAt { get; set; }
    public string? SignOffComment { get; set; }
    public int Version { get; set; }

    public RiskScore? Residual => RiskScore.Of(ResidualLikelihood, ResidualImpact);
    public RiskScore? Target => RiskScore.Of(TargetLikelihood, TargetImpact);
    public bool SignedOff => Status == ApprovalStatus.Approved;

    public string AuditLabel => $"review of {Risk?.Code ?? "#" + RiskId} {ReviewDate:yyyy-MM-dd}";
}

public enum RiskRole
{
    /// <summary>Reviews the risk each quarter (the owner, or someone acting for them).</summary>
    Reviewer = 1,
    /// <summary>Signs reviews off.</summary>
    Approver = 2,
}

public class RiskAssignment : IOrganisationOwned
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public int RiskId { get; set; }
    public Risk? Risk { get; set; }
    public int PersonId { get; set; }
    public Person? Person { get; set; }
    public RiskRole Role { get; set; }
}
