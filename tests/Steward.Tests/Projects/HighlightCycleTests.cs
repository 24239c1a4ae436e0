using System.Net;
using Microsoft.EntityFrameworkCore;
using Steward.Domain;
using Steward.Features.Projects;
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
        portfolio.QuerySelectorAll("#portfolio tbody tr").Single(r => r.TextContent.Contains("SCSR-01")).TextContent.ShouldContain("Dec 2017");
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

    [Fact]
    public async Task Milestones_take_forecast_and_actual_dates_checked_and_show_where_they_stand()
    {
        var id = await ProjectIdAsync();
        var url = $"/projects/{id}/reports/2017-12";
        int adults, children, original;
        await using (var db = _site.Db.Open(_site.Norfolk))
        {
            var milestones = await db.BaselineMilestones.ToListAsync();
            (adults, children) = (milestones.Single(m => m.Name == "Adults and ContrOCC live").Id, milestones.Single(m => m.Name == "Children's Services and ContrOCC live").Id);
            original = milestones.Single(m => m.Name == "Go live").Id;
        }
        var manager = await _site.As("updater@norfolk.example");
        var (_, form) = await manager.GetAsync(url);
        form.QuerySelectorAll("legend").Select(l => l.TextContent.Squash()).ShouldContain("Children's Services and ContrOCC live: baseline 31 March 2018");
        form.QuerySelector($"input[name=milestone-{original}-forecast]").ShouldBeNull("the original baseline's milestones are not this report's");

        // Bad dates are refused by field, and an actual date cannot be after today (20 January 2018).
        var refused = await manager.PostFormAsync(url, form, "main form:not([action*=handler])",
            ($"milestone-{children}-forecast", "31/05/2018"), ($"milestone-{adults}-actual", "2018-02-01"), ("action", "draft"));
        var text = await refused.Content.ReadAsStringAsync();
        text.ShouldContain("Enter the forecast date of Children&#x27;s Services and ContrOCC live as YYYY-MM-DD, like 2017-11-20, from 2000 to 2100");
        text.ShouldContain("The actual date of Adults and ContrOCC live is when it was achieved: 20 January 2018 or before");
        // Fields the page does not show are not read; given directly, a milestone of another baseline is refused.
        await using (var db = _site.Db.Open(_site.Norfolk))
        {
            var scsr = await db.Projects.SingleAsync(p => p.Id == id);
            var actor = new Actor("updater@norfolk.example", IsUpdater: true, IsApprover: false, IsPerformanceOfficer: false);
            var outcome = await HighlightEntry.EnterAsync(db, scsr, new Period(2017, 12),
                new HighlightForm(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, [new MilestoneEntry(original, "2018-01-01", null)]),
                ApprovalAction.SaveDraft, actor, null, DateTime.UtcNow, new DateOnly(2018, 1, 20));
            outcome.Errors.Values.ShouldBe(["Give dates only for the milestones of the baseline this report is measured against"]);
            (await db.HighlightReports.AnyAsync(h => h.ProjectId == id && h.Period == new Period(2017, 12))).ShouldBeFalse();
        }

        (await manager.PostFormAsync(url, form, "main form:not([action*=handler])",
            ("Overall", "amber"), ("OverallReason", "Children's go-live slips to May."), ("Time", "amber"), ("TimeReason", "Data migration defects."),
            ("Cost", "green"), ("Scope", "green"), ("Quality", "green"),
            ($"milestone-{children}-forecast", "2018-05-31"), ($"milestone-{adults}-actual", "2017-11-20"), ("action", "submit"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var sponsor = await _site.As("approver@norfolk.example");
        var (_, toDecide) = await sponsor.GetAsync(url);
        (await sponsor.PostFormAsync(url, toDecide, "form[action*='handler=Decide']", ("decision", "approve"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var viewer = await _site.As("viewer@norfolk.example");
        var (_, read) = await viewer.GetAsync(url);
        string Row(AngleSharp.Dom.IDocument page, string name) => page.QuerySelectorAll("tr").Single(r => r.QuerySelector("th")?.TextContent.Trim() == name).TextContent.Squash();
        Row(read, "Adults and ContrOCC live").ShouldBe("Adults and ContrOCC live 30 November 2017 Not given 20 November 2017 Achieved");
        Row(read, "Children's Services and ContrOCC live").ShouldBe("Children's Services and ContrOCC live 31 March 2018 31 May 2018 Not yet Forecast 61 days late");
        Row(read, "Contract awarded to Liquidlogic").ShouldBe("Contract awarded to Liquidlogic 31 August 2016 Not given Not yet Overdue");
        var (_, project) = await viewer.GetAsync($"/projects/{id}");
        project.QuerySelectorAll("caption").Select(c => c.TextContent.Trim()).ShouldContain("Key milestones against baseline 2, from the Dec 2017 highlight report");
        Row(project, "Children's Services and ContrOCC live").ShouldContain("Forecast 61 days late");

        // Changing only a milestone's date moves the report on: a form read before it is refused as a conflict.
        var (_, stale) = await manager.GetAsync(url);
        (await manager.PostFormAsync(url, stale, "main form:not([action*=handler])", ($"milestone-{children}-forecast", "2018-06-30"), ($"milestone-{adults}-actual", "2017-11-20"), ("action", "draft")))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var conflict = await manager.PostFormAsync(url, stale, "main form:not([action*=handler])", ($"milestone-{children}-forecast", "2018-07-31"), ("action", "draft"));
        (await conflict.Content.ReadAsStringAsync()).ShouldContain("Someone else changed this highlight report after you opened it");
        await using (var db = _site.Db.Open(_site.Norfolk))
        {
            var report = await db.HighlightReports.Include(h => h.Milestones).SingleAsync(h => h.ProjectId == id && h.Period == new Period(2017, 12));
            report.Milestones.Single(m => m.MilestoneId == children).Forecast.ShouldBe(new DateOnly(2018, 6, 30));
            report.Milestones.Single(m => m.MilestoneId == adults).Actual.ShouldBe(new DateOnly(2017, 11, 20));
        }

        // January's report starts from December's dates, for the manager to check.
        var (_, january) = await manager.GetAsync(url.Replace("2017-12", "2018-01"));
        january.QuerySelector(".govuk-inset-text")!.TextContent.ShouldContain("filled in from the Dec 2017 report");
        january.QuerySelector($"input[name=milestone-{adults}-actual]")!.GetAttribute("value").ShouldBe("2017-11-20");
        january.QuerySelector($"input[name=milestone-{children}-forecast]")!.GetAttribute("value").ShouldBe("2018-06-30");

        // A re-baseline after the latest approved report (October's: December's was re-opened as a draft above): the project
        // page still shows that report's dates against the baseline it was measured against, not the new one's milestones.
        await using (var db = _site.Db.Open(_site.Norfolk))
        {
            db.ProjectBaselines.Add(new ProjectBaseline
            {
                ProjectId = id, Number = 3, Start = new DateOnly(2016, 2, 8), End = new DateOnly(2018, 6, 30), CapitalBudget = 7_926_000m, RevenueBudget = 2_421_000m,
                Reason = "Children's go-live moved", ApprovedBy = "SCSR Programme Board", ApprovedOn = new DateOnly(2018, 1, 15),
                Milestones = [new BaselineMilestone { Name = "Children's Services live (revised)", Date = new DateOnly(2018, 6, 30) }],
            });
            await db.SaveChangesAsync();
        }
        var (_, rebaselined) = await viewer.GetAsync($"/projects/{id}");
        rebaselined.QuerySelectorAll("caption").Select(c => c.TextContent.Trim()).ShouldContain("Key milestones against baseline 2, from the Oct 2017 highlight report");
        Row(rebaselined, "Adults and ContrOCC live").ShouldBe("Adults and ContrOCC live 30 November 2017 20 November 2017 Not yet On track");
    }
}
