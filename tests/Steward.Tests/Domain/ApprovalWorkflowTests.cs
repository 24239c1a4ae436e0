using Steward.Domain;

namespace Steward.Tests.Domain;

public class ResultWorkflowTests
{
    private static readonly Actor Updater = new("updater@dacorum.example", IsUpdater: true, IsApprover: false, IsPerformanceOfficer: false);
    private static readonly Actor Approver = new("approver@dacorum.example", IsUpdater: false, IsApprover: true, IsPerformanceOfficer: false);
    private static readonly Actor Both = new("both@dacorum.example", IsUpdater: true, IsApprover: true, IsPerformanceOfficer: false);
    private static readonly Actor Officer = new("officer@dacorum.example", IsUpdater: false, IsApprover: false, IsPerformanceOfficer: true);
    private static readonly Actor Viewer = new("viewer@dacorum.example", false, false, false);

    public static TheoryData<string, ApprovalAction, ApprovalStatus?, string?, string?, bool> Cases() => new()
    {
        // who, action, status, submitted by, comment, allowed
        { "updater", ApprovalAction.SaveDraft, null, null, null, true },
        { "updater", ApprovalAction.Submit, ApprovalStatus.Returned, "updater@dacorum.example", null, true },
        { "updater", ApprovalAction.Submit, ApprovalStatus.Approved, "updater@dacorum.example", null, true }, // editing re-opens
        { "officer", ApprovalAction.Submit, null, null, null, true },
        { "viewer", ApprovalAction.SaveDraft, null, null, null, false },
        { "approver", ApprovalAction.SaveDraft, null, null, null, false },
        { "updater", ApprovalAction.Approve, ApprovalStatus.Submitted, "someone@dacorum.example", null, false },
        { "approver", ApprovalAction.Approve, ApprovalStatus.Submitted, "updater@dacorum.example", null, true },
        { "approver", ApprovalAction.Approve, ApprovalStatus.Draft, "updater@dacorum.example", null, false },
        { "approver", ApprovalAction.Approve, ApprovalStatus.Approved, "updater@dacorum.example", null, false },
        { "approver", ApprovalAction.Return, ApprovalStatus.Submitted, "updater@dacorum.example", "Check the denominator", true },
        { "approver", ApprovalAction.Return, ApprovalStatus.Submitted, "updater@dacorum.example", "  ", false },
        { "both", ApprovalAction.Approve, ApprovalStatus.Submitted, "BOTH@dacorum.example", null, false }, // never your own
        { "both", ApprovalAction.Approve, ApprovalStatus.Submitted, "updater@dacorum.example", null, true },
        { "officer", ApprovalAction.Approve, ApprovalStatus.Submitted, "updater@dacorum.example", null, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Who_may_do_what(string who, ApprovalAction action, ApprovalStatus? status, string? submittedBy, string? comment, bool allowed)
    {
        var actor = who switch { "updater" => Updater, "approver" => Approver, "both" => Both, "officer" => Officer, _ => Viewer };
        (ApprovalWorkflow.Refusal(action, status, actor, submittedBy, comment) is null).ShouldBe(allowed);
    }

    [Fact]
    public void Each_action_leads_to_its_status()
    {
        ApprovalWorkflow.After(ApprovalAction.SaveDraft).ShouldBe(ApprovalStatus.Draft);
        ApprovalWorkflow.After(ApprovalAction.Submit).ShouldBe(ApprovalStatus.Submitted);
        ApprovalWorkflow.After(ApprovalAction.Approve).ShouldBe(ApprovalStatus.Approved);
        ApprovalWorkflow.After(ApprovalAction.Return).ShouldBe(ApprovalStatus.Returned);
    }

    [Fact]
    public void Self_approval_names_the_reason() =>
        ApprovalWorkflow.Refusal(ApprovalAction.Approve, ApprovalStatus.Submitted, Both, "both@dacorum.example")
            .ShouldBe("you submitted this result, so someone else must approve it");

    [Theory]
    [InlineData("approve", ApprovalAction.Approve)]
    [InlineData("return", ApprovalAction.Return)]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("Approve", null)]
    [InlineData("submit", null)]
    public void Only_the_two_decisions_are_read_and_nothing_else_counts_as_approval(string? posted, ApprovalAction? expected) =>
        ApprovalWorkflow.Decision(posted).ShouldBe(expected);
}
