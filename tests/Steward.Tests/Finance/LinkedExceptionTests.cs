using Microsoft.EntityFrameworkCore;
using Steward.Common;
using Steward.Domain;
using Steward.Features.Indicators;
using Steward.Features.Reports;
using Steward.Features.Risks;
using Steward.Tests.Support;
using Steward.Tests.Web;

namespace Steward.Tests.Finance;

/// <summary>
/// Issue 15: Norfolk's two exception criteria that read beyond an indicator's own figures (seed 004, 2.3): "performance is
/// adversely affecting the council's ability to achieve its budget" and "… one of the council's corporate risks". ICT06
/// Systems availability is green at Sep 2017 with no exception of its own; linked to the Technical Programme line (forecast
/// £157,000 over at P6) and to RM010 (12, amber prospects), it is reported by exception, on every page and in the pack.
/// </summary>
public class LinkedExceptionTests : IAsyncLifetime
{
    private readonly DemoSite _site = new();
    private static readonly Period Sep = new(2017, 9);

    public Task InitializeAsync() => _site.InitializeAsync();
    public Task DisposeAsync() => _site.DisposeAsync();

    private async Task<IReadOnlyList<ExceptionReason>> ReasonsAsync(string code)
    {
        await using var db = _site.Db.Open(_site.Norfolk);
        var org = await db.Organisations.SingleAsync(o => o.Id == _site.Norfolk);
        return (await Performance.AtAsync(db, org, Sep)).Single(s => s.Indicator.Code == code).Exceptions;
    }

    [Fact]
    public async Task A_linked_budget_line_over_the_threshold_and_a_linked_corporate_risk_make_an_exception_everywhere()
    {
        var admin = await _site.As("admin@norfolk.example");
        var ict06 = await _site.IndicatorId(_site.Norfolk, "ICT06");
        (await ReasonsAsync("ICT06")).ShouldBeEmpty();
        var exceptionsOnly = "/dashboard?period=2017-09&exceptions=true";
        (await admin.GetAsync(exceptionsOnly)).Page.QuerySelector("main")!.TextContent.ShouldNotContain("ICT06");

        // The performance team links the line, choosing the committee and then one of its lines.
        var url = $"/manage/indicators/{ict06}/links?committee=DIE";
        var (_, links) = await admin.GetAsync(url);
        var technical = links.QuerySelectorAll("#line option").Single(o => o.TextContent.Contains("Technical Programme")).GetAttribute("value")!;
        (await admin.PostFormAsync(url, links, "form[action*=Add]", ("LineId", technical))).StatusCode.ShouldBe(System.Net.HttpStatusCode.Redirect);
        (_, links) = await admin.GetAsync($"/manage/indicators/{ict06}/links");
        links.QuerySelector("main table")!.TextContent.Squash().ShouldContain("Digital Innovation and Efficiency Committee Information Management and Technology Technical Programme");
        (await ReasonsAsync("ICT06")).ShouldBe([ExceptionReason.Budget]);

        // RM010 sits on the Finance and Commercial Services register, which is not corporate: linking it changes nothing
        // until the risk team says that register is part of the corporate register.
        await using (var db = _site.Db.Open(_site.Norfolk))
        {
            var rm010 = await db.Risks.SingleAsync(r => r.Code == "RM010");
            db.RiskAssurances.Add(new RiskAssurance { RiskId = rm010.Id, Description = "Systems availability, reported monthly", IndicatorId = ict06 });
            await db.SaveChangesAsync();
        }
        (await ReasonsAsync("ICT06")).ShouldBe([ExceptionReason.Budget]);
        var (_, registers) = await admin.GetAsync("/manage/registers");
        var form = registers.QuerySelectorAll("form[action*=Update]").Single(f => f.QuerySelector("input[name=Name]")!.GetAttribute("value") == "Finance and Commercial Services");
        var parent = form.QuerySelector("select[name=ParentId] option[selected]")!.GetAttribute("value")!;
        (await admin.PostFormAsync("/manage/registers", registers, $"form[action='{form.GetAttribute("action")}']",
            ("Name", "Finance and Commercial Services"), ("ParentId", parent), ("Corporate", "true"))).StatusCode.ShouldBe(System.Net.HttpStatusCode.Redirect);
        (await ReasonsAsync("ICT06")).ShouldBe([ExceptionReason.Budget, ExceptionReason.CorporateRisk]);

        // The report card, the dashboard (and its exceptions only), the RAG export and the pack all give both reasons.
        var (_, card) = await admin.GetAsync($"/indicators/{ict06}?period=2017-09");
        var cardText = card.QuerySelector("main")!.TextContent.Squash();
        cardText.ShouldContain("Adversely affecting the budget (a linked budget line is forecast to overspend by more than the threshold)");
        cardText.ShouldContain("Adversely affecting a corporate risk (a linked corporate risk is reported by exception)");
        var row = (await admin.GetAsync(exceptionsOnly)).Page.QuerySelectorAll("main tr").Single(r => r.TextContent.Contains("ICT06")).TextContent.Squash();
        row.ShouldContain("Adversely affecting the budget");
        var rag = await StewardCli.RunAsync(_site.Db, "export", "rag", "--org", "NCC", "--period", "2017-09");
        rag.OutLines.Single(l => l.StartsWith("ICT06,")).ShouldBe("ICT06,2017-09,99.0,99.0,green,budget;corporate_risk,Sep 2017,99.0,99.0,unchanged");
        await using (var db = _site.Db.Open(_site.Norfolk))
        {
            var org = await db.Organisations.SingleAsync(o => o.Id == _site.Norfolk);
            var committee = await db.Committees.SingleAsync(c => c.Code == "DIE");
            var pack = await PackBuilder.BuildAsync(db, org, new PackRequest(committee, Sep, false, new DateOnly(2017, 11, 8)));
            var html = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(PackHtml.Render(pack)).Body!.TextContent.Squash();
            html.ShouldContain("Adversely affecting the budget");
            html.ShouldContain("Adversely affecting a corporate risk");
        }

        // A threshold above the overspend clears the budget reason at once; a risk brought below the exception threshold
        // (a review signed off) clears the other.
        var (_, settings) = await admin.GetAsync("/manage/settings");
        var fields = settings.QuerySelectorAll("main form:not([action]) input:not([type=hidden]):not([type=checkbox]), main form:not([action]) select")
            .Select(e => (e.GetAttribute("name")!, e is AngleSharp.Html.Dom.IHtmlSelectElement s ? s.Value ?? "" : e.GetAttribute("value") ?? "")).ToList();
        fields = fields.Select(f => f.Item1 == "BudgetThreshold" ? (f.Item1, "200000") : f).Append(("BankHolidaysOn", "true")).ToList();
        (await admin.PostFormAsync("/manage/settings", settings, "main form:not([action])", fields.ToArray())).StatusCode.ShouldBe(System.Net.HttpStatusCode.Redirect);
        (await ReasonsAsync("ICT06")).ShouldBe([ExceptionReason.CorporateRisk]);
        (await admin.GetAsync(exceptionsOnly)).Page.QuerySelectorAll("main tr").Single(r => r.TextContent.Contains("ICT06")).TextContent.Squash()
            .ShouldNotContain("Adversely affecting the budget");
        await using (var db = _site.Db.Open(_site.Norfolk))
        {
            var rm010 = await db.Risks.SingleAsync(r => r.Code == "RM010");
            rm010.Prospects = Prospects.Green;
            await db.SaveChangesAsync();
        }
        (await ReasonsAsync("ICT06")).ShouldBeEmpty();
        (await admin.GetAsync(exceptionsOnly)).Page.QuerySelector("main")!.TextContent.ShouldNotContain("ICT06");
    }

    [Fact]
    public async Task An_overspend_past_the_threshold_without_commentary_is_refused_by_the_import()
    {
        using var files = new TempFiles();
        var file = files.Write("p7.csv", "committee,service,line,kind,period,budget,forecast,commentary\n" +
            "DIE,Information Management and Technology,Technical Programme,revenue,2017-10,1273300,1430300,\n" +
            "DIE,Information Management and Technology,Information Management,revenue,2017-10,1312000,1402000,\n");
        var r = await StewardCli.RunAsync(_site.Db, "import", "--org", "NCC", file);
        r.ExitCode.ShouldBe(1);
        r.ErrLines.Select(l => l.Replace(Path.GetDirectoryName(file) + "/", "")).ShouldBe([
            "p7.csv:2: column commentary: is needed: the forecast overspend of £157,000 passes the council's threshold of £100,000",
            "Nothing was imported: 1 error(s).",
        ]);
    }
}
