using System.Net;
using Microsoft.EntityFrameworkCore;
using Steward.Domain;
using Steward.Tests.Support;
using Steward.Tests.Web;

namespace Steward.Tests.Projects;

/// <summary>
/// Benefits and closure on Dacorum's Digital Dacorum projects: a benefit tracked by an indicator's approved results,
/// one measured by hand; the applications upgrades' closure report set against its baseline, with the benefits so far.
/// </summary>
public class ProjectDeliveryTests : IAsyncLifetime
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

    private static string Facts(AngleSharp.Dom.IElement list) =>
        string.Join(" | ", list.QuerySelectorAll(".govuk-summary-list__row").Select(r => $"{r.QuerySelector("dt")!.TextContent.Squash()}: {r.QuerySelector("dd")!.TextContent.Squash()}"));

    [Fact]
    public async Task Benefits_are_realised_from_an_indicator_s_approved_results_or_from_measurements()
    {
        var id = await IdAsync("DD-01");
        var url = $"/projects/{id}/benefits";
        var manager = await _site.As("updater@dacorum.example");
        var add = "form[action*='handler=Add']";
        var (_, refused) = await manager.SubmitAsync(url, new Dictionary<string, string> { ["Description"] = "", ["Measure"] = "", ["BaselineValue"] = "lots", ["IndicatorCode"] = "XX99" }, add);
        var errors = refused.QuerySelector(".govuk-error-summary")!.TextContent.Squash();
        errors.ShouldContain("Say what the benefit is, up to 2,000 characters");
        errors.ShouldContain("Say how it is measured, with its unit, up to 300 characters");
        errors.ShouldContain("Enter a number without commas, like 15000 or 2.5, with at most 4 decimal places");
        errors.ShouldContain("No indicator has the code XX99");
        var (_, comma) = await manager.SubmitAsync(url, new Dictionary<string, string> { ["Description"] = "x", ["Measure"] = "y", ["TargetValue"] = "2,5" }, add);
        Text(comma).ShouldContain("Enter a number without commas");

        (await manager.SubmitAsync(url, new Dictionary<string, string>
        {
            ["Description"] = "Fewer calls and visits as residents use digital services", ["Measure"] = "Calls to the Customer Service Centre a month",
            ["BaselineValue"] = "20000", ["TargetValue"] = "15000", ["TargetDate"] = "2019-03-31",
        }, add)).Response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await manager.SubmitAsync(url, new Dictionary<string, string>
        {
            ["Description"] = "Resilient systems", ["Measure"] = "Incidents resolved in less than 2 days (%)", ["BaselineValue"] = "90", ["TargetValue"] = "100", ["IndicatorCode"] = "ict01",
        }, add)).Response.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        int calls;
        decimal ict01;
        await using (var db = _site.Db.Open(_site.Dacorum))
        {
            calls = (await db.ProjectBenefits.SingleAsync(b => b.Description.StartsWith("Fewer calls"))).Id;
            ict01 = (await db.Results.Where(r => r.Indicator!.Code == "ICT01" && r.Status == ApprovalStatus.Approved).OrderByDescending(r => r.Period).FirstAsync()).Value!.Value;
        }
        var measure = $"form[action*='benefitId={calls}']";
        var (_, future) = await manager.SubmitAsync(url, new Dictionary<string, string> { ["MeasuredOn"] = "2018-02-01", ["Value"] = "x" }, measure);
        Text(future).ShouldContain("The date it was measured cannot be after today");
        Text(future).ShouldContain("Enter a number without commas, like 15000 or 2.5, with at most 4 decimal places");
        (await manager.SubmitAsync(url, new Dictionary<string, string> { ["MeasuredOn"] = "2018-01-10", ["Value"] = "17500", ["Note"] = "December's calls" }, measure))
            .Response.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var viewer = await _site.As("viewer@dacorum.example");
        var (_, page) = await viewer.GetAsync(url);
        page.QuerySelector("main form").ShouldBeNull("a councillor reads them only");
        var lists = page.QuerySelectorAll("main .govuk-summary-list").Select(Facts).ToList();
        lists[0].ShouldContain("Realised so far: 17500 on 10 January 2018: 50.0% of the way from baseline to target");
        lists[0].ShouldContain("Target: 15000 by 31 March 2019");
        lists[1].ShouldContain("Tracked by: ICT01");
        lists[1].ShouldContain($"{BenefitRules.Realised(90, 100, ict01)!.Value:0.0}% of the way from baseline to target");
        var token = (await viewer.GetAsync("/account")).Page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        (await viewer.Client.PostAsync(url + "?handler=Add", new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("Description", "x"), new("Measure", "y")])))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_closure_report_is_set_against_the_baseline_and_saved_against_the_version_read()
    {
        var id = await IdAsync("DD-02");
        var url = $"/projects/{id}/closure";
        var manager = await _site.As("updater@dacorum.example");
        var (_, refused) = await manager.SubmitAsync(url, new Dictionary<string, string> { ["ActualEnd"] = "2018-02-01", ["FinalCost"] = "about 200k", ["Delivered"] = "" });
        var errors = refused.QuerySelector(".govuk-error-summary")!.TextContent.Squash();
        errors.ShouldContain("The date the project ended cannot be after today");
        errors.ShouldContain("Enter the final cost in pounds, like 10347000");
        errors.ShouldContain("Say what the project delivered against its baseline");

        var (_, blank) = await manager.GetAsync(url);
        (await manager.SubmitAsync(url, new Dictionary<string, string>
        {
            ["ActualEnd"] = "2018-01-15", ["FinalCost"] = "£200,000", ["Delivered"] = "Strand, Agresso and Accolaid upgraded; the Applications Roadmap launched.",
            ["Lessons"] = "Centralised application support made the upgrades quicker.",
        })).Response.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var viewer = await _site.As("viewer@dacorum.example");
        var (_, page) = await viewer.GetAsync(url);
        Facts(page.QuerySelector("main .govuk-summary-list")!).ShouldContain("Ended: 15 January 2018 | Final cost: £200,000");
        page.QuerySelector("table")!.TextContent.Squash().ShouldContain("The baseline in force (baseline 1: 30 September 2018, £210,000) 258 days early £10,000 under (4.8%)");
        page.QuerySelector("main form").ShouldBeNull();

        // A save from the form read before the report was written is refused, keeping what was typed.
        var stale = await manager.PostFormAsync(url, blank, "main form", ("ActualEnd", "2018-01-16"), ("Delivered", "Typed meanwhile"));
        var text = await stale.Content.ReadAsStringAsync();
        text.ShouldContain("Someone else changed this closure report after you opened it, so your change was not saved");
        text.ShouldContain("Typed meanwhile");
        await using var db = _site.Db.Open(_site.Dacorum);
        (await db.ProjectClosures.SingleAsync(c => c.ProjectId == id)).ActualEnd.ShouldBe(new DateOnly(2018, 1, 15));
    }
}
