namespace Steward.Domain;

/// <summary>
/// Where a result or a risk review is in its cycle: entered (draft), submitted, approved (signed off),
/// or returned to be fixed.
/// </summary>
public enum ApprovalStatus
{
    Draft = 0,
    Submitted = 1,
    Approved = 2,
    /// <summary>Sent back by the approver with a comment; the updater fixes and submits again.</summary>
    Returned = 3,
}

public enum ApprovalAction
{
    SaveDraft,
    Submit,
    Approve,
    Return,
}

/// <summary>
/// What the acting person is, for one indicator or risk: one who enters (an indicator's updater, a risk's
/// owner), one who approves (signs off), one of the performance and risk team.
/// </summary>
public readonly record struct Actor(string Identity, bool IsUpdater, bool IsApprover, bool IsPerformanceOfficer);

/// <summary>The words for what goes through the cycle, so messages speak of results or of reviews.</summary>
public sealed record ApprovalSubject(string Thing, string Item, string Enterers, string Enter, string Approve, string Approved, string Enterer)
{
    public static readonly ApprovalSubject Result = new("indicator", "result", "updaters", "enter its results", "approve", "approved", "updater");
    public static readonly ApprovalSubject RiskReview = new("risk", "review", "owners", "review it", "sign off", "signed off", "risk owner");
    public static readonly ApprovalSubject HighlightReport = new("project", "highlight report", "manager", "report on it", "approve", "approved", "project manager");
}

/// <summary>
/// The approval cycle as a pure function: who may do what, and the state it leads to. Those assigned to
/// enter (or the performance team) enter; approvers assigned to the indicator or risk approve or return,
/// never their own submission. Editing an approved result re-opens it.
/// </summary>
public static class ApprovalWorkflow
{
    public static bool CanEnter(Actor actor) => actor.IsUpdater || actor.IsPerformanceOfficer;

    /// <summary>An approver's decision as the approval pages post it; null for anything else (never taken as an approval).</summary>
    public static ApprovalAction? Decision(string? posted) => posted switch
    {
        "approve" => ApprovalAction.Approve,
        "return" => ApprovalAction.Return,
        _ => null,
    };

    /// <summary>Null when allowed, else why not.</summary>
    public static string? Refusal(ApprovalAction action, ApprovalStatus? state, Actor actor, string? submittedBy, string? comment = null,
        ApprovalSubject? subject = null)
    {
        var s = subject ?? ApprovalSubject.Result;
        return action switch
        {
            ApprovalAction.SaveDraft or ApprovalAction.Submit when !CanEnter(actor) =>
                $"only the {s.Thing}'s {s.Enterers} or the performance team can {s.Enter}",
            ApprovalAction.SaveDraft or ApprovalAction.Submit => null,
            ApprovalAction.Approve or ApprovalAction.Return when !actor.IsApprover =>
                $"only the {s.Thing}'s approvers can {s.Approve} or return its {s.Item}s",
            ApprovalAction.Approve or ApprovalAction.Return when state != ApprovalStatus.Submitted =>
                $"only a submitted {s.Item} can be {s.Approved} or returned",
            ApprovalAction.Approve or ApprovalAction.Return when string.Equals(submittedBy, actor.Identity, StringComparison.OrdinalIgnoreCase) =>
                $"you submitted this {s.Item}, so someone else must {s.Approve} it",
            ApprovalAction.Return when string.IsNullOrWhiteSpace(comment) =>
                $"say why the {s.Item} is returned, so the {s.Enterer} can fix it",
            _ => null,
        };
    }

    public static ApprovalStatus After(ApprovalAction action) => action switch
    {
        ApprovalAction.SaveDraft => ApprovalStatus.Draft,
        ApprovalAction.Submit => ApprovalStatus.Submitted,
        ApprovalAction.Approve => ApprovalStatus.Approved,
        ApprovalAction.Return => ApprovalStatus.Returned,
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };
}

public static class ApprovalStatusNames
{
    public static string Title(this ApprovalStatus status) => status switch
    {
        ApprovalStatus.Draft => "Draft",
        ApprovalStatus.Submitted => "Submitted",
        ApprovalStatus.Approved => "Approved",
        ApprovalStatus.Returned => "Returned",
        _ => status.ToString(),
    };
}
