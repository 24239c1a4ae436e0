namespace Steward.Domain;

/// <summary>Where a result is in its cycle: an updater enters and submits, an approver approves or returns.</summary>
public enum ResultStatus
{
    Draft = 0,
    Submitted = 1,
    Approved = 2,
    /// <summary>Sent back by the approver with a comment; the updater fixes and submits again.</summary>
    Returned = 3,
}

public enum ResultAction
{
    SaveDraft,
    Submit,
    Approve,
    Return,
}

/// <summary>What the acting person is, for one indicator.</summary>
public readonly record struct Actor(string Identity, bool IsUpdater, bool IsApprover, bool IsPerformanceOfficer);

/// <summary>
/// The result cycle as a pure function: who may do what, and the state it leads to. Updaters (or the
/// performance team) enter; approvers assigned to the indicator approve or return, never their own
/// submission. Editing an approved result re-opens it.
/// </summary>
public static class ResultWorkflow
{
    public static bool CanEnter(Actor actor) => actor.IsUpdater || actor.IsPerformanceOfficer;

    /// <summary>Null when allowed, else why not.</summary>
    public static string? Refusal(ResultAction action, ResultStatus? state, Actor actor, string? submittedBy, string? comment = null) => action switch
    {
        ResultAction.SaveDraft or ResultAction.Submit when !CanEnter(actor) =>
            "only the indicator's updaters or the performance team can enter its results",
        ResultAction.SaveDraft or ResultAction.Submit => null,
        ResultAction.Approve or ResultAction.Return when !actor.IsApprover =>
            "only the indicator's approvers can approve or return its results",
        ResultAction.Approve or ResultAction.Return when state != ResultStatus.Submitted =>
            "only a submitted result can be approved or returned",
        ResultAction.Approve or ResultAction.Return when string.Equals(submittedBy, actor.Identity, StringComparison.OrdinalIgnoreCase) =>
            "you submitted this result, so someone else must approve it",
        ResultAction.Return when string.IsNullOrWhiteSpace(comment) =>
            "say why the result is returned, so the updater can fix it",
        _ => null,
    };

    public static ResultStatus After(ResultAction action) => action switch
    {
        ResultAction.SaveDraft => ResultStatus.Draft,
        ResultAction.Submit => ResultStatus.Submitted,
        ResultAction.Approve => ResultStatus.Approved,
        ResultAction.Return => ResultStatus.Returned,
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };
}

public static class ResultStatusNames
{
    public static string Title(this ResultStatus status) => status switch
    {
        ResultStatus.Draft => "Draft",
        ResultStatus.Submitted => "Submitted",
        ResultStatus.Approved => "Approved",
        ResultStatus.Returned => "Returned",
        _ => status.ToString(),
    };
}
