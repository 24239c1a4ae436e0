using AngleSharp.Html.Parser;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.EntityFrameworkCore;
using Steward.Domain;
using Steward.Features.Committees;
using Steward.Features.Organisations;
using Steward.Features.Projects;
using Steward.Features.Reports;
using Steward.Tests.Support;
using Steward.Tests.Web;

namespace Steward.Tests.Projects;

/// <summary>
/// The portfolio section of Norfolk's Digital Innovation and Efficiency Committee pack (seed 004): the social care
/// system replacement as its sponsor last approved it by the quarter's end, a project rated red set out with its
/// reasons, the quarter's gate decisions, and only the projects within the committee's remit.
/// </summary>
public class ProjectPackTests : IAsyncLifetime
{
    private static readonly Period Q2 = new(2017, 9), Q3 = new(2017, 12);
    private readonly DemoSite _site = new();
    public Task InitializeAsync() => _site.InitializeAsync();
    public Task DisposeAsync() => _site.DisposeAsync();

    private async Task<PackDocument> PackAsync(Period p)
    {
        await using var db = _site.Db.Open(_site.Norfolk);
        var org = await db.Organisations.SingleAsync(o => o.Id == _site.Norfolk);
        var committee = await db.Committees.SingleAsync(c => c.Code == "DIE");
        return await PackBuilder.BuildAsync(db, org, new PackRequest(committee, p, false, DateOnly.FromDateTime(DemoSite.Today.UtcDateTime)));
    }

    private static PackSection Projects(PackDocument pack) => pack.Sections.Single(s => s.Title == "Projects");

    private static string Text(PackSection section) => string.Join(" ", section.Blocks.Select(b => b switch
    {
        PackParagraph p => p.Text,
        PackHeading h => h.Text,
        PackFacts f => string.Join(" ", f.Facts.Select(x => $"{x.Label}: {x.Value}")),
        PackTable t => t.Caption + " " + string.Join(" ", t.Rows.Select(r => string.Join(" | ", r.Select(c => c.Text)))),
        _ => "",
    }));

    [Fact]
    public async Task The_quarter_s_pack_shows_the_project_as_approved_by_its_end_in_every_format()
    {
        var pack = await PackAsync(Q2);
        var section = Projects(pack);
        section.Number.ShouldBe("6", "after the risks, before the follow-up actions");
        var text = Text(section);
        text.ShouldContain("1 open project within the remit, as their sponsors last approved their highlight reports for Sep 2017 or before: 1 green, 0 amber and 0 red overall.");
        var row = section.Blocks.OfType<PackTable>().First().Rows.Single().Select(c => c.Text).ToList();
        // September's report, not October's (approved for a month after the quarter): scope is green, not amber.
        row.ShouldBe(["SCSR-01 Replace CareFirst with Liquidlogic and ContrOCC", "Delivery", "Sep 2017", "Green", "Green", "Green", "Green", "Green", "On time", "On budget"]);
        text.ShouldContain("No project is rated amber or red overall.");
        text.ShouldContain("No gate decision was recorded in Q2 2017/18.");

        var html = new HtmlParser().ParseDocument(PackHtml.Render(pack)).Body!.TextContent.Squash();
        html.ShouldContain("Projects: their latest approved highlight reports");
        html.ShouldContain("SCSR-01 Replace CareFirst with Liquidlogic and ContrOCC");
        using var word = WordprocessingDocument.Open(new MemoryStream(PackWord.Render(pack)), false);
        word.MainDocumentPart!.Document.Body!.InnerText.ShouldContain("SCSR-01 Replace CareFirst with Liquidlogic and ContrOCC");
        using var pdf = UglyToad.PdfPig.PdfDocument.Open(PackPdf.Render(pack));
        string.Join(" ", pdf.GetPages().Select(p => p.Text)).ShouldContain("SCSR-01");
    }

    [Fact]
    public async Task A_project_rated_red_is_set_out_with_its_reasons_and_the_quarter_s_gate_decisions_listed()
    {
        await using (var db = _site.Db.Open(_site.Norfolk))
        {
            var project = await db.Projects.SingleAsync(p => p.Code == "SCSR-01");
            db.HighlightReports.Add(new HighlightReport
            {
                ProjectId = project.Id, Period = new Period(2017, 12), Status = ApprovalStatus.Approved, ApprovedBy = "approver@norfolk.example",
                Overall = Rag.Red, OverallReason = "Children's go-live slips to May.", Time = Rag.Red, TimeReason = "Data migration defects.",
                Cost = Rag.Amber, CostReason = "Extra testing round.", Scope = Rag.Green, Quality = Rag.Green,
                ForecastEnd = new DateOnly(2018, 5, 31), ForecastCost = 10_500_000m, Decisions = "Agree the revised go-live date.",
            });
            // Submitted, not approved: not in the pack.
            db.HighlightReports.Add(new HighlightReport { ProjectId = project.Id, Period = new Period(2017, 11), Status = ApprovalStatus.Submitted, Overall = Rag.Green });
            var gate = await db.ProjectGates.Include(g => g.Criteria).SingleAsync(g => g.ProjectId == project.Id && g.Number == 5);
            db.GateDecisions.Add(new GateDecision
            {
                GateId = gate.Id, Decision = GateDecisionKind.ConditionalGo, Conditions = "Secondary link connected by 30 November.",
                DecidedBy = "approver@norfolk.example", DecidedAt = new DateTime(2017, 11, 20, 15, 0, 0, DateTimeKind.Utc), Snapshot = "[]",
            });
            // A baseline approved after the quarter does not change what the quarter's pack measures against.
            db.ProjectBaselines.Add(new ProjectBaseline
            {
                ProjectId = project.Id, Number = 3, Start = new DateOnly(2016, 2, 8), End = new DateOnly(2018, 5, 31), CapitalBudget = 8_000_000m, RevenueBudget = 2_500_000m,
                Reason = "Children's go-live moved", ApprovedBy = "SCSR Programme Board", ApprovedOn = new DateOnly(2018, 1, 15),
            });
            await db.SaveChangesAsync();
        }

        var text = Text(Projects(await PackAsync(Q3)));
        text.ShouldContain("0 green, 0 amber and 1 red overall.");
        text.ShouldContain("SCSR-01 Replace CareFirst with Liquidlogic and ContrOCC | Delivery | Dec 2017 | Red | Red | Amber | Green | Green | 61 days late | £153,000 over (1.5%)");
        text.ShouldContain("1 project is rated amber or red overall:");
        text.ShouldContain("Overall: Red: Children's go-live slips to May.");
        text.ShouldContain("Cost: Amber: Extra testing round.");
        text.ShouldContain("Forecast end: 31 May 2018 against 31 March 2018 in baseline 2: 61 days late");
        text.ShouldContain("Forecast cost: £10,500,000 against £10,347,000: £153,000 over (1.5%)");
        text.ShouldContain("Decisions needed: Agree the revised go-live date.");
        text.ShouldContain("1 gate decision was recorded in Q3 2017/18:");
        text.ShouldContain("SCSR-01 | Gate 5: Go / No Go: Adults and ContrOCC go live | Go on conditions | Secondary link connected by 30 November.");

        // The quarter before knows nothing of December's report or November's gate.
        var q2 = Text(Projects(await PackAsync(Q2)));
        q2.ShouldNotContain("Children's go-live slips to May.");
        q2.ShouldContain("No gate decision was recorded in Q2 2017/18.");
    }

    [Fact]
    public async Task Only_projects_within_the_committee_s_remit_are_in_its_pack()
    {
        await using (var db = _site.Db.Open(_site.Norfolk))
        {
            var directorate = db.Directorates.Add(new Directorate { Name = "Children's Services" }).Entity;
            db.Projects.Add(new Project { Code = "CS-01", CodeKey = "CS-01", Name = "Outside the remit", Directorate = directorate, Stage = ProjectStage.Delivery });
            db.Projects.Add(new Project { Code = "CS-02", CodeKey = "CS-02", Name = "Serves the committee's theme", Directorate = directorate, Stage = ProjectStage.Initiation,
                Priorities = "Safe children; digital innovation and efficiency" });
            var imt = await db.Services.Where(s => s.Name == "Information Management and Technology").Select(s => s.DirectorateId).SingleAsync();
            db.Projects.Add(new Project { Code = "IMT-01", CodeKey = "IMT-01", Name = "In a remit service's directorate", DirectorateId = imt, Stage = ProjectStage.Proposal });
            db.Projects.Add(new Project { Code = "IMT-02", CodeKey = "IMT-02", Name = "Closed", DirectorateId = imt, Stage = ProjectStage.Closed });
            // Closed since, in October: open during Q2, so still in Q2's pack.
            var since = db.Projects.Add(new Project { Code = "IMT-03", CodeKey = "IMT-03", Name = "Closed since", DirectorateId = imt, Stage = ProjectStage.Closed }).Entity;
            db.ProjectClosures.Add(new ProjectClosure { Project = since, ActualEnd = new DateOnly(2017, 10, 15), Delivered = "Done", WrittenBy = "officer@norfolk.example" });
            await db.SaveChangesAsync();
        }
        var rows = Projects(await PackAsync(Q2)).Blocks.OfType<PackTable>().First().Rows.Select(r => r[0].Text).ToList();
        rows.ShouldBe(["CS-02 Serves the committee's theme", "IMT-01 In a remit service's directorate", "IMT-03 Closed since", "SCSR-01 Replace CareFirst with Liquidlogic and ContrOCC"]);
        Text(Projects(await PackAsync(Q2))).ShouldContain("4 open projects within the remit");
        Text(Projects(await PackAsync(Q2))).ShouldContain("3 without an approved report.");
        // By Q3 (October to December) it is still open for part of the quarter; by Q4 it is not.
        Projects(await PackAsync(Q3)).Blocks.OfType<PackTable>().First().Rows.Select(r => r[0].Text).ShouldContain("IMT-03 Closed since");
        Projects(await PackAsync(new Period(2018, 3))).Blocks.OfType<PackTable>().First().Rows.Select(r => r[0].Text).ShouldNotContain("IMT-03 Closed since");
    }

    [Fact]
    public void A_project_with_no_directorate_is_in_the_remit_of_its_programme_s()
    {
        var committee = new Committee { Code = "X", Name = "X", Services = [new CommitteeService { Service = new Service { Name = "S", DirectorateId = 7 } }] };
        ProjectPack.InRemit(new Project { Code = "A", CodeKey = "A", Name = "A", Programme = new Programme { Code = "P", CodeKey = "P", Name = "P", DirectorateId = 7 } }, committee).ShouldBeTrue();
        ProjectPack.InRemit(new Project { Code = "A", CodeKey = "A", Name = "A", DirectorateId = 8, Programme = new Programme { Code = "P", CodeKey = "P", Name = "P", DirectorateId = 7 } }, committee).ShouldBeFalse();
        ProjectPack.InRemit(new Project { Code = "A", CodeKey = "A", Name = "A" }, committee).ShouldBeFalse();
        ProjectPack.InRemit(new Project { Code = "A", CodeKey = "A", Name = "A" }, null).ShouldBeTrue();
    }
}
