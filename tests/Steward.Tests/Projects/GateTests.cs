using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Steward.Domain;
using Steward.Features.Projects;
using Steward.Tests.Support;
using Steward.Tests.Web;

namespace Steward.Tests.Projects;

/// <summary>
/// Gate decisions on Norfolk's last Go / No Go gate (seed 004): "go" only when every acceptance criterion is met or
/// waived; "go on conditions" with its conditions and a snapshot of every criterion as it stood; a decision taken on
/// criteria someone changed meanwhile is refused with their change shown.
/// </summary>
public class GateTests : IAsyncLifetime
{
    private readonly DemoSite _site = new();
    public Task InitializeAsync() => _site.InitializeAsync();
    public Task DisposeAsync() => _site.DisposeAsync();

    [Theory]
    [InlineData(GateDecisionKind.Go, new[] { CriterionStatus.Met, CriterionStatus.Waived }, null, null)]
    [InlineData(GateDecisionKind.Go, new[] { CriterionStatus.Met, CriterionStatus.NotMet, CriterionStatus.NotAssessed }, null, "2 criteria are not met or waived: record no go, or go on conditions")]
    [InlineData(GateDecisionKind.Go, new[] { CriterionStatus.NotMet }, null, "1 criterion is not met or waived: record no go, or go on conditions")]
    [InlineData(GateDecisionKind.Go, new CriterionStatus[0], null, "A gate with no acceptance criteria cannot be passed: add its criteria first")]
    [InlineData(GateDecisionKind.ConditionalGo, new[] { CriterionStatus.NotMet }, "", "Give the conditions of the go")]
    [InlineData(GateDecisionKind.ConditionalGo, new[] { CriterionStatus.NotMet }, "Link connected by 17 November", null)]
    [InlineData(GateDecisionKind.NoGo, new[] { CriterionStatus.NotMet }, null, null)]
    public void Go_needs_every_criterion_met_or_waived_and_conditions_need_saying(GateDecisionKind decision, CriterionStatus[] statuses, string? conditions, string? refusal) =>
        GateRules.Refusal(decision, statuses, conditions).ShouldBe(refusal);

    private async Task<string> GateUrlAsync()
    {
        await using var db = _site.Db.Open(_site.Norfolk);
        return $"/projects/{(await db.Projects.SingleAsync(p => p.Code == "SCSR-01")).Id}/gates/5";
    }

    [Fact]
    public async Task Go_is_refused_with_a_criterion_not_met_and_a_conditional_go_is_recorded_with_its_snapshot()
    {
        var url = await GateUrlAsync();
        var officer = await _site.As("officer@norfolk.example");
        var (_, page) = await officer.GetAsync(url);
        var refused = await officer.PostFormAsync(url, page, "form[action*='handler=Decide']", ("Decision", "go"));
        var text = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await refused.Content.ReadAsStringAsync()).QuerySelector(".govuk-error-summary")!.TextContent.Squash();
        text.ShouldContain("2 criteria are not met or waived");

        (await officer.PostFormAsync(url, page, "form[action*='handler=Decide']", ("Decision", "conditional-go"), ("Conditions", "The secondary link is connected and the dry run passed by 17 November 2017.")))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);

        // The snapshot keeps the criteria as they stood, whatever happens to them afterwards.
        (_, page) = await officer.GetAsync(url);
        var link = page.QuerySelectorAll("form[action*='handler=Criterion']").First(f => f.ParentElement!.ParentElement!.TextContent.Contains("Secondary network link"));
        (await officer.Client.PostAsync(link.GetAttribute("action"), new FormUrlEncodedContent(
            link.QuerySelectorAll("input[type=hidden]").OfType<IHtmlInputElement>().Select(i => KeyValuePair.Create(i.Name!, i.Value))
                .Append(KeyValuePair.Create("Status", "met")).Append(KeyValuePair.Create("Evidence", "System C completion note")))))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await using var db = _site.Db.Open(_site.Norfolk);
        var gate = await db.ProjectGates.Include(g => g.Decisions).Include(g => g.Criteria).SingleAsync(g => g.Number == 5);
        var decision = gate.Decisions.Single();
        (decision.Decision, decision.DecidedBy, decision.Conditions).ShouldBe((GateDecisionKind.ConditionalGo, "officer@norfolk.example", "The secondary link is connected and the dry run passed by 17 November 2017."));
        Gates.ReadSnapshot(decision.Snapshot).Select(c => c.Status).ShouldBe([CriterionStatus.Met, CriterionStatus.Met, CriterionStatus.NotMet, CriterionStatus.Waived, CriterionStatus.NotAssessed]);
        gate.Criteria.Single(c => c.Description.StartsWith("Secondary")).Status.ShouldBe(CriterionStatus.Met);
    }

    [Fact]
    public async Task A_decision_on_criteria_changed_meanwhile_is_refused_and_shows_the_change()
    {
        var url = await GateUrlAsync();
        var officer = await _site.As("officer@norfolk.example");
        var admin = await _site.As("admin@norfolk.example");
        var (_, seen) = await officer.GetAsync(url);
        var (_, other) = await admin.GetAsync(url);
        var form = other.QuerySelectorAll("form[action*='handler=Criterion']").Last();
        (await admin.Client.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(
            form.QuerySelectorAll("input[type=hidden]").OfType<IHtmlInputElement>().Select(i => KeyValuePair.Create(i.Name!, i.Value))
                .Append(KeyValuePair.Create("Status", "notmet"))))).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var refused = await officer.PostFormAsync(url, seen, "form[action*='handler=Decide']", ("Decision", "no-go"), ("Conditions", "Wait for the dry run."));
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await refused.Content.ReadAsStringAsync());
        page.QuerySelector(".govuk-error-summary")!.TextContent.ShouldContain(Gates.ConflictMessage);
        page.QuerySelector("textarea[name=Conditions]")!.TextContent.ShouldBe("Wait for the dry run.");
        var theirs = page.QuerySelector("#their-changes")!.TextContent.Squash();
        theirs.ShouldContain("Demo administrator");
        theirs.ShouldContain("Changed criterion A full dry run completed and contingency plans in place");
        await using var db = _site.Db.Open(_site.Norfolk);
        (await db.GateDecisions.CountAsync()).ShouldBe(0);
    }
}
