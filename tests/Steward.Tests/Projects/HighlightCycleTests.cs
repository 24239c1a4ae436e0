using System.Net;
using Microsoft.EntityFrameworkCore;
using Steward.Domain;
using Steward.Tests.Support;
using Steward.Tests.Web;

namespace Steward.Tests.Projects;

/// <summary>
/// A month's highlight report through its cycle: Norfolk's project manager (the demo updater) writes November 2017's,
/// the sponsor (the demo approver) returns it, it is fixed and approved, and the portfolio shows it.
/// </summary>
public class HighlightCycleTests : IAsyncLifetime
{
    private readonly DemoSite _site = new();
    public Task InitializeAsync() => _site.InitializeAsync();
    public Task DisposeAsync() => _site.DisposeAsync();

    private async Task<int> ProjectIdAsync()
    {
        await using var db = _site.Db.Open(_site.Norfolk);
        return (await db.Projects.SingleAsync(p => p.Code == "SCSR-01")).Id;
    }

    private static (string, string)[] Report(string scopeReason = "") =>
    [
        ("Overall", "green"), ("OverallReason", "Adults and ContrOCC went live on 20 November."),
        ("Time", "green"), ("Cost", "green"), ("Scope", "amber"), ("ScopeReason", scopeReason), ("Quality", "green"),
        ("ForecastEnd", "2018-03-31"), ("ForecastCost", "£10,347,000"), ("action", "submit"),
    ];

    [Fact]
    public async Task The_manager_submits_the_sponsor_returns_it_is_fixed_and_approved_and_the_portfolio_shows_it()
    {
        var id = await ProjectIdAsync();
        var url = $"/projects/{id}/reports/2017-12";
        var manager = await _site.As("updater@norfolk.example");
        var sponsor = await _site.As("approver@norfolk.example");

        // Submitting needs every rating, and a reason for amber or red.
        var (_, form) = await manager.GetAsync(url);
        var refused = await manager.PostFormAsync(url, form, "main form:not([action*=handler])", ("action", "submit"));
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await refused.Content.ReadAsStringAsync());
        page.QuerySelector(".govuk-error-summary")!.TextContent.Squash().ShouldContain("Choose the overall rating: green, amber or red");
        refused = await manager.PostFormAsync(url, form, "main form:not([action*=handler])", Report());
        (await refused.Content.ReadAsStringAsync()).ShouldContain("Say why scope is amber");

        var submitted = await manager.PostFormAsync(url, form, "main form:not([action*=handler])", Report("The Briefcase function follows in January."));
        submitted.StatusCode.ShouldBe(HttpStatusCode.Redirect, new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await submitted.Content.ReadAsStringAsync()).QuerySelector(".govuk-error-summary")?.TextContent.Squash());

        // The sponsor returns it, saying why; a return without a comment is refused.
        var (_, toDecide) = await sponsor.GetAsync(url);
        var noComment = await sponsor.PostFormAsync(url, toDecide, "form[action*='handler=Decide']", ("decision", "return"));
        (await noComment.Content.ReadAsStringAsync()).ShouldContain("Say why the highlight report is returned, so the project manager can fix it");
        await using (var check = _site.Db.Open(_site.Norfolk))
            (await check.HighlightReports.SingleAsync(h => h.ProjectId == id && h.Period == new Period(2017, 12))).Status.ShouldBe(ApprovalStatus.Submitted);
        (await sponsor.PostFormAsync(url, toDecide, "form[action*='handler=Decide']", ("decision", "return"), ("Comment", "Give the forecast for the Children's go-live.")))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);

        // The manager reads the comment, fixes the report and submits it again; the sponsor approves.
        var (_, returned) = await manager.GetAsync(url);
        returned.QuerySelector("main")!.TextContent.ShouldContain("Give the forecast for the Children's go-live.");
        (await manager.PostFormAsync(url, returned, "main form:not([action*=handler])",
            [.. Report("The Briefcase function follows in January."), ("NextPeriod", "Children's go-live on 26 March 2018.")])).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var (_, again) = await sponsor.GetAsync(url);
        (await sponsor.PostFormAsync(url, again, "form[action*='handler=Decide']", ("decision", "approve"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        await using (var db = _site.Db.Open(_site.Norfolk))
        {
            var report = await db.HighlightReports.SingleAsync(h => h.ProjectId == id && h.Period == new Period(2017, 12));
            (report.Status, report.Scope, report.ForecastCost, report.ApprovedBy, report.SubmittedBy)
                .ShouldBe((ApprovalStatus.Approved, Rag.Amber, 10_347_000m, "approver@norfolk.example", "updater@norfolk.example"));
            (await db.AuditLog.CountAsync(a => a.EntityType == "HighlightReport" && a.EntityId == report.Id.ToString())).ShouldBe(4);
        }
        var (_, portfolio) = await (await _site.As("viewer@norfolk.example")).GetAsync("/projects");
        portfolio.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains("SCSR-01")).TextContent.ShouldContain("Dec 2017");
    }

    [Fact]
    public async Task Only_the_manager_or_the_performance_team_write_and_only_the_sponsor_decides()
    {
        var url = $"/projects/{await ProjectIdAsync()}/reports/2017-12";
        foreach (var who in new[] { "viewer", "approver", "owner" })
        {
            var s = await _site.As($"{who}@norfolk.example");
            var (_, page) = await s.GetAsync(url);
            page.QuerySelector("main form:not([action*=handler])").ShouldBeNull($"{who} sees no form to write it");
            var token = page.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
                        ?? (await s.GetAsync("/account")).Page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
            (await s.Client.PostAsync(url, new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("action", "draft")])))
                .StatusCode.ShouldBe(HttpStatusCode.Forbidden, who);
        }
        var updater = await _site.As("updater@norfolk.example");
        var (_, own) = await updater.GetAsync(url);
        var t = own.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        (await updater.Client.PostAsync(url + "?handler=Decide", new FormUrlEncodedContent([new("__RequestVerificationToken", t), new("decision", "approve")])))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        // A viewer named as sponsor, or a manager who is also the sponsor, decides nothing; a viewer reads approved reports only.
        await using (var db = _site.Db.Open(_site.Norfolk))
        {
            var project = await db.Projects.SingleAsync(p => p.Code == "SCSR-01");
            project.SponsorId = (await db.People.SingleAsync(p => p.AccountId == db.Accounts.Single(a => a.NormalisedEmail == "viewer@norfolk.example").Id)).Id;
            db.HighlightReports.Add(new Steward.Features.Projects.HighlightReport { ProjectId = project.Id, Period = new Period(2017, 12), Status = ApprovalStatus.Submitted, SubmittedBy = "updater@norfolk.example", Overall = Rag.Red });
            await db.SaveChangesAsync();
        }
        var viewer = await _site.As("viewer@norfolk.example");
        var (_, asViewer) = await viewer.GetAsync(url);
        asViewer.QuerySelector("form[action*='handler=Decide']").ShouldBeNull();
        asViewer.QuerySelector("main")!.TextContent.ShouldContain("No highlight report for Dec 2017 yet.");
        var viewerToken = (await viewer.GetAsync("/account")).Page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        (await viewer.Client.PostAsync(url + "?handler=Decide", new FormUrlEncodedContent([new("__RequestVerificationToken", viewerToken), new("decision", "approve"), new("Version", "0")])))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        // Not a month ahead: 20 January 2018 is today.
        var (_, future) = await updater.GetAsync(url.Replace("2017-12", "2018-02"));
        var ahead = await updater.PostFormAsync(url.Replace("2017-12", "2018-02"), future, "main form:not([action*=handler])", ("action", "draft"));
        (await ahead.Content.ReadAsStringAsync()).ShouldContain("Feb 2018 has not started");
    }
}
