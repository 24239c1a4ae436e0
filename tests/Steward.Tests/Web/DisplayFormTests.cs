using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using Steward.Common;
using Steward.Domain;
using Steward.Features.Indicators;
using Steward.Tests.Support;

namespace Steward.Tests.Web;

/// <summary>
/// Quarter end, point 5: tables read as words. Every page of the three demo councils is read as its users read it, with
/// a result and a risk review in the cycle, and checked for the one display form of each kind of value: no enum name,
/// dates written "14 September 2017", people by name rather than by login, register paths root first, the council named.
/// </summary>
public partial class DisplayFormTests : IAsyncLifetime
{
    private readonly DemoSite _site = new();

    public async Task InitializeAsync()
    {
        await _site.InitializeAsync();
        // A result and a risk review in the cycle, so that "submitted by" and pending reviews are on the pages.
        var updater = await _site.As("updater@dacorum.example");
        var csu10 = await _site.IndicatorId(_site.Dacorum, "CSU10");
        (await updater.SubmitAsync($"/indicators/{csu10}/results/2017-12", new Dictionary<string, string> { ["Value"] = "231", ["Comment"] = "Two new starters", ["action"] = "submit" }))
            .Response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await using var db = _site.Db.Open(_site.Dacorum);
        var risk = await db.Risks.SingleAsync(r => r.Code == "PP_R04");
        var owner = await _site.As("owner@dacorum.example");
        (await owner.SubmitAsync($"/risks/{risk.Id}/review", new Dictionary<string, string>
        {
            ["ReviewDate"] = "2018-01-15", ["ResidualLikelihood"] = "3", ["ResidualImpact"] = "4", ["Prospects"] = "amber",
            ["Commentary"] = "Likelihood up.", ["action"] = "submit",
        })).Response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        db.RiskActions.Add(new Steward.Features.Risks.RiskAction
        {
            RiskId = risk.Id, Description = "Refresh the data centre", Status = Steward.Features.Risks.RiskActionStatus.InProgress, TargetDate = new DateOnly(2018, 5, 31),
        });
        await db.SaveChangesAsync();
    }

    public Task DisposeAsync() => _site.DisposeAsync();

    [GeneratedRegex(@"\b(InProgress|HigherIsBetter|LowerIsBetter|NotExpected|SaveDraft|ScoreUp|ScoreDown|ProspectsChanged|Treat|Tolerate)\b")]
    private static partial Regex EnumNames();

    // A date with a day must name its month in full: "14 Sep 2017" and "14 Sept 2017" are other forms, as are ISO dates in text.
    [GeneratedRegex(@"\b\d{1,2} (Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec) \d{4}\b|\b\d{4}-\d{2}-\d{2}\b")]
    private static partial Regex OtherDateForms();

    [GeneratedRegex(@"[a-z]+@(dacorum|norfolk|cambridgeshire)\.example")]
    private static partial Regex Logins();

    private async Task<List<string>> PagesOf(int organisation)
    {
        await using var db = _site.Db.Open(organisation);
        var indicators = await db.Indicators.Select(i => i.Id).ToListAsync();
        var risks = await db.Risks.Select(r => r.Id).ToListAsync();
        var pages = new List<string>
        {
            "/", "/dashboard", "/risks", "/risks/heatmap?inherent=true&movement=true", "/risks/heatmap?cell=2-4", "/risks/exceptions",
            "/risks/reconciliation?from=2017-07-01&to=2018-01-31", "/risks/reviews", "/approvals", "/my-indicators", "/overdue",
            "/manage", "/manage/indicators", "/manage/settings", "/manage/risk-matrix", "/manage/registers", "/manage/import", "/manage/export",
        };
        pages.AddRange(indicators.Select(id => $"/indicators/{id}"));
        pages.AddRange(indicators.Take(3).Select(id => $"/manage/indicators/{id}/targets"));
        pages.AddRange(indicators.Take(2).Select(id => $"/manage/indicators/{id}"));
        pages.AddRange(risks.Select(id => $"/risks/{id}"));
        pages.AddRange(risks.Take(2).Select(id => $"/risks/{id}/review"));
        return pages;
    }

    /// <summary>What a reader sees of the page's main content: its text, without form hints and file formats (which show what to type) or field values.</summary>
    private static string Visible(IElement main)
    {
        foreach (var hint in main.QuerySelectorAll(".govuk-hint, textarea, select, script, code").ToList()) hint.Remove();
        return main.TextContent;
    }

    [Theory]
    [InlineData("dacorum", "Dacorum Borough Council")]
    [InlineData("norfolk", "Norfolk County Council")]
    [InlineData("cambridgeshire", "Cambridgeshire County Council")]
    public async Task Every_page_writes_each_kind_of_value_one_way_and_names_the_council(string council, string name)
    {
        var organisation = council switch { "dacorum" => _site.Dacorum, "norfolk" => _site.Norfolk, _ => await _site.OrganisationId("CCC") };
        var problems = new List<string>();
        foreach (var role in new[] { "admin", "owner", "approver" })
        {
            var session = await _site.As($"{role}@{council}.example");
            foreach (var url in await PagesOf(organisation))
            {
                var (response, page) = await session.GetAsync(url);
                if (response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound) continue;
                response.StatusCode.ShouldBe(HttpStatusCode.OK, $"{role} at {url}");
                var caption = page.QuerySelector("main .govuk-caption-l")?.TextContent ?? "";
                if (!caption.Contains(name)) problems.Add($"{role} {url}: caption '{caption.Trim()}' does not name the council");
                var text = Visible(page.QuerySelector("main")!);
                foreach (Match m in EnumNames().Matches(text)) problems.Add($"{role} {url}: enum name '{m.Value}'");
                foreach (Match m in OtherDateForms().Matches(text)) problems.Add($"{role} {url}: date written '{m.Value}'");
                foreach (Match m in Logins().Matches(text)) problems.Add($"{role} {url}: a person shown by login '{m.Value}'");
                if (text.Contains($"/{name}")) problems.Add($"{role} {url}: a register path written leaf first");
            }
        }
        problems.ShouldBeEmpty();
    }

    [Fact]
    public void Values_are_written_one_way()
    {
        Show.Date(new DateOnly(2017, 9, 14)).ShouldBe("14 September 2017");
        Show.DateTime(new DateTime(2017, 9, 14, 16, 30, 0, DateTimeKind.Utc)).ShouldBe("14 September 2017, 5:30pm"); // British Summer Time
        Show.DateTime(new DateTime(2018, 1, 15, 9, 5, 0, DateTimeKind.Utc)).ShouldBe("15 January 2018, 9:05am");
        Show.Period(new Period(2017, 9), Frequency.Monthly).ShouldBe("Sep 2017");
        Show.Period(new Period(2017, 9), Frequency.Quarterly).ShouldBe("Q2 2017/18");
        Show.Period(new Period(2018, 3), Frequency.Annual).ShouldBe("2017/18");
        Show.Rag(Rag.None).ShouldBe("Not rated");
        Show.Rag(Rag.Amber).ShouldBe("Amber");
        Show.Word("very high").ShouldBe("Very high");
        Show.Word("amber").ShouldBe("Amber");
        Show.Status(Steward.Features.Risks.RiskActionStatus.InProgress).ShouldBe("In progress");
        Show.Score(new RiskScore(3, 4)).ShouldBe("3×4 = 12");
        Show.Score(null).ShouldBe("Not scored");
        var hr03 = new Indicator { Code = "HR03", CodeKey = "HR03", Name = "Total days lost", InfoOnly = true, Unit = Unit.Days, Decimals = 2 };
        var csu10 = new Indicator { Code = "CSU10", CodeKey = "CSU10", Name = "Average wait", Unit = Unit.Seconds, Decimals = 2 };
        Show.Target(hr03, null).ShouldBe("Info only");
        Show.Target(csu10, null).ShouldBe("No target");
        Show.Target(csu10, 210m).ShouldBe("210.00 s");
        Show.Value(csu10, null).ShouldBe("No data");
        Show.Count(0, "risk").ShouldBe("No risks");
        Show.Count(1, "risk").ShouldBe("1 risk");
        Show.Count(1234, "risk").ShouldBe("1,234 risks");
    }
}
