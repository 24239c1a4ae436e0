using System.Net;
using Microsoft.EntityFrameworkCore;
using Steward.Domain;
using Steward.Features.Audit;
using Steward.Tests.Support;

namespace Steward.Tests.Web;

/// <summary>The audit trail in the browser: searched, in words, as CSV, and each indicator's and risk's own history.</summary>
public class AuditTrailTests : IAsyncLifetime
{
    private readonly DemoSite _site = new();

    public Task InitializeAsync() => _site.InitializeAsync();
    public Task DisposeAsync() => _site.DisposeAsync();

    [Fact]
    public void Entries_read_in_words()
    {
        AuditWords.Words("UpdaterComment").ShouldBe("updater comment");
        AuditWords.Action("create").ShouldBe("Added");
        AuditWords.Action("sign-in").ShouldBe("Signed in");
        AuditWords.Action("password-reset-link-issued").ShouldBe("Issued a password reset link for");
        AuditWords.Changes("""{"Value":[98.36,97],"UpdaterComment":[null,"Two advisers off sick"],"Exempt":[false,true]}""")
            .ShouldBe(["Value: 98.36 → 97", "Updater comment: (empty) → Two advisers off sick", "Exempt: no → yes"]);
        AuditWords.Changes("""{"rows":120}""").ShouldBe(["Rows: 120"]);
    }

    /// <summary>CSU02's September result corrected by the demo performance officer.</summary>
    private async Task CorrectAsync()
    {
        await using var db = _site.Db.Open(_site.Dacorum);
        db.Actor = "officer@dacorum.example";
        var result = await db.Results.SingleAsync(r => r.Indicator!.Code == "CSU02" && r.Period == new Period(2017, 9));
        (result.Value, result.Numerator, result.Denominator, result.UpdaterComment) = (97m, null, null, "Corrected after the system migration");
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task The_performance_team_searches_the_trail_and_reads_each_change_before_and_after()
    {
        await CorrectAsync();
        var officer = await _site.As("officer@dacorum.example");
        var (_, page) = await officer.GetAsync("/manage/audit?kind=Result&name=CSU02");
        var row = page.QuerySelectorAll("tbody tr").First();
        var cells = row.QuerySelectorAll("td").Select(td => td.TextContent.Squash()).ToList();
        cells[1].ShouldStartWith("Demo performance officer"); // with its channel when not the web pages
        cells[2].ShouldBe("Changed result CSU02 2017-09");
        cells[3].ShouldContain("→ 97");
        cells[3].ShouldContain("Updater comment: A positive result → Corrected after the system migration");
        cells[3].ShouldContain("Denominator: 16016 → (empty)");
        page.QuerySelectorAll("tbody tr").ShouldAllBe(r => r.TextContent.Contains("CSU02"));

        var csv = await officer.Client.GetAsync("/manage/audit?kind=Result&name=CSU02&handler=Csv");
        csv.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        var text = await csv.Content.ReadAsStringAsync();
        text.Split('\n')[0].ShouldBe("at,who,channel,action,record,changes");
        text.ShouldContain("officer@dacorum.example,test,Changed,result CSU02 2017-09,");

        (await (await _site.As("viewer@dacorum.example")).Client.GetAsync("/manage/audit")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var (_, bad) = await officer.GetAsync("/manage/audit?from=6 March");
        bad.QuerySelector(".govuk-error-summary")!.TextContent.ShouldContain("Enter the 'from' date as year-month-day");
    }

    [Fact]
    public async Task Sign_ins_of_the_councils_people_are_in_its_trail_and_not_in_another_councils()
    {
        await _site.As("updater@dacorum.example");
        var admin = await _site.As("admin@dacorum.example");
        var (_, page) = await admin.GetAsync("/manage/audit?kind=Account");
        page.QuerySelectorAll("tbody tr").Select(r => r.TextContent.Squash()).ShouldContain(t => t.Contains("Signed in updater@dacorum.example"));
        var norfolk = await _site.As("admin@norfolk.example");
        var (_, theirs) = await norfolk.GetAsync("/manage/audit?kind=Account");
        theirs.Body!.TextContent.ShouldNotContain("updater@dacorum.example");
    }

    [Fact]
    public async Task Pages_go_back_fifty_entries_at_a_time()
    {
        await using (var db = _site.Db.Open(_site.Dacorum))
        {
            for (var i = 0; i < 60; i++) db.Record("test", "Result", i.ToString(), $"entry {i:00}", null);
            await db.SaveChangesAsync();
        }
        var officer = await _site.As("officer@dacorum.example");
        var (_, first) = await officer.GetAsync("/manage/audit?name=entry");
        first.QuerySelectorAll("tbody tr").Length.ShouldBe(50);
        var older = first.QuerySelector("a[rel=next]")!.GetAttribute("href")!;
        var (_, second) = await officer.GetAsync(older);
        second.QuerySelectorAll("tbody tr").Length.ShouldBe(10);
        second.QuerySelector("a[rel=next]").ShouldBeNull();
        second.QuerySelectorAll("tbody tr").Select(r => r.TextContent).ShouldContain(t => t.Contains("entry 00"));
    }

    [Fact]
    public async Task An_indicator_shows_its_own_history_to_those_in_the_cycle_but_not_to_councillors()
    {
        await CorrectAsync();
        var id = await _site.IndicatorId(_site.Dacorum, "CSU02");
        var (_, card) = await (await _site.As("updater@dacorum.example")).GetAsync($"/indicators/{id}");
        var history = card.QuerySelectorAll("table").Single(t => t.QuerySelector("caption")!.TextContent.StartsWith("Changes to CSU02"));
        history.QuerySelector("tbody tr")!.TextContent.Squash().ShouldContain("Changed result CSU02 2017-09");
        var (_, viewerCard) = await (await _site.As("viewer@dacorum.example")).GetAsync($"/indicators/{id}");
        viewerCard.QuerySelectorAll("h2").Select(h => h.TextContent).ShouldNotContain("History");
        viewerCard.QuerySelectorAll("caption").ShouldNotContain(c => c.TextContent.StartsWith("Changes to"));
    }

    [Fact]
    public async Task A_results_page_shows_that_results_own_history()
    {
        await CorrectAsync();
        var id = await _site.IndicatorId(_site.Dacorum, "CSU02");
        var (_, page) = await (await _site.As("updater@dacorum.example")).GetAsync($"/indicators/{id}/results/2017-09");
        var history = page.QuerySelectorAll("table").Single(t => t.QuerySelector("caption")!.TextContent == "Changes to this result, latest first");
        history.QuerySelectorAll("tbody tr").ShouldAllBe(r => r.TextContent.Contains("result CSU02 2017-09"));
        history.TextContent.ShouldContain("Corrected after the system migration");
    }
}
