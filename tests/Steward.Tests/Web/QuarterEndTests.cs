using System.Net;
using Microsoft.EntityFrameworkCore;
using Steward.Domain;
using Steward.Features.Indicators;
using Steward.Tests.Support;

namespace Steward.Tests.Web;

/// <summary>
/// Quarter end, as the committee reads it (points 3, 4 and 6 of "Quarter end, right"), on the demo councils with the
/// clock at 20 January 2018.
/// </summary>
public class QuarterEndTests : IAsyncLifetime
{
    private readonly DemoSite _site = new();
    private readonly TempFiles _files = new();

    public Task InitializeAsync() => _site.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        _files.Dispose();
    }

    private async Task MoveReportingPeriod(string council, string period)
    {
        var officer = await _site.As($"officer@{council}.example");
        var (_, page) = await officer.GetAsync("/manage/settings");
        string Value(string name) => page.QuerySelector($"input[name={name}]")!.GetAttribute("value") ?? "";
        var fields = new Dictionary<string, string>
        {
            ["CurrentPeriod"] = period, ["Tolerance"] = Value("Tolerance"), ["MonthlyDue"] = Value("MonthlyDue"), ["QuarterlyDue"] = Value("QuarterlyDue"),
            ["AnnualDue"] = Value("AnnualDue"), ["BankHolidaysOn"] = "true", ["RiskThreshold"] = Value("RiskThreshold"), ["BudgetThreshold"] = Value("BudgetThreshold"), ["ReviewMonths"] = Value("ReviewMonths"), ["ReminderDays"] = Value("ReminderDays"), ["EscalationDays"] = Value("EscalationDays"),
            ["Version"] = Value("Version"),
        };
        (await officer.SubmitAsync("/manage/settings", fields, "main form:not([action*=handler])")).Response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    // Point 3: Norfolk at Oct 2017 with only two of its results in showed the other monthly cells grey ("no data
    // expected") while Overdue listed them as overdue. A period that has ended without an approved result is white.
    [Fact]
    public async Task Norfolk_at_Oct_2017_shows_missing_results_white_where_overdue_lists_them()
    {
        await MoveReportingPeriod("norfolk", "2017-10");
        var updater = await _site.As("updater@norfolk.example");
        var approver = await _site.As("approver@norfolk.example");
        foreach (var (code, value) in new[] { ("ICT01", "9.0"), ("ICT02", "1.2") })
        {
            var id = await _site.IndicatorId(_site.Norfolk, code);
            (await updater.SubmitAsync($"/indicators/{id}/results/2017-10", new Dictionary<string, string> { ["Value"] = value, ["action"] = "submit" }))
                .Response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            (await approver.SubmitAsync("/approvals", new Dictionary<string, string> { ["decision"] = "approve", ["comment"] = "" }, ".steward-card form"))
                .Response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        var officer = await _site.As("officer@norfolk.example");
        var (_, dashboard) = await officer.GetAsync("/dashboard?period=2017-10");
        var monthly = dashboard.QuerySelectorAll("table.steward-dashboard")[0];
        var october = monthly.QuerySelectorAll("tbody tr").Where(tr => tr.QuerySelector("th a") is not null)
            .ToDictionary(tr => tr.QuerySelector("th a")!.TextContent, tr => tr.QuerySelectorAll("td")[12]);
        october.Count.ShouldBe(7);
        october.Values.ShouldAllBe(td => !td.ClassList.Contains("steward-cell--not-expected"));
        var missing = october.Where(kv => kv.Value.ClassList.Contains("steward-cell--missing")).Select(kv => kv.Key).Order().ToList();
        missing.ShouldBe(["CIL01", "ICT03", "ICT04", "ICT05", "ICT06"]); // CIL01 has no target and is due all the same
        october["CIL01"].TextContent.ShouldContain("Missing");

        var (_, overdue) = await officer.GetAsync("/overdue");
        var listed = overdue.QuerySelectorAll("main tbody tr").Where(tr => tr.QuerySelector("td")?.TextContent == "Oct 2017")
            .Select(tr => tr.QuerySelector("th a")!.TextContent).Order().ToList();
        listed.ShouldBe(missing);

        // The targets of 2017/18 carry on to October: the summary is not "no targetable indicators".
        var (_, home) = await officer.GetAsync("/");
        home.QuerySelector(".govuk-inset-text")!.TextContent.Squash()
            .ShouldBe("Reporting period Oct 2017. Of the 6 targetable indicators, 2 were green and 4 had no data. 1 indicator had no target.");
        var (_, settings) = await officer.GetAsync("/manage/settings");
        settings.QuerySelector("#targets")!.NextElementSibling!.TextContent.ShouldContain("1 indicator has no target for Oct 2017");
        settings.QuerySelectorAll("#targets ~ ul a").Select(a => a.TextContent).ShouldBe(["CIL01"]);
    }

    // Point 4: annual targets, a period's own target over them, a year's targets copied to the next, the CSV kind.
    [Fact]
    public async Task A_years_target_applies_to_each_period_and_a_periods_own_target_overrides_it()
    {
        var file = _files.Write("targets.csv", "code,financial_year,target\nCSU10,2018/19,200\nCSU11,2018/19,\n");
        var import = await StewardCli.RunAsync(_site.Db, "import", "--org", "DBC", file);
        import.ExitCode.ShouldBe(0, import.Err);
        import.Out.ShouldContain("targets: 1 created, 0 updated, 0 removed");
        var own = _files.Write("own.csv", "code,period,value,target\nCSU10,2018-06,,190\n");
        (await StewardCli.RunAsync(_site.Db, "import", "--org", "DBC", own)).ExitCode.ShouldBe(0);

        await using (var db = _site.Db.Open(_site.Dacorum))
        {
            var org = await db.Organisations.SingleAsync(o => o.Id == _site.Dacorum);
            var csu10 = await db.Indicators.SingleAsync(i => i.Code == "CSU10");
            var targets = await TargetLookup.LoadAsync(db, [csu10.Id], new Period(2017, 4), new Period(2019, 3));
            targets.At(csu10.Id, new Period(2017, 12)).ShouldBe(210m); // 2017/18's
            targets.At(csu10.Id, new Period(2018, 6)).ShouldBe(190m);  // Q1 2018/19's own
            targets.At(csu10.Id, new Period(2018, 9)).ShouldBe(200m);  // 2018/19's
            targets.At(csu10.Id, new Period(2019, 6)).ShouldBeNull();
            (await Performance.AtAsync(db, org, new Period(2018, 9))).Single(s => s.Indicator.Code == "CSU10").Observation.Target.ShouldBe(200m);
        }
        var export = await StewardCli.RunAsync(_site.Db, "export", "targets", "--org", "DBC");
        export.OutLines.ShouldContain("CSU10,2017/18,210");
        export.OutLines.ShouldContain("CSU10,2018/19,200");
        export.OutLines.ShouldNotContain(l => l.StartsWith("CSU11,2018/19"));

        var bad = _files.Write("bad.csv", "code,financial_year,target\nCSU10,2017-18,1\nCSU10,2017/19,1\nNOPE,2017/18,1\nCSU12,2017/18,x\nCSU13,2017/18,5\nCSU13,2017/18,6\n");
        var refused = await StewardCli.RunAsync(_site.Db, "import", "--org", "DBC", bad);
        refused.ExitCode.ShouldBe(1);
        refused.ErrLines.ShouldBe([
            $"{bad}:2: column financial_year: '2017-18' is not a financial year: write it as 2017/18 (April 2017 to March 2018)",
            $"{bad}:3: column financial_year: '2017/19' is not a financial year: write it as 2017/18 (April 2017 to March 2018)",
            $"{bad}:4: column code: unknown indicator code NOPE",
            $"{bad}:5: column target: 'x' is not a number (write plain digits with '.' for decimals: no '%', units or thousands separators)",
            $"{bad}:7: column code: CSU13 2017/18 is also at {bad}:6",
            "Nothing was imported: 5 error(s).",
        ]);
    }

    [Fact]
    public async Task The_targets_page_sets_the_years_target_and_copies_the_year_to_the_next()
    {
        var officer = await _site.As("officer@dacorum.example");
        var hr05 = await _site.IndicatorId(_site.Dacorum, "HR05");
        var url = $"/manage/indicators/{hr05}/targets?year=2017";
        var (_, page) = await officer.GetAsync(url);
        page.QuerySelector("#annual")!.GetAttribute("value").ShouldBeNull(); // HR05's targets are profiled, quarter by quarter
        page.QuerySelector("#t-2017-06")!.GetAttribute("value").ShouldBe("0.54");
        (await officer.SubmitAsync(url, new Dictionary<string, string> { ["Annual"] = "1.9", ["t-2017-06"] = "0.54", ["t-2017-09"] = "0.76", ["t-2017-12"] = "", ["t-2018-03"] = "" },
            "main form:not([action*=handler])")).Response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await officer.SubmitAsync(url, new Dictionary<string, string>(), "main form[action*=handler]")).Response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var (_, next) = await officer.GetAsync($"/manage/indicators/{hr05}/targets?year=2018&done=copied");
        next.QuerySelector(".govuk-notification-banner--success")!.TextContent.ShouldContain("Targets copied from 2017/18 to 2018/19.");
        next.QuerySelector("#annual")!.GetAttribute("value").ShouldBe("1.9");
        next.QuerySelector("#t-2018-06")!.GetAttribute("value").ShouldBe("0.54");
        next.QuerySelector("#t-2018-09")!.GetAttribute("value").ShouldBe("0.76");
        next.QuerySelector("#t-2018-12")!.GetAttribute("value").ShouldBeNull();
        // Copying again overwrites nothing.
        var again = await officer.SubmitAsync(url, new Dictionary<string, string>(), "main form[action*=handler]");
        again.Response.Headers.Location!.ToString().ShouldContain("done=already-set");

        // The settings page rolls every indicator on at once, leaving alone those with targets already.
        var (_, settings) = await officer.GetAsync("/manage/settings");
        settings.QuerySelector("form[action*=CopyTargets]").ShouldBeNull(); // Sep 2017: every indicator has its target
        await using (var db = _site.Db.Open(_site.Dacorum))
            (await TargetCopy.CopyAsync(db, 2017)).ShouldSatisfyAllConditions(
                o => o.AlreadySet.ShouldBe(["HR05"]),
                o => o.Copied.Count.ShouldBe(10));
    }

    // Point 6: the heat map's crowded cell. Cambridgeshire's 3×3 holds five risks: the cell shows 5, linked to the
    // list of that cell's risks beside the map, a page at a time; the side table lists cells, never every risk.
    [Fact]
    public async Task The_heat_map_counts_a_crowded_cell_and_lists_its_risks_a_page_at_a_time()
    {
        var viewer = await _site.As("viewer@cambridgeshire.example");
        var (_, map) = await viewer.GetAsync("/risks/heatmap");
        var link = map.QuerySelectorAll("svg a").Single(a => a.GetAttribute("href")!.Contains("cell=3-3"));
        link.QuerySelector(".steward-heatmap__count")!.TextContent.ShouldBe("5");
        map.QuerySelector("svg")!.TextContent.ShouldNotContain("CCC-");
        var byCell = map.QuerySelectorAll("table").Single(t => t.TextContent.Contains("Risks by cell"));
        byCell.QuerySelectorAll("tbody tr").Select(tr => tr.QuerySelectorAll("td")[1].TextContent.Trim().Split(' ')[0]).ShouldBe(["2", "2", "5", "1", "1", "1"]);

        var (_, cell) = await viewer.GetAsync(link.GetAttribute("href")!);
        cell.QuerySelector("#cell-risks")!.TextContent.ShouldBe("5 risks at 3 Possible × 3 Moderate = 9 Amber");
        cell.QuerySelectorAll("table")[0].QuerySelectorAll("tbody tr").Count.ShouldBe(5);

        // Twenty-five risks in one cell: twenty on the first page, five on the second.
        await using (var db = _site.Db.Open(await _site.OrganisationId("CCC")))
        {
            var register = await db.RiskRegisters.FirstAsync();
            for (var n = 1; n <= 20; n++)
                db.Risks.Add(new Steward.Features.Risks.Risk { Code = $"CCC-X-{n:00}", CodeKey = $"CCC-X-{n:00}", Title = $"Extra risk {n}", RegisterId = register.Id, ResidualLikelihood = 3, ResidualImpact = 3 });
            await db.SaveChangesAsync();
        }
        var (_, first) = await viewer.GetAsync("/risks/heatmap?cell=3-3");
        first.QuerySelectorAll("table")[0].QuerySelectorAll("tbody tr").Count.ShouldBe(20);
        first.QuerySelector(".govuk-pagination")!.TextContent.ShouldContain("Next");
        var (_, second) = await viewer.GetAsync("/risks/heatmap?cell=3-3&pg=2");
        second.QuerySelectorAll("table")[0].QuerySelectorAll("tbody tr").Count.ShouldBe(5);
        second.QuerySelectorAll(".steward-heatmap__count").Select(t => t.TextContent).ShouldContain("25");
    }

    // Point 6: the home page links only to pages the role may open (a councillor's "2 reviews are overdue" led to a 403).
    [Fact]
    public async Task The_home_page_links_a_councillor_only_to_pages_a_councillor_may_open()
    {
        var viewer = await _site.As("viewer@norfolk.example");
        var (_, home) = await viewer.GetAsync("/");
        home.QuerySelector("main")!.TextContent.Squash().ShouldContain("2 reviews are overdue"); // reviewed 14 September 2017, due 14 December
        foreach (var href in home.QuerySelectorAll("main a").Select(a => a.GetAttribute("href")!).Distinct())
            (await viewer.GetAsync(href)).Response.StatusCode.ShouldBe(HttpStatusCode.OK, href);
        var owner = await _site.As("owner@norfolk.example");
        var (_, ownerHome) = await owner.GetAsync("/");
        ownerHome.QuerySelectorAll("main a").Select(a => a.GetAttribute("href")).ShouldContain("/risks/reviews");
    }

    // Point 6: the dashboard opens at its latest periods with no script and says that it scrolls; printed, all 13 show.
    [Fact]
    public async Task The_dashboard_opens_at_its_latest_periods_and_says_it_scrolls()
    {
        var (_, page) = await (await _site.As("viewer@norfolk.example")).GetAsync("/dashboard");
        var region = page.QuerySelectorAll(".steward-table-scroll")[0];
        region.ClassList.ShouldContain("steward-table-scroll--from-end");
        region.GetAttribute("tabindex").ShouldBe("0");
        page.QuerySelector("#" + region.GetAttribute("aria-describedby"))!.TextContent.ShouldContain("The latest periods show first: scroll the table sideways");
        region.QuerySelectorAll("thead th.steward-dashboard__period").Length.ShouldBe(13);
        var css = await (await _site.Web.CreateClient().GetAsync("/css/steward.css")).Content.ReadAsStringAsync();
        css.ShouldContain(".steward-table-scroll--from-end{direction:rtl");
        css.ShouldContain("@media print");
    }

    // A cumulative (year-to-date) indicator's annual target is the year-end figure: it rates March, never Q1's part-year figure.
    [Fact]
    public async Task A_cumulative_indicators_annual_target_applies_at_the_year_end_only()
    {
        var file = _files.Write("hr05.csv", "code,financial_year,target\nHR05,2017/18,2.9\n");
        (await StewardCli.RunAsync(_site.Db, "import", "--org", "DBC", file)).ExitCode.ShouldBe(0);
        await using var db = _site.Db.Open(_site.Dacorum);
        var hr05 = await db.Indicators.SingleAsync(i => i.Code == "HR05");
        var targets = await TargetLookup.LoadAsync(db, [hr05.Id], new Period(2017, 6), new Period(2018, 3));
        targets.At(hr05.Id, new Period(2017, 6)).ShouldBe(0.54m); // its own, profiled
        targets.At(hr05.Id, new Period(2017, 12)).ShouldBeNull();  // no own target for Q3, and the year's is for March
        targets.At(hr05.Id, new Period(2018, 3)).ShouldBe(2.9m);
    }

    // A comment without figures, imported from a council's file ("Q1 figures yet to be confirmed"), is not the result: the
    // period stays missing on the dashboard and due on the overdue list.
    [Fact]
    public async Task A_comment_without_figures_leaves_the_result_missing_and_due()
    {
        await MoveReportingPeriod("dacorum", "2017-12");
        var file = _files.Write("q3.csv", "code,period,value,comment\nCSU10,2017-12,,Q3 figures yet to be confirmed\n");
        (await StewardCli.RunAsync(_site.Db, "import", "--org", "DBC", file)).ExitCode.ShouldBe(0);
        var officer = await _site.As("officer@dacorum.example");
        var (_, dashboard) = await officer.GetAsync("/dashboard?period=2017-12");
        var cell = dashboard.QuerySelectorAll("tbody tr").Single(tr => tr.QuerySelector("th a")?.TextContent == "CSU10").QuerySelectorAll("td")[12];
        cell.ClassList.ShouldContain("steward-cell--missing");
        cell.TextContent.ShouldContain("Due 22 January 2018");
        var (_, mine) = await (await _site.As("updater@dacorum.example")).GetAsync("/my-indicators");
        mine.QuerySelectorAll("tbody tr").First(tr => tr.TextContent.Contains("CSU10")).TextContent.ShouldContain("Q3 2017/18");
        var (_, card) = await officer.GetAsync($"/indicators/{await _site.IndicatorId(_site.Dacorum, "CSU10")}?period=2017-12");
        card.Body!.TextContent.ShouldContain("Q3 figures yet to be confirmed");
    }

    // Two officers saving one indicator's targets at once: the second is told, and shown the targets as they now are.
    [Fact]
    public async Task A_target_saved_meanwhile_is_never_silently_overwritten()
    {
        var csu10 = await _site.IndicatorId(_site.Dacorum, "CSU10");
        var url = $"/manage/indicators/{csu10}/targets?year=2017";
        var first = await _site.As("officer@dacorum.example");
        var second = await _site.As("admin@dacorum.example");
        var (_, seenBySecond) = await second.GetAsync(url);
        var stamp = seenBySecond.QuerySelector("input[name=Seen]")!.GetAttribute("value")!;
        (await first.SubmitAsync(url, new Dictionary<string, string> { ["Annual"] = "200" }, "main form:not([action*=handler])"))
            .Response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var (refused, page) = await second.SubmitAsync(url, new Dictionary<string, string> { ["Annual"] = "220", ["Seen"] = stamp }, "main form:not([action*=handler])");
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        page.QuerySelector(".govuk-error-summary")!.TextContent.ShouldContain("Someone else changed these targets");
        await using var db = _site.Db.Open(_site.Dacorum);
        (await db.AnnualTargets.SingleAsync(t => t.IndicatorId == csu10 && t.FinancialYear == 2017)).Value.ShouldBe(200m);
    }
}
