using System.Net;
using Microsoft.EntityFrameworkCore;
using Steward.Tests.Support;
using Steward.Tests.Web;

namespace Steward.Tests.Projects;

/// <summary>The portfolio and a project's page, read by a councillor, with Norfolk's social care system replacement (seed 004).</summary>
public class ProjectPagesTests(DemoSite site) : IClassFixture<DemoSite>
{
    private async Task<int> ProjectIdAsync(int organisation, string code)
    {
        await using var db = site.Db.Open(organisation);
        return (await db.Projects.SingleAsync(p => p.Code == code)).Id;
    }

    [Fact]
    public async Task The_performance_team_downloads_the_register_in_the_import_formats_and_imports_it_in_the_browser()
    {
        var officer = await site.As("officer@dacorum.example");
        var files = new List<(string Name, string Text)>();
        foreach (var (handler, verb) in new[] { ("programmes", "programmes"), ("projects", "projects"), ("milestones", "milestones"), ("highlights", "highlights"), ("milestonedates", "milestone-dates") })
        {
            var text = await officer.Client.GetStringAsync($"/manage/export/{handler}");
            var args = verb == "projects" ? new[] { "export", verb, "--org", "DBC", "--full" } : ["export", verb, "--org", "DBC"];
            text.ShouldBe((await StewardCli.RunAsync(site.Db, args)).Out, handler);
            files.Add(($"{handler}.csv", text));
        }
        files[2].Text.ShouldContain("DD-01,Roll-out of the new technology begins,2017-10-31");

        // The same files uploaded together change nothing: the register is what they say it is.
        var (_, form) = await officer.GetAsync("/manage/import");
        var upload = new MultipartFormDataContent { { new StringContent(form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!), "__RequestVerificationToken" } };
        foreach (var (name, text) in files) upload.Add(new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(text)), "files", name);
        var response = await officer.Client.PostAsync("/manage/import", upload);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        body.ShouldContain("projects: 0 created, 0 updated; baselines: 0 recorded with 0 milestones; highlight reports: 0 created, 0 updated; milestone dates: 0 changed");
    }

    [Fact]
    public async Task The_portfolio_shows_each_projects_latest_approved_ratings_and_its_variance_against_the_baseline_in_force()
    {
        var viewer = await site.As("viewer@norfolk.example");
        var (response, page) = await viewer.GetAsync("/projects");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var row = page.QuerySelectorAll("#portfolio tbody tr").Single(r => r.TextContent.Contains("SCSR-01")).QuerySelectorAll("th, td").Select(c => c.TextContent.Squash()).ToList();
        row.ShouldBe([
            "SCSR-01 Replace CareFirst with Liquidlogic and ContrOCC", "Social Care System Replacement", "Delivery", "Demo updater",
            "Green", "Green", "Green", "Amber", "Amber", "On time", "On budget", "Oct 2017",
        ]);
        page.QuerySelector("main")!.TextContent.ShouldContain("1 project.");

        (_, page) = await viewer.GetAsync("/projects?stage=closed");
        page.QuerySelector("main")!.TextContent.ShouldContain("No projects.");
        page.QuerySelectorAll("#portfolio tbody tr").ShouldBeEmpty();
    }

    [Fact]
    public async Task The_portfolio_s_timeline_draws_each_baseline_its_forecast_and_milestones_with_every_date_in_a_table()
    {
        var viewer = await site.As("viewer@dacorum.example");
        var (_, page) = await viewer.GetAsync("/projects");
        var svg = page.QuerySelector("svg.steward-timeline")!;
        svg.GetAttribute("role").ShouldBe("img");
        svg.QuerySelector("title")!.TextContent.ShouldBe("Timeline of 2 projects on this page");
        // DD-01's forecast end (28 February 2019) is beyond its baseline's (31 December 2018): a second bar after the legend's.
        svg.QuerySelectorAll("rect.steward-timeline__late").Length.ShouldBe(2);
        svg.QuerySelectorAll("path.steward-timeline__planned").Length.ShouldBe(1 + 3, "the legend's diamond and one per milestone");
        var rows = page.QuerySelectorAll("table").Single(t => t.QuerySelector("caption")?.TextContent == "Timeline dates").QuerySelectorAll("tbody tr")
            .Select(r => r.TextContent.Squash()).ToList();
        // DD-03, the CRM system, has no baseline yet: not on the timeline.
        rows.ShouldBe([
            "DD-01 1 June 2017 to 31 December 2018 (baseline 1) 28 February 2019 " +
            "Roll-out of the new technology begins: planned 31 October 2017, forecast 5 February 2018. Forecast 97 days late. " +
            "One third of replacements completed: planned 31 March 2018, forecast 31 May 2018. Forecast 61 days late.",
            "DD-02 1 October 2017 to 30 September 2018 (baseline 1) 30 September 2018 Applications Roadmap launched: planned 31 December 2017. On track.",
        ]);
    }

    [Fact]
    public async Task A_project_page_sets_the_forecast_against_the_baseline_in_force_and_the_original()
    {
        var viewer = await site.As("viewer@norfolk.example");
        var (_, page) = await viewer.GetAsync($"/projects/{await ProjectIdAsync(site.Norfolk, "SCSR-01")}");
        var forecast = page.QuerySelector("#forecast + p + table")!.TextContent.Squash();
        forecast.ShouldContain("The baseline in force (baseline 2: 31 March 2018, £10,347,000) On time On budget");
        forecast.ShouldContain("The original baseline (baseline 1: 30 April 2018, £10,347,000) 30 days early On budget");
        var facts = page.QuerySelectorAll(".govuk-summary-list__row")
            .Select(r => $"{r.QuerySelector("dt")!.TextContent.Squash()}: {r.QuerySelector("dd")!.TextContent.Squash()}").ToList();
        facts.ShouldContain("Sponsor: Demo approver");
        facts.ShouldContain("Project manager: Demo updater");
        facts.ShouldContain("Programme board: SCSR Programme Board");
        facts.ShouldContain(f => f.StartsWith("Reason for re-baselining: Contract awarded to Liquidlogic on 31 August 2016"));
        facts.ShouldContain("Budget: £10,347,000 (capital £7,926,000, revenue £2,421,000)");
        facts.ShouldContain("Scope Amber: The Briefcase function will not be available from go live, delaying the ability to work offline.");
        facts.ShouldContain("Key milestones: 31 August 2016: Contract awarded to Liquidlogic 30 November 2017: Adults and ContrOCC live 31 March 2018: Children's Services and ContrOCC live");
        page.QuerySelectorAll("table").Single(t => t.QuerySelector("caption")!.TextContent.StartsWith("Highlight reports"))
            .QuerySelectorAll("tbody tr").Select(r => r.QuerySelector("th")!.TextContent).ShouldBe(["Oct 2017", "Sep 2017"]);
        page.QuerySelector("main")!.TextContent.Squash().ShouldContain("Gate 5: Go / No Go: Adults and ContrOCC go live 20 November 2017 5 criteria, 2 not met or waived None");
    }

    [Fact]
    public async Task Another_councils_project_is_not_found()
    {
        var dacorum = await site.As("viewer@dacorum.example");
        (await dacorum.GetAsync($"/projects/{await ProjectIdAsync(site.Norfolk, "SCSR-01")}")).Response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var (_, page) = await dacorum.GetAsync("/projects");
        page.QuerySelector("main")!.TextContent.ShouldNotContain("SCSR");
    }

    [Fact]
    public async Task The_register_exports_with_the_columns_a_pmo_reads()
    {
        var run = await StewardCli.RunAsync(site.Db, "export", "projects", "--org", "NCC");
        run.ExitCode.ShouldBe(0, run.Err);
        run.Out.ReplaceLineEndings("\n").ShouldBe(
            "code,name,programme,directorate,stage,sponsor,project_manager,overall_rag,time_rag,cost_rag,scope_rag,quality_rag,baseline_start,baseline_end,forecast_end,baseline_budget,forecast_cost,last_report\n" +
            "SCSR-01,Replace CareFirst with Liquidlogic and ContrOCC,Social Care System Replacement,Adult Social Services,delivery,Demo approver,Demo updater,green,green,green,amber,amber,2016-02-08,2018-03-31,2018-03-31,10347000,10347000,2017-10\n");
    }
}
