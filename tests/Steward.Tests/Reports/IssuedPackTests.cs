using System.Net;
using Microsoft.EntityFrameworkCore;
using Steward.Domain;
using Steward.Features.Reports;
using Steward.Tests.Support;
using Steward.Tests.Web;

namespace Steward.Tests.Reports;

/// <summary>Issued packs: frozen and numbered, every format in both versions, what changed between issues, who may read what.</summary>
public class IssuedPackTests : IAsyncLifetime
{
    private readonly DemoSite _site = new();

    public Task InitializeAsync() => _site.InitializeAsync();
    public Task DisposeAsync() => _site.DisposeAsync();

    private async Task<string> CommitteeIdAsync()
    {
        await using var db = _site.Db.Open(_site.Dacorum);
        return (await db.Committees.SingleAsync(c => c.Code == "FROSC")).Id.ToString();
    }

    /// <summary>The lead officer (the demo approver) signs the pack off as it stands, then the officer issues it.</summary>
    private async Task<string> IssueAsync(WebSession officer, string committee)
    {
        var prepare = $"/reports/prepare?committee={committee}&period=2017-09";
        var (signed, _) = await (await _site.As("approver@dacorum.example")).SubmitAsync(prepare, new Dictionary<string, string>(), "form[action*=SignOff]");
        signed.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var (response, _) = await officer.SubmitAsync(prepare, new Dictionary<string, string>(), "form[action*=Issue]");
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return response.Headers.Location!.OriginalString;
    }

    [Fact]
    public async Task An_issued_pack_stays_as_issued_and_the_next_issue_says_what_changed()
    {
        var officer = await _site.As("officer@dacorum.example");
        var committee = await CommitteeIdAsync();
        var first = await IssueAsync(officer, committee);
        var (_, page) = await officer.GetAsync(first);
        page.QuerySelector("h1")!.TextContent.ShouldBe("Quarter 2 2017/18 Performance Report, issue 1");
        page.QuerySelectorAll("main ul.govuk-list a").Select(a => a.TextContent.Trim()).ShouldBe([
            "PDF, Part II version", "Word, Part II version", "Excel, Part II version", "Web page, Part II version",
            "PDF, public version", "Word, public version", "Excel, public version", "Web page, public version"]);
        page.QuerySelector("main")!.TextContent.ShouldContain("This is the first issue.");
        var pdfLink = page.QuerySelectorAll("main ul.govuk-list a").Single(a => a.TextContent.Trim() == "PDF, public version").GetAttribute("href")!;
        var frozen = await (await officer.Client.GetAsync(pdfLink)).Content.ReadAsByteArrayAsync();

        // CSU02's September result is corrected after the first issue.
        await using (var db = _site.Db.Open(_site.Dacorum))
        {
            var result = await db.Results.SingleAsync(r => r.Indicator!.Code == "CSU02" && r.Period == new Period(2017, 9));
            (result.Value, result.Numerator, result.Denominator) = (97m, null, null);
            await db.SaveChangesAsync();
        }
        var second = await IssueAsync(officer, committee);
        var (_, secondPage) = await officer.GetAsync(second);
        secondPage.QuerySelector("h1")!.TextContent.ShouldBe("Quarter 2 2017/18 Performance Report, issue 2");
        var changes = secondPage.QuerySelectorAll("main ul.govuk-list--bullet li").Select(li => li.TextContent).ToList();
        changes.ShouldContain(c => c.StartsWith("Changed: Indicator figures › CSU02 ") && c.Contains("98.36%") && c.Contains("→ 97.00%"));

        // The first issue's files are exactly as they were.
        (await (await officer.Client.GetAsync(pdfLink)).Content.ReadAsByteArrayAsync()).ShouldBe(frozen);
        var html = await (await officer.Client.GetAsync(first + "?handler=File&format=html&public=true")).Content.ReadAsStringAsync();
        html.ShouldContain("98.36%");
        html.ShouldNotContain("97.00%");

        var (_, list) = await officer.GetAsync("/reports/issued");
        list.QuerySelectorAll("tbody tr").Select(r => r.QuerySelectorAll("td")[1].TextContent).ShouldBe(["2", "1"]);
        await using (var db = _site.Db.Open(_site.Dacorum))
            (await db.AuditLog.CountAsync(a => a.EntityType == nameof(IssuedPack) && a.Action == "create")).ShouldBe(2);
    }

    [Fact]
    public async Task Only_the_performance_team_issues_and_only_cleared_people_read_the_part_ii_files()
    {
        var officer = await _site.As("officer@dacorum.example");
        var issued = await IssueAsync(officer, await CommitteeIdAsync());
        var viewer = await _site.As("viewer@dacorum.example");
        var (_, page) = await viewer.GetAsync(issued);
        page.QuerySelectorAll("main ul.govuk-list a").Select(a => a.TextContent.Trim()).ShouldAllBe(t => t.EndsWith("public version"));
        (await viewer.Client.GetAsync(issued + "?handler=File&format=pdf&public=false")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await viewer.Client.GetAsync(issued + "?handler=File&format=pdf&public=true")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await viewer.GetAsync("/reports")).Page.QuerySelector("form[action='/reports/prepare']").ShouldBeNull();
        var token = (await viewer.GetAsync("/sign-out")).Page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var post = await viewer.Client.PostAsync("/reports/prepare?handler=Issue", new FormUrlEncodedContent([new("period", "2017-09"), new("__RequestVerificationToken", token)]));
        post.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        // Another council's issue is not found.
        var norfolk = await _site.As("admin@norfolk.example");
        (await norfolk.Client.GetAsync(issued)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await norfolk.Client.GetAsync(issued + "?handler=File&format=pdf&public=true")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
