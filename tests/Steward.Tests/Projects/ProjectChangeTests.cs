using System.Net;
using Microsoft.EntityFrameworkCore;
using Steward.Domain;
using Steward.Tests.Support;
using Steward.Tests.Web;

namespace Steward.Tests.Projects;

/// <summary>
/// Change requests and dependencies on Dacorum's Digital Dacorum projects (seeds 000 and 001): the technology refresh's
/// roll-out moved to February awaits the board; the manager raises, the sponsor decides, the portfolio shows both.
/// </summary>
public class ProjectChangeTests : IAsyncLifetime
{
    private readonly DemoSite _site = new();
    public Task InitializeAsync() => _site.InitializeAsync();
    public Task DisposeAsync() => _site.DisposeAsync();

    private async Task<int> IdAsync(string code)
    {
        await using var db = _site.Db.Open(_site.Dacorum);
        return (await db.Projects.SingleAsync(p => p.Code == code)).Id;
    }

    private static string Text(AngleSharp.Html.Dom.IHtmlDocument page) => page.QuerySelector("main")!.TextContent.Squash();

    [Fact]
    public async Task The_manager_raises_a_change_the_sponsor_decides_it_against_the_version_read()
    {
        var url = $"/projects/{await IdAsync("DD-01")}/changes";
        var manager = await _site.As("updater@dacorum.example");
        var (_, page) = await manager.GetAsync(url);
        Text(page).ShouldContain("1 change request, 1 awaiting a decision.");
        Text(page).ShouldContain("1. Begin the roll-out in February 2018, after the tender");
        Text(page).ShouldContain("97 days later");

        var (_, refused) = await manager.SubmitAsync(url, new Dictionary<string, string> { ["Title"] = "", ["TimeImpact"] = "soon", ["CostImpact"] = "ten thousand" }, "form[action*='handler=Raise']");
        var errors = refused.QuerySelector(".govuk-error-summary")!.TextContent.Squash();
        errors.ShouldContain("Enter what the change is, up to 300 characters");
        errors.ShouldContain("Enter the days it moves the end by, like 30 (later) or -14 (earlier), up to 3650");
        errors.ShouldContain("Enter the cost in pounds, like 25000, or -10000 for a saving");
        var (raised, _) = await manager.SubmitAsync(url, new Dictionary<string, string>
        {
            ["Title"] = "Drop the mobile devices for field officers", ["ScopeImpact"] = "No mobile devices in this project", ["TimeImpact"] = "-14", ["CostImpact"] = "(£10,000)",
        }, "form[action*='handler=Raise']");
        raised.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (_, page) = await manager.GetAsync(url);
        Text(page).ShouldContain("2. Drop the mobile devices for field officers");
        Text(page).ShouldContain("14 days earlier");
        Text(page).ShouldContain("£10,000 less");
        page.QuerySelector("button[value=approve]").ShouldBeNull("the manager does not decide");

        // A councillor reads them and neither raises nor decides.
        var viewer = await _site.As("viewer@dacorum.example");
        var (_, asViewer) = await viewer.GetAsync(url);
        asViewer.QuerySelector("main form").ShouldBeNull();
        var token = (await viewer.GetAsync("/account")).Page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        (await viewer.Client.PostAsync(url + "?handler=Raise", new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("Title", "x")])))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        // The sponsor: a rejection needs its reason; change 1 approved; a decision on a form read before is refused.
        var sponsor = await _site.As("approver@dacorum.example");
        var (_, toDecide) = await sponsor.GetAsync(url);
        var first = "form[action*='changeId=" + await ChangeIdAsync(1) + "']";
        var noReason = await sponsor.PostFormAsync(url, toDecide, first, ("decision", "reject"));
        (await noReason.Content.ReadAsStringAsync()).ShouldContain("Say why the change is rejected");
        (await sponsor.PostFormAsync(url, toDecide, first, ("decision", "approve"), ("Note", "Agreed at the Technology Strategy Board."))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var stale = await sponsor.PostFormAsync(url, toDecide, first, ("decision", "reject"), ("Note", "Too late."));
        var staleText = await stale.Content.ReadAsStringAsync();
        staleText.ShouldContain("Someone else changed this change request after you opened it, so your decision was not saved");
        // Whoever raises a change does not decide it: the performance team's own change waits for the sponsor.
        var officer = await _site.As("officer@dacorum.example");
        (await officer.SubmitAsync(url, new Dictionary<string, string> { ["Title"] = "Add tablets for councillors" }, "form[action*='handler=Raise']")).Response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var (_, own) = await officer.GetAsync(url);
        var selfApproved = await officer.PostFormAsync(url, own, "form[action*='changeId=" + await ChangeIdAsync(3) + "']", ("decision", "approve"));
        (await selfApproved.Content.ReadAsStringAsync()).ShouldContain("You raised this change request, so someone else decides it: its sponsor or the performance team");
        // The manager withdraws change 2.
        var (_, again) = await manager.GetAsync(url);
        (await manager.PostFormAsync(url, again, "form[action*='changeId=" + await ChangeIdAsync(2) + "']", ("decision", "withdraw"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        await using var db = _site.Db.Open(_site.Dacorum);
        var requests = await db.ChangeRequests.OrderBy(r => r.Number).ToListAsync();
        requests.Select(r => r.Status).ShouldBe([ChangeStatus.Approved, ChangeStatus.Withdrawn, ChangeStatus.Proposed]);
        (requests[0].DecidedBy, requests[0].DecisionNote).ShouldBe(("approver@dacorum.example", "Agreed at the Technology Strategy Board."));
        (requests[1].CostImpact, requests[1].TimeImpactDays, requests[1].RaisedBy).ShouldBe((-10_000m, -14, "updater@dacorum.example"));
        (await db.AuditLog.CountAsync(a => a.EntityType == "ChangeRequest")).ShouldBe(5, "the demo's, two raised, approved, withdrawn");
    }

    private async Task<int> ChangeIdAsync(int number)
    {
        await using var db = _site.Db.Open(_site.Dacorum);
        return (await db.ChangeRequests.SingleAsync(r => r.Number == number && r.Project!.Code == "DD-01")).Id;
    }

    [Fact]
    public async Task Dependencies_are_recorded_by_code_never_circular_and_shown_on_the_portfolio()
    {
        var (refresh, applications) = (await IdAsync("DD-01"), await IdAsync("DD-02"));
        var officer = await _site.As("officer@dacorum.example");
        async Task<AngleSharp.Html.Dom.IHtmlDocument> AddAsync(int project, string code, string description = "Needs it")
        {
            var (response, page) = await officer.SubmitAsync($"/projects/{project}", new Dictionary<string, string>
            {
                ["DependsOnCode"] = code, ["DependencyDescription"] = description, ["DependencyNeededBy"] = "2018-06-30",
            }, "form[action*='handler=AddDependency']");
            return page;
        }
        Text(await AddAsync(applications, "DD-99")).ShouldContain("No project has the code DD-99");
        Text(await AddAsync(applications, "dd-02")).ShouldContain("A project cannot depend on itself");
        (await AddAsync(applications, "dd-01", "The new devices run the upgraded applications.")).QuerySelector(".govuk-error-summary").ShouldBeNull();
        Text(await AddAsync(applications, "DD-01")).ShouldContain("This project already depends on DD-01");
        // The demo's CRM system depends on DD-02, which now depends on DD-01: DD-01 depending on DD-03 would be a circle.
        Text(await AddAsync(refresh, "DD-03")).ShouldContain("DD-03 already depends on this project, directly or through others: a dependency the other way would be circular");

        var (_, project) = await officer.GetAsync($"/projects/{refresh}");
        var dependencies = project.QuerySelector("#dependencies + table")!.TextContent.Squash();
        dependencies.ShouldContain("DD-02 Applications Roadmap: upgrade the elections, finance and planning systems It depends on this project The new devices run the upgraded applications. 30 June 2018");

        var (_, portfolio) = await (await _site.As("viewer@dacorum.example")).GetAsync("/projects");
        string Row(string code) => portfolio.QuerySelectorAll("#portfolio tbody tr").Single(r => r.QuerySelector("th a")!.TextContent == code).QuerySelector("th")!.TextContent.Squash();
        Row("DD-01").ShouldContain("1 change request awaiting a decision");
        Row("DD-02").ShouldContain("Depends on DD-01");
        Row("DD-03").ShouldContain("Depends on DD-02");

        // Removing it: the circle is allowed to close the other way now.
        var id = await DependencyIdAsync(applications);
        var (_, withForm) = await officer.GetAsync($"/projects/{applications}");
        (await officer.PostFormAsync($"/projects/{applications}", withForm, $"form[action*='dependencyId={id}']")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await AddAsync(refresh, "DD-03")).QuerySelector(".govuk-error-summary").ShouldBeNull();
    }

    private async Task<int> DependencyIdAsync(int project)
    {
        await using var db = _site.Db.Open(_site.Dacorum);
        return (await db.ProjectDependencies.SingleAsync(d => d.ProjectId == project)).Id;
    }

    [Fact]
    public async Task The_performance_team_changes_a_programme_s_board_against_the_version_read()
    {
        var officer = await _site.As("officer@dacorum.example");
        var (_, page) = await officer.GetAsync("/projects/programmes");
        var text = Text(page);
        text.ShouldContain("DD – Digital Dacorum");
        text.ShouldContain("3 projects");
        int id;
        await using (var db = _site.Db.Open(_site.Dacorum)) id = (await db.Programmes.SingleAsync(p => p.Code == "DD")).Id;
        var form = $"form[action*='programmeId={id}']";
        var (_, blank) = await officer.SubmitAsync("/projects/programmes", new Dictionary<string, string> { ["Name"] = " " }, form);
        Text(blank).ShouldContain("Enter the programme's name, up to 200 characters");
        (await officer.PostFormAsync("/projects/programmes", page, form, ("Name", "Digital Dacorum"), ("Board", "Technology Strategy Board (monthly)"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var stale = await officer.PostFormAsync("/projects/programmes", page, form, ("Name", "Digital Dacorum"), ("Board", "Someone else's board"));
        (await stale.Content.ReadAsStringAsync()).ShouldContain("Someone else changed this programme after you opened it, so your change was not saved");
        await using (var db = _site.Db.Open(_site.Dacorum)) (await db.Programmes.SingleAsync(p => p.Id == id)).Board.ShouldBe("Technology Strategy Board (monthly)");
        var viewer = await _site.As("viewer@dacorum.example");
        (await viewer.GetAsync("/projects/programmes")).Page.QuerySelector("main form").ShouldBeNull();
    }
}
