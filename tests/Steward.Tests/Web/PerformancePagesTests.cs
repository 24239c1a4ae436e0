using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Steward.Domain;
using Steward.Tests.Support;

namespace Steward.Tests.Web;

/// <summary>The performance pages as their users work them, without JavaScript (plain form posts).</summary>
public class PerformancePagesTests : IAsyncLifetime
{
    private readonly DemoSite _site = new();

    public Task InitializeAsync() => _site.InitializeAsync();
    public Task DisposeAsync() => _site.DisposeAsync();

    private async Task MoveReportingPeriodTo(string period)
    {
        var officer = await _site.As("officer@dacorum.example");
        var (_, page) = await officer.GetAsync("/manage/settings");
        var fields = new Dictionary<string, string>
        {
            ["CurrentPeriod"] = period, ["Tolerance"] = "50", ["MonthlyDue"] = "10", ["QuarterlyDue"] = "15", ["AnnualDue"] = "20",
            ["BankHolidaysOn"] = "true", ["RiskThreshold"] = "12", ["BudgetThreshold"] = "100000", ["ReviewMonths"] = "3", ["ReminderDays"] = "3", ["EscalationDays"] = "5", ["Version"] = page.QuerySelector("input[name=Version]")!.GetAttribute("value")!,
        };
        var (r, _) = await officer.SubmitAsync("/manage/settings", fields, "main form:not([action*=handler])");
        r.StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task An_updater_enters_an_approver_returns_the_updater_fixes_and_the_approver_approves()
    {
        await MoveReportingPeriodTo("2017-12");
        var csu10 = await _site.IndicatorId(_site.Dacorum, "CSU10");
        var updater = await _site.As("updater@dacorum.example");

        var (_, mine) = await updater.GetAsync("/my-indicators");
        var row = mine.QuerySelectorAll("tbody tr").First(tr => tr.TextContent.Contains("CSU10"));
        row.TextContent.ShouldContain("Q3 2017/18");
        row.TextContent.ShouldContain("22 January 2018"); // 15 working days after 31 Dec, with New Year's Day off
        row.TextContent.ShouldContain("Not started");

        var entry = $"/indicators/{csu10}/results/2017-12";
        var (bad, badPage) = await updater.SubmitAsync(entry, new Dictionary<string, string> { ["Value"] = "231 secs", ["action"] = "submit" });
        bad.StatusCode.ShouldBe(HttpStatusCode.OK);
        badPage.QuerySelectorAll(".govuk-error-summary a").Single(a => a.GetAttribute("href") == "#value").TextContent.ShouldStartWith("The value must be a number");

        var (ok, _) = await updater.SubmitAsync(entry, new Dictionary<string, string> { ["Value"] = "231", ["Comment"] = "Two new starters", ["action"] = "submit" });
        ok.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var (_, saved) = await updater.GetAsync(ok.Headers.Location!.ToString());
        saved.QuerySelector(".govuk-notification-banner--success")!.TextContent.ShouldContain("submitted for approval");

        var approver = await _site.As("approver@dacorum.example");
        var (_, queue) = await approver.GetAsync("/approvals");
        var card = queue.QuerySelectorAll(".steward-card").Single(c => c.TextContent.Contains("CSU10"));
        card.TextContent.ShouldContain("Two new starters");
        var (returned, returnPage) = await approver.SubmitAsync("/approvals", new Dictionary<string, string> { ["decision"] = "return", ["comment"] = "" }, ".steward-card form");
        returned.StatusCode.ShouldBe(HttpStatusCode.OK);
        returnPage.QuerySelector(".govuk-error-summary")!.TextContent.ShouldContain("say why the result is returned");
        (await approver.SubmitAsync("/approvals", new Dictionary<string, string> { ["decision"] = "return", ["comment"] = "Is this the quarter's average, not December's?" }, ".steward-card form"))
            .Response.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var (_, back) = await updater.GetAsync(entry);
        back.Body!.TextContent.ShouldContain("Is this the quarter's average, not December's?");
        back.Body.TextContent.ShouldContain("Returned");
        (await updater.SubmitAsync(entry, new Dictionary<string, string> { ["Value"] = "243.5", ["Comment"] = "Quarter average", ["action"] = "submit" }))
            .Response.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        (await approver.SubmitAsync("/approvals", new Dictionary<string, string> { ["decision"] = "approve", ["comment"] = "Thanks" }, ".steward-card form"))
            .Response.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var viewer = await _site.As("viewer@dacorum.example");
        var (_, dash) = await viewer.GetAsync("/dashboard?period=2017-12");
        var cell = dash.QuerySelectorAll("tbody tr").Single(tr => tr.QuerySelector("th a")?.TextContent == "CSU10").QuerySelectorAll("td").Skip(12).First();
        cell.TextContent.ShouldContain("243.50 s");
        cell.ClassList.ShouldContain("steward-rag--amber"); // the 2017/18 target of 210 s carries on to Q3: worse, within 50%
    }

    [Fact]
    public async Task The_updater_cannot_approve_their_own_submission_even_as_an_approver()
    {
        await MoveReportingPeriodTo("2017-12");
        // The demo approver is also made an updater of CSU13 and submits it.
        await using (var db = _site.Db.Open(_site.Dacorum))
        {
            var approver = await db.People.SingleAsync(p => p.Name == "Demo approver");
            var csu13 = await db.Indicators.SingleAsync(i => i.Code == "CSU13");
            db.Assignments.Add(new Steward.Features.Indicators.Assignment { IndicatorId = csu13.Id, PersonId = approver.Id, Role = Steward.Features.Indicators.AssignmentRole.Updater });
            var m = await db.Memberships.Include(x => x.Account).SingleAsync(x => x.Account!.NormalisedEmail == "approver@dacorum.example" && x.OrganisationId == _site.Dacorum);
            m.Roles |= Steward.Features.Accounts.Role.Updater;
            await db.SaveChangesAsync();
        }
        var s = _site.Web.Session();
        await s.SignInOkAsync("approver@dacorum.example", Steward.Features.Demo.DemoData.Password);
        var csu13Id = await _site.IndicatorId(_site.Dacorum, "CSU13");
        (await s.SubmitAsync($"/indicators/{csu13Id}/results/2017-12", new Dictionary<string, string> { ["Numerator"] = "700", ["Denominator"] = "15000", ["action"] = "submit" }))
            .Response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var (_, queue) = await s.GetAsync("/approvals");
        queue.QuerySelectorAll(".steward-card").ShouldNotContain(c => c.TextContent.Contains("CSU13"));
        queue.Body!.TextContent.ShouldContain("Someone else must approve these.");
    }

    [Fact]
    public async Task Two_people_editing_the_same_result_do_not_overwrite_each_other()
    {
        var ict01 = await _site.IndicatorId(_site.Dacorum, "ICT01");
        var url = $"/indicators/{ict01}/results/2017-09";
        var a = await _site.As("updater@dacorum.example");
        var b = await _site.As("officer@dacorum.example");
        var (_, pageA) = await a.GetAsync(url);
        var (_, pageB) = await b.GetAsync(url);
        string Field(AngleSharp.Html.Dom.IHtmlDocument p, string name) => p.QuerySelector($"input[name={name}]")!.GetAttribute("value")!;
        var postA = new FormUrlEncodedContent([new("__RequestVerificationToken", Field(pageA, "__RequestVerificationToken")), new("Version", Field(pageA, "Version")), new("Numerator", "2195"), new("Denominator", "2403"), new("Comment", "A's change"), new("action", "draft")]);
        var postB = new FormUrlEncodedContent([new("__RequestVerificationToken", Field(pageB, "__RequestVerificationToken")), new("Version", Field(pageB, "Version")), new("Numerator", "2100"), new("Denominator", "2403"), new("Comment", "B's change"), new("action", "draft")]);
        (await a.Client.PostAsync(url, postA)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var conflict = await b.Client.PostAsync(url, postB);
        conflict.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await conflict.Content.ReadAsStringAsync()).ShouldContain("Someone else changed this result");
        await using var db = _site.Db.Open(_site.Dacorum);
        (await db.Results.SingleAsync(r => r.IndicatorId == ict01 && r.Period == new Period(2017, 9))).UpdaterComment.ShouldBe("A's change");
    }

    [Fact]
    public async Task The_dashboard_shows_13_periods_with_fractions_rag_and_the_rule_in_words()
    {
        var s = await _site.As("viewer@norfolk.example");
        var (_, page) = await s.GetAsync("/dashboard");
        page.QuerySelector(".steward-key")!.TextContent.ShouldContain("Amber is worse than the target by no more than 5% of the target (relative, not percentage points)");
        var monthly = page.QuerySelectorAll("table.steward-dashboard")[0];
        monthly.QuerySelectorAll("thead th.steward-dashboard__period").Select(a => a.TextContent).ShouldBe(["Sep 2016", "Oct 2016", "Nov 2016", "Dec 2016", "Jan 2017", "Feb 2017", "Mar 2017", "Apr 2017", "May 2017", "Jun 2017", "Jul 2017", "Aug 2017", "Sep 2017"]);
        var ict06 = monthly.QuerySelectorAll("tbody tr").Single(tr => tr.QuerySelector("th a")?.TextContent == "ICT06");
        var may = ict06.QuerySelectorAll("td")[8];
        may.TextContent.ShouldContain("94.0%");
        may.ClassList.ShouldContain("steward-rag--red");
        may.TextContent.ShouldContain("Red");
        ict06.QuerySelectorAll("td")[7].TextContent.ShouldContain("102700 / 108000");
        // Customer satisfaction: Oct–Dec 2016 debris left out, data was due: white.
        var sat = monthly.QuerySelectorAll("tbody tr").Single(tr => tr.QuerySelector("th a")?.TextContent == "ICT05");
        sat.QuerySelectorAll("td")[1].ClassList.ShouldContain("steward-cell--missing");
        var quarterly = page.QuerySelectorAll("table.steward-dashboard")[1];
        quarterly.QuerySelectorAll("thead th.steward-dashboard__period").First().TextContent.ShouldBe("Q2 2014/15");
    }

    [Fact]
    public async Task The_dashboard_filters_to_exceptions_and_shows_unapproved_results_marked_to_those_who_may_see_them()
    {
        var officer = await _site.As("officer@norfolk.example");
        var (_, may) = await officer.GetAsync("/dashboard?period=2017-05&exceptions=true");
        var codes = may.QuerySelectorAll("tbody th a").Select(a => a.TextContent).ToList();
        codes.ShouldContain("ICT06");
        codes.ShouldNotContain("ICT05");
        may.Body!.TextContent.ShouldContain("Deteriorated for three consecutive periods");

        await using (var db = _site.Db.Open(_site.Norfolk, "updater@norfolk.example"))
        {
            var cil01 = await db.Indicators.SingleAsync(i => i.Code == "CIL01");
            db.Results.Add(new Steward.Features.Indicators.Result { IndicatorId = cil01.Id, Period = new Period(2017, 10), Value = 13001, Status = ApprovalStatus.Submitted });
            await db.SaveChangesAsync();
        }
        var (_, withUnapproved) = await officer.GetAsync("/dashboard?period=2017-10&unapproved=true");
        withUnapproved.Body!.TextContent.ShouldContain("13,001");
        withUnapproved.Body.TextContent.ShouldContain("Not approved: submitted");
        var (_, approvedOnly) = await officer.GetAsync("/dashboard?period=2017-10");
        approvedOnly.Body!.TextContent.ShouldNotContain("13,001");
        var viewer = await _site.As("viewer@norfolk.example");
        var (_, viewerPage) = await viewer.GetAsync("/dashboard?period=2017-10&unapproved=true");
        viewerPage.Body!.TextContent.ShouldNotContain("13,001");
    }

    [Fact]
    public async Task The_report_card_shows_definition_trend_comparisons_exceptions_and_prompts()
    {
        var ict06 = await _site.IndicatorId(_site.Norfolk, "ICT06");
        var s = await _site.As("viewer@norfolk.example");
        var (r, page) = await s.GetAsync($"/indicators/{ict06}?period=2017-05");
        r.StatusCode.ShouldBe(HttpStatusCode.OK);
        page.QuerySelector("h1")!.TextContent.ShouldBe("ICT06 – Systems availability");
        page.QuerySelector("svg.steward-chart")!.GetAttribute("role").ShouldBe("img");
        page.QuerySelectorAll("svg circle").Length.ShouldBe(9); // Sep 2016 – May 2017
        page.Body!.TextContent.ShouldContain("Off target (red)");
        page.Body.TextContent.ShouldContain("Why are we not meeting our target?");
        page.Body.TextContent.ShouldContain("Geoff Connell");
        var figures = page.QuerySelectorAll("details tbody tr").Select(tr => tr.TextContent).ToList();
        figures[0].ShouldContain("May 2017");
        figures[0].ShouldContain("94.0%");
    }

    [Fact]
    public async Task Improvement_actions_are_added_and_marked_done_and_a_stale_click_never_undoes_another_change()
    {
        var ict06 = await _site.IndicatorId(_site.Norfolk, "ICT06");
        var url = $"/indicators/{ict06}?period=2017-05";
        var officer = await _site.As("officer@norfolk.example");
        var (added, _) = await officer.SubmitAsync(url, new Dictionary<string, string> { ["ActionDescription"] = "Move the finance system to the resilient cluster", ["ActionOwner"] = "Geoff Connell", ["ActionDue"] = "2017-08-31" }, "form[action*=AddAction]");
        added.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        // Two people have the card open; one marks the action done, then the other (page now stale) clicks too.
        var (_, stale) = await officer.GetAsync(url);
        var (done, _) = await officer.SubmitAsync(url, new Dictionary<string, string>(), "form[action*=CompleteAction]");
        done.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var form = stale.QuerySelector("form[action*=CompleteAction]")!;
        var post = form.QuerySelectorAll("input[type=hidden]").Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value")!)).ToList();
        var conflict = await officer.Client.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(post));
        conflict.StatusCode.ShouldBe(HttpStatusCode.Redirect); // it asked for "done", which it already is: nothing undone

        var reopen = post.Select(p => p.Key == "to" ? new KeyValuePair<string, string>("to", "open") : p).ToList();
        var refused = await officer.Client.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(reopen));
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("Someone else changed this action");

        await using var db = _site.Db.Open(_site.Norfolk);
        var action = await db.IndicatorActions.SingleAsync(a => a.IndicatorId == ict06);
        action.Status.ShouldBe(Steward.Features.Indicators.ActionStatus.Done);
        (await db.AuditLog.CountAsync(e => e.EntityType == "IndicatorAction")).ShouldBe(2);
        var viewer = await _site.As("viewer@norfolk.example");
        var (_, seen) = await viewer.GetAsync(url);
        seen.QuerySelector("form[action*=CompleteAction]").ShouldBeNull();
        seen.Body!.TextContent.ShouldContain("Move the finance system to the resilient cluster");
    }

    [Fact]
    public async Task Performance_officers_create_edit_retire_and_set_profiled_targets()
    {
        var officer = await _site.As("officer@dacorum.example");
        var fields = new Dictionary<string, string>
        {
            ["Code"] = "HR06", ["Name"] = "Average days lost per FTE (long term)", ["Frequency"] = "quarterly", ["Unit"] = "days",
            ["Polarity"] = "lower", ["InfoOnly"] = "false", ["Cumulative"] = "true", ["Tolerance"] = "", ["Decimals"] = "2",
            ["Service"] = "Performance and Projects", ["Theme"] = "Dacorum Delivers - Performance excellence", ["LeadOfficer"] = "Robert Smyth", ["DataOwner"] = "HR Business Partner",
        };
        var (dup, dupPage) = await officer.SubmitAsync("/manage/indicators/new", new Dictionary<string, string>(fields) { ["Code"] = "hr05" });
        dup.StatusCode.ShouldBe(HttpStatusCode.OK);
        dupPage.QuerySelectorAll(".govuk-error-summary a").Single(a => a.GetAttribute("href") == "#code").TextContent.ShouldBe("Another indicator already has the code hr05");

        var (created, _) = await officer.SubmitAsync("/manage/indicators/new", fields);
        created.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var id = await _site.IndicatorId(_site.Dacorum, "HR06");

        var (saved, _) = await officer.SubmitAsync($"/manage/indicators/{id}/targets?year=2017", new Dictionary<string, string>
            { ["t-2017-06"] = "0.3", ["t-2017-09"] = "0.45", ["t-2017-12"] = "0.6", ["t-2018-03"] = "" }, "main form:not([action*=handler])");
        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await using (var db = _site.Db.Open(_site.Dacorum))
        {
            var targets = await db.Targets.Where(t => t.IndicatorId == id).OrderBy(t => t.Period).Select(t => t.Value).ToListAsync();
            targets.ShouldBe([0.3m, 0.45m, 0.6m]);
            var hr06 = await db.Indicators.Include(i => i.DataOwner).SingleAsync(i => i.Id == id);
            hr06.DataOwner!.Name.ShouldBe("HR Business Partner");
            hr06.Cumulative.ShouldBeTrue();
        }

        // A stale version is refused.
        var (_, edit) = await officer.GetAsync($"/manage/indicators/{id}");
        var version = edit.QuerySelector("input[name=Version]")!.GetAttribute("value")!;
        (await officer.SubmitAsync($"/manage/indicators/{id}", new Dictionary<string, string>(fields) { ["Name"] = "First edit", ["Version"] = version }))
            .Response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var (stale, stalePage) = await officer.SubmitAsync($"/manage/indicators/{id}", new Dictionary<string, string>(fields) { ["Name"] = "Second edit", ["Version"] = version });
        stale.StatusCode.ShouldBe(HttpStatusCode.OK);
        stalePage.QuerySelector(".govuk-error-summary")!.TextContent.ShouldContain("Someone else changed this indicator");

        var (_, edit2) = await officer.GetAsync($"/manage/indicators/{id}");
        (await officer.SubmitAsync($"/manage/indicators/{id}?handler=Retire", new Dictionary<string, string> { ["Version"] = edit2.QuerySelector("input[name=Version]")!.GetAttribute("value")! }, "main form[action*=Retire]"))
            .Response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var (_, dash) = await officer.GetAsync("/dashboard");
        dash.Body!.TextContent.ShouldNotContain("HR06");
        await using var check = _site.Db.Open(_site.Dacorum);
        var audit = await check.AuditLog.Where(a => a.EntityType == "Indicator" && a.Label == "HR06").OrderBy(a => a.Id).Select(a => a.Action).ToListAsync();
        audit.ShouldBe(["create", "update", "update"]);
    }

    [Fact]
    public async Task Assigning_updaters_and_approvers()
    {
        var officer = await _site.As("officer@dacorum.example");
        var id = await _site.IndicatorId(_site.Dacorum, "WEB03");
        var (_, page) = await officer.GetAsync($"/manage/indicators/{id}/assignments");
        page.QuerySelectorAll("input[name=updaters]:checked").Length.ShouldBe(1);
        (await officer.SubmitAsync($"/manage/indicators/{id}/assignments", new Dictionary<string, string>())).Response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await using var db = _site.Db.Open(_site.Dacorum);
        (await db.Assignments.CountAsync(a => a.IndicatorId == id)).ShouldBe(0);
    }

    [Fact]
    public async Task Importing_in_the_browser_lists_errors_by_line_and_writes_nothing()
    {
        var officer = await _site.As("officer@dacorum.example");
        var (_, form) = await officer.GetAsync("/manage/import");
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        async Task<AngleSharp.Html.Dom.IHtmlDocument> Upload(params (string Name, string Content)[] files)
        {
            var content = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
            foreach (var (name, text) in files)
            {
                var file = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(text));
                file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
                content.Add(file, "files", name);
            }
            var r = await officer.Client.PostAsync("/manage/import", content);
            r.StatusCode.ShouldBe(HttpStatusCode.OK);
            return new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await r.Content.ReadAsStringAsync());
        }
        var bad = await Upload(("q3.csv", "code,period,value\nCSU10,2017-12,231\nCSU10,2017-11,231\nNOPE,2017-12,1\n"));
        bad.QuerySelector(".govuk-error-summary")!.TextContent.ShouldContain("Nothing was imported: the files have 2 errors");
        var rows = bad.QuerySelectorAll("table tbody tr").Select(tr => string.Join("|", tr.QuerySelectorAll("td").Select(td => td.TextContent))).ToList();
        rows.ShouldBe(["q3.csv|3|period|2017-11 does not end a quarter: CSU10 is quarterly (quarters end in Jun, Sep, Dec and Mar)", "q3.csv|4|code|unknown indicator code NOPE"]);
        await using (var db = _site.Db.Open(_site.Dacorum))
            (await db.Results.CountAsync(r => r.Period == new Period(2017, 12))).ShouldBe(0);

        var good = await Upload(("q3.csv", "code,period,value,target\nCSU10,2017-12,231,210\n"));
        good.QuerySelector(".govuk-notification-banner--success")!.TextContent.ShouldContain("results: 1 created");
    }

    [Fact]
    public async Task Exports_reimport_to_the_same_thing()
    {
        var officer = await _site.As("officer@dacorum.example");
        var indicators = await officer.Client.GetStringAsync("/manage/export/indicators");
        var results = await officer.Client.GetStringAsync("/manage/export/results");
        indicators.Split('\n')[0].ShouldStartWith("code,name,polarity,unit,frequency,info_only,amber_tolerance");
        results.Split('\n')[0].ShouldBe("code,period,value,numerator,denominator,target,comment");
        using var files = new TempFiles();
        var i = files.Write("indicators.csv", indicators);
        var r = files.Write("results.csv", results);
        var outcome = await StewardCli.RunAsync(_site.Db, "import", "--org", "DBC", i, r);
        outcome.ExitCode.ShouldBe(0, outcome.Err);
        outcome.Out.ShouldContain("indicators: 0 created, 0 updated; results: 0 created, 0 updated; targets: 0 created, 0 updated, 0 removed");
        var rag = await officer.Client.GetStringAsync("/manage/export/rag?period=2017-09");
        rag.ShouldStartWith("code,period,value,target,rag,exception");
        (await StewardCli.RunAsync(_site.Db, "export", "rag", "--org", "DBC", "--period", "2017-09")).Out.ShouldBe(rag);
    }

    [Fact]
    public async Task Overdue_results_by_service_and_person_and_counts_on_the_home_page()
    {
        await MoveReportingPeriodTo("2017-12");
        _site.Clock.Now = new DateTimeOffset(2018, 2, 1, 9, 0, 0, TimeSpan.Zero);
        try
        {
            // Sign-in cookies expire by the clock, so sign in again after moving it.
            var officer = await _site.Fresh("officer@dacorum.example");
            var (_, overdue) = await officer.GetAsync("/overdue");
            overdue.QuerySelector("main")!.TextContent.ShouldNotContain("Nothing is overdue");
            overdue.QuerySelectorAll("table")[0].TextContent.ShouldContain("Demo updater");
            var byService = overdue.QuerySelectorAll("table")[1];
            var row = byService.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains("Performance and Projects"));
            row.QuerySelector("td")!.TextContent.ShouldBe("17");
            var (_, listed) = await officer.GetAsync(row.QuerySelector("a")!.GetAttribute("href")!);
            listed.QuerySelector("#listed")!.TextContent.ShouldBe("Overdue: Performance and Projects");
            listed.QuerySelector("#listed + p")!.TextContent.ShouldStartWith("17 results");
            listed.QuerySelectorAll("table caption").Select(c => c.TextContent).ShouldContain("Performance and Projects");
            listed.QuerySelectorAll("tbody th a[href^='/indicators/']").Length.ShouldBe(17);
            var (_, home) = await officer.GetAsync("/");
            home.QuerySelector(".steward-counts")!.TextContent.ShouldContain("17 results are overdue");
            var updater = await _site.Fresh("updater@dacorum.example");
            var (_, updaterHome) = await updater.GetAsync("/");
            updaterHome.QuerySelector(".steward-counts")!.TextContent.ShouldContain("17 results due from you");
        }
        finally
        {
            _site.Clock.Now = DemoSite.Today;
        }
    }
}
