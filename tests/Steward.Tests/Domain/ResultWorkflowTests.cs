using Steward.Domain;

namespace Steward.Tests.Domain;

public class ResultWorkflowTests
{
    private static readonly Actor Updater = new("updater@dacorum.example", IsUpdater: true, IsApprover: false, IsPerformanceOfficer: false);
    private static readonly Actor Approver = new("approver@dacorum.example", IsUpdater: false, IsApprover: true, IsPerformanceOfficer: false);
    private static readonly Actor Both = new("both@dacorum.example", IsUpdater: true, IsApprover: true, IsPerformanceOfficer: false);
    private static readonly Actor Officer = new("officer@dacorum.example", IsUpdater: false, IsApprover: false, IsPerformanceOfficer: true);
    private static readonly Actor Viewer = new("viewer@dacorum.example", false, false, false);

    public static TheoryData<string, ResultAction, ResultStatus?, string?, string?, bool> Cases() => new()
    {
        // who, action, status, submitted by, comment, allowed
        { "updater", ResultAction.SaveDraft, null, null, null, true },
        { "updater", ResultAction.Submit, ResultStatus.Returned, "updater@dacorum.example", null, true },
        { "updater", ResultAction.Submit, ResultStatus.Approved, "updater@dacorum.example", null, true }, // editing re-opens
        { "officer", ResultAction.Submit, null, null, null, true },
        { "viewer", ResultAction.SaveDraft, null, null, null, false },
        { "approver", ResultAction.SaveDraft, null, null, null, false },
        { "updater", ResultAction.Approve, ResultStatus.Submitted, "someone@dacorum.example", null, false },
        { "approver", ResultAction.Approve, ResultStatus.Submitted, "updater@dacorum.example", null, true },
        { "approver", ResultAction.Approve, ResultStatus.Draft, "updater@dacorum.example", null, false },
        { "approver", ResultAction.Approve, ResultStatus.Approved, "updater@dacorum.example", null, false },
        { "approver", ResultAction.Return, ResultStatus.Submitted, "updater@dacorum.example", "Check the denominator", true },
        { "approver", ResultAction.Return, ResultStatus.Submitted, "updater@dacorum.example", "  ", false },
        { "both", ResultAction.Approve, ResultStatus.Submitted, "BOTH@dacorum.example", null, false }, // never your own
        { "both", ResultAction.Approve, ResultStatus.Submitted, "updater@dacorum.example", null, true },
        { "officer", ResultAction.Approve, ResultStatus.Submitted, "updater@dacorum.example", null, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Who_may_do_what(string who, ResultAction action, ResultStatus? status, string? submittedBy, string? comment, bool allowed)
    {
        var actor = who switch { "updater" => Updater, "approver" => Approver, "both" => Both, "officer" => Officer, _ => Viewer };
        (ResultWorkflow.Refusal(action, status, actor, submittedBy, comment) is null).ShouldBe(allowed);
    }

    [Fact]
    public void Each_action_leads_to_its_status()
    {
        ResultWorkflow.After(ResultAction.SaveDraft).ShouldBe(ResultStatus.Draft);
        ResultWorkflow.After(ResultAction.Submit).ShouldBe(ResultStatus.Submitted);
        ResultWorkflow.After(ResultAction.Approve).ShouldBe(ResultStatus.Approved);
        ResultWorkflow.After(ResultAction.Return).ShouldBe(ResultStatus.Returned);
    }

    [Fact]
    public void Self_approval_names_the_reason() =>
        ResultWorkflow.Refusal(ResultAction.Approve, ResultStatus.Submitted, Both, "both@dacorum.example")
            .ShouldBe("you submitted this result, so someone else must approve it");
}
