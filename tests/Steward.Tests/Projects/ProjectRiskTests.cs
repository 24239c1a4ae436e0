using System.Net;
using Microsoft.EntityFrameworkCore;
using Steward.Features.Risks;
using Steward.Tests.Support;
using Steward.Tests.Web;

namespace Steward.Tests.Projects;

/// <summary>Project risk registers on Dacorum's Digital Dacorum programme: opened under the programme's, read from the project and the portfolio.</summary>
public class ProjectRiskTests : IAsyncLifetime
{
    private readonly DemoSite _site = new();
    public Task InitializeAsync() => _site.InitializeAsync();
    public Task DisposeAsync() => _site.DisposeAsync();

    [Fact]
    public async Task A_project_s_register_opens_under_its_programme_s_and_its_risks_show_on_the_project_and_the_portfolio()
    {
        int refresh, applications;
        await using (var db = _site.Db.Open(_site.Dacorum))
            (refresh, applications) = ((await db.Projects.SingleAsync(p => p.Code == "DD-01")).Id, (await db.Projects.SingleAsync(p => p.Code == "DD-02")).Id);
        var viewer = await _site.As("viewer@dacorum.example");
        var (_, asViewer) = await viewer.GetAsync($"/projects/{refresh}");
        asViewer.QuerySelector("form[action*='handler=OpenRegister']").ShouldBeNull();
        (await viewer.Client.PostAsync($"/projects/{refresh}?handler=OpenRegister", new FormUrlEncodedContent([
            new("__RequestVerificationToken", asViewer.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!)]))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var officer = await _site.As("officer@dacorum.example");
        foreach (var id in new[] { refresh, applications })
        {
            var (_, page) = await officer.GetAsync($"/projects/{id}");
            (await officer.PostFormAsync($"/projects/{id}", page, "form[action*='handler=OpenRegister']")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }
        int register;
        await using (var db = _site.Db.Open(_site.Dacorum))
        {
            var registers = await db.RiskRegisters.ToDictionaryAsync(r => r.Id);
            var project = await db.Projects.Include(p => p.Programme).SingleAsync(p => p.Id == refresh);
            register = project.RegisterId!.Value;
            RiskRegister.PathOf(registers[register], registers).ShouldBe("DD-01 Technology refresh: new PCs, Skype for Business, Direct Access and mobile devices/Digital Dacorum programme");
            registers[(await db.Projects.SingleAsync(p => p.Id == applications)).RegisterId!.Value].ParentId.ShouldBe(project.Programme!.RegisterId, "one programme register for both");
            db.Risks.Add(new Risk
            {
                Code = "DD-R1", CodeKey = "DD-R1", Title = "Devices not delivered in time for the roll-out", RegisterId = register,
                ResidualLikelihood = 3, ResidualImpact = 3, NextReviewDate = new DateOnly(2018, 3, 31),
            });
            await db.SaveChangesAsync();
        }

        // The risk form opens on the project's register.
        var (_, form) = await officer.GetAsync($"/risks/new?register={register}");
        form.QuerySelector("select[name=register] option[selected]")!.GetAttribute("value").ShouldBe(register.ToString());

        var (_, detail) = await viewer.GetAsync($"/projects/{refresh}");
        detail.QuerySelector("main")!.TextContent.Squash().ShouldContain("1 open risk, kept on the council's matrix and review cycle.");
        var row = detail.QuerySelectorAll("table").Single(t => t.QuerySelector("caption")?.TextContent.Contains("open risks") == true).QuerySelector("tbody tr")!.TextContent.Squash();
        row.ShouldStartWith("DD-R1 Devices not delivered in time for the roll-out 3×3 = 9");
        row.ShouldEndWith("31 March 2018");
        var (_, portfolio) = await viewer.GetAsync("/projects");
        portfolio.QuerySelectorAll("#portfolio tbody tr").Single(r => r.QuerySelector("th a")!.TextContent == "DD-01").TextContent.Squash().ShouldContain("1 open risk");
    }
}
