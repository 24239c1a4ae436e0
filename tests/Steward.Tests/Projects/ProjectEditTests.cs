using System.Net;
using Microsoft.EntityFrameworkCore;
using Steward.Tests.Support;
using Steward.Tests.Web;

namespace Steward.Tests.Projects;

/// <summary>The performance team adds a project, records its baseline and re-baselines it with a reason; every baseline is kept.</summary>
public class ProjectEditTests : IAsyncLifetime
{
    private readonly DemoSite _site = new();
    public Task InitializeAsync() => _site.InitializeAsync();
    public Task DisposeAsync() => _site.DisposeAsync();

    [Fact]
    public async Task A_project_is_added_baselined_and_re_baselined_only_with_a_reason()
    {
        var officer = await _site.As("officer@dacorum.example");
        var (programme, _) = await officer.SubmitAsync("/projects", new Dictionary<string, string>
        {
            ["ProgrammeCode"] = "FD", ["ProgrammeName"] = "Future Dacorum Transformation", ["ProgrammeBoard"] = "Corporate Programme Board",
        }, "form[action*='handler=AddProgramme']");
        programme.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var (_, form) = await officer.GetAsync("/projects/new/edit");
        var programmeId = form.QuerySelectorAll("#programme option").Single(o => o.TextContent == "Future Dacorum Transformation").GetAttribute("value")!;
        var (added, _) = await officer.SubmitAsync("/projects/new/edit", new Dictionary<string, string>
        {
            ["Code"] = "FD-07", ["Name"] = "Complaints handling redesign", ["Sponsor"] = "Robert Smyth", ["Manager"] = "Jo Bloggs", ["Stage"] = "initiation",
            ["Priorities"] = "Dacorum Delivers", ["ProgrammeId"] = programmeId,
        });
        added.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var url = added.Headers.Location!.OriginalString;
        int id = int.Parse(url.Split('/')[^1]);

        // The same code again is refused, naming the field.
        var (_, again) = await officer.SubmitAsync("/projects/new/edit", new Dictionary<string, string> { ["Code"] = "fd-07", ["Name"] = "Another", ["Stage"] = "proposal" });
        again.QuerySelector("#code-error")!.TextContent.ShouldContain("Another project already has the code fd-07");

        // The sponsor approves the manager's reports, so they are two people.
        var (_, same) = await officer.SubmitAsync(url + "/edit", new Dictionary<string, string>
        {
            ["Code"] = "FD-07", ["Name"] = "Complaints handling redesign", ["Sponsor"] = "Jo Bloggs", ["Manager"] = "jo bloggs", ["Stage"] = "initiation",
        });
        same.QuerySelector("#sponsor-error")!.TextContent.ShouldContain("name someone other than the manager");

        // The first baseline needs no reason; a bad milestone line is named.
        var baseline = $"/projects/{id}/baselines/new";
        var fields = new Dictionary<string, string>
        {
            ["Start"] = "2017-04-01", ["End"] = "2018-03-31", ["CapitalBudget"] = "£120,000", ["RevenueBudget"] = "30000",
            ["Milestones"] = "2017-09-30 Designs handed to the digital team\nsoon Launch", ["ApprovedBy"] = "Corporate Programme Board", ["ApprovedOn"] = "2017-03-20",
        };
        var (_, bad) = await officer.SubmitAsync(baseline, fields);
        bad.QuerySelector("#milestones-error")!.TextContent.ShouldContain("Line 2 of the milestones");
        fields["Milestones"] = "2017-09-30 Designs handed to the digital team\n2018-03-31 Launch";
        (await officer.SubmitAsync(baseline, fields)).Response.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        // A form read before a baseline was recorded meanwhile saves nothing.
        var (_, stale) = await officer.GetAsync(baseline);
        stale.QuerySelector("input[name=Seen]")!.GetAttribute("value").ShouldBe("2");
        var staleFields = new Dictionary<string, string>(fields) { ["Seen"] = "1", ["Reason"] = "Read before baseline 1 was recorded" };
        var (_, refused) = await officer.SubmitAsync(baseline, staleFields);
        refused.QuerySelector(".govuk-error-summary")!.TextContent.ShouldContain("Someone else recorded baseline 1 after you opened this page");

        // A re-baseline needs its reason.
        fields["End"] = "2018-09-30";
        var (_, noReason) = await officer.SubmitAsync(baseline, fields);
        noReason.QuerySelector("#reason-error")!.TextContent.ShouldContain("Say why the project is re-baselined");
        fields["Reason"] = "Launch moved to September 2018 to follow the laptop roll-out.";
        (await officer.SubmitAsync(baseline, fields)).Response.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        await using var db = _site.Db.Open(_site.Dacorum);
        var kept = await db.ProjectBaselines.Where(b => b.ProjectId == id).OrderBy(b => b.Number).Include(b => b.Milestones).ToListAsync();
        kept.Select(b => (b.Number, b.End, b.CapitalBudget + b.RevenueBudget, b.Milestones.Count)).ShouldBe([
            (1, new DateOnly(2018, 3, 31), 150_000m, 2), (2, new DateOnly(2018, 9, 30), 150_000m, 2)]);
        var project = await db.Projects.Include(p => p.Sponsor).Include(p => p.Manager).SingleAsync(p => p.Id == id);
        (project.Sponsor!.Name, project.Manager!.Name, project.Stage, project.ProgrammeId).ShouldBe(("Robert Smyth", "Jo Bloggs", Steward.Domain.ProjectStage.Initiation, int.Parse(programmeId)));

        var (_, page) = await (await _site.As("viewer@dacorum.example")).GetAsync(url);
        page.QuerySelector("main")!.TextContent.Squash().ShouldContain("Baseline 2, in force");
        (await (await _site.As("updater@dacorum.example")).GetAsync(baseline)).Response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
