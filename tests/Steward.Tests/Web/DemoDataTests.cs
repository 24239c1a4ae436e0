using System.Net;
using Microsoft.EntityFrameworkCore;
using Steward.Domain;
using Steward.Features.Demo;
using Steward.Features.Indicators;
using Steward.Tests.Support;

namespace Steward.Tests.Web;

public class DemoDataTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();
    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task The_demo_councils_load_into_an_empty_database_with_a_login_per_role()
    {
        (await DemoData.LoadIfEmptyAsync(_db.Target)).ShouldBeTrue();
        await using var db = _db.Open();
        var orgs = await db.Organisations.OrderBy(o => o.Code).ToListAsync();
        orgs.Select(o => (o.Code, o.Name, o.CurrentPeriod)).ShouldBe([
            ("CCC", "Cambridgeshire County Council", (Period?)new Period(2019, 10)),
            ("DBC", "Dacorum Borough Council", (Period?)new Period(2017, 9)),
            ("NCC", "Norfolk County Council", (Period?)new Period(2017, 9)),
        ]);
        var emails = await db.Accounts.Select(a => a.NormalisedEmail).ToListAsync();
        foreach (var domain in new[] { "dacorum.example", "norfolk.example", "cambridgeshire.example" })
            foreach (var local in new[] { "admin", "officer", "updater", "approver", "owner", "viewer", "complaints" })
                emails.ShouldContain($"{local}@{domain}");

        var dacorum = orgs[1];
        db.UseOrganisation(dacorum.Id);
        Performance.Summarise(await Performance.AtAsync(db, dacorum, new Period(2017, 9))).Sentence
            .ShouldBe("Of the 11 targetable indicators, 7 were green and 4 were amber.");
        (await db.Results.Where(r => r.ApproverComment == "Excellent availability").CountAsync()).ShouldBe(1);
        (await db.Services.Include(s => s.Directorate).SingleAsync(s => s.Name == "Performance and Projects")).Directorate!.Name.ShouldBe("Finance & Resources");

        var norfolk = orgs[2];
        db.UseOrganisation(norfolk.Id);
        var statuses = await Performance.AtAsync(db, norfolk, new Period(2017, 9));
        statuses.ShouldAllBe(s => s.Exceptions.Count == 0);
        // OCR debris ("180 181 100") is not data.
        var satisfaction = await db.Indicators.SingleAsync(i => i.Code == "ICT05");
        (await db.Results.Where(r => r.IndicatorId == satisfaction.Id).Select(r => r.Value).ToListAsync()).ShouldAllBe(v => v < 10);
    }

    [Fact]
    public async Task Demo_data_never_touches_a_database_that_has_an_organisation()
    {
        (await StewardCli.RunAsync(_db, "org", "add", "ABC", "A Borough Council")).ExitCode.ShouldBe(0);
        (await DemoData.LoadIfEmptyAsync(_db.Target)).ShouldBeFalse();
        await using var db = _db.Open();
        (await db.Organisations.CountAsync()).ShouldBe(1);
        (await db.Accounts.CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task The_demo_logins_work_on_the_web()
    {
        await DemoData.LoadIfEmptyAsync(_db.Target);
        await using var web = new StewardWebFactory(_db);
        using var s = web.Session();
        await s.SignInOkAsync("officer@norfolk.example", DemoData.Password);
        var (_, page) = await s.GetAsync("/");
        page.QuerySelector("header")!.TextContent.ShouldContain("Norfolk County Council");
        page.QuerySelector(".govuk-inset-text")!.TextContent.ShouldContain("Of the 7 targetable indicators, 7 were green.");
    }

    // Quarter end, point 7: against today's date every demo result and review was overdue. Each demo council takes the
    // date of its papers as today (its "as at" date), with a banner saying so, until Manage clears it.
    [Fact]
    public async Task Each_demo_council_takes_the_date_of_its_papers_as_today_so_it_looks_like_a_normal_day()
    {
        await DemoData.LoadIfEmptyAsync(_db.Target);
        await using (var db = _db.Open())
            (await db.Organisations.OrderBy(o => o.Code).Select(o => new { o.Code, o.AsAt }).ToListAsync()).Select(o => (o.Code, o.AsAt)).ShouldBe([
                ("CCC", (DateOnly?)new DateOnly(2019, 11, 1)),
                ("DBC", (DateOnly?)new DateOnly(2018, 3, 6)),   // Finance and Resources Overview & Scrutiny Committee, 6 March 2018
                ("NCC", (DateOnly?)new DateOnly(2017, 11, 8)),  // Digital Innovation and Efficiency Committee, 8 November 2017
            ]);
        await using var web = new StewardWebFactory(_db); // the real clock: years after the papers
        foreach (var (domain, asAt) in new[] { ("dacorum", "6 March 2018"), ("norfolk", "8 November 2017"), ("cambridgeshire", "1 November 2019") })
        {
            using var officer = web.Session();
            await officer.SignInOkAsync($"officer@{domain}.example", DemoData.Password);
            var (_, home) = await officer.GetAsync("/");
            home.QuerySelector(".steward-as-at")!.TextContent.Squash().ShouldStartWith($"As at {asAt}");
            var text = home.QuerySelector("main")!.TextContent.Squash();
            text.ShouldNotContain("reviews are overdue");
            text.ShouldNotContain("review is overdue");
            if (domain != "cambridgeshire") text.ShouldContain("0 results are overdue");
        }

        // Cleared in Manage → Settings, Dacorum is judged against the real date: its reviews of December 2017 are overdue.
        using var dacorum = web.Session();
        await dacorum.SignInOkAsync("officer@dacorum.example", DemoData.Password);
        var (_, settings) = await dacorum.GetAsync("/manage/settings");
        settings.QuerySelector("#as-at")!.GetAttribute("value").ShouldBe("2018-03-06");
        string Value(string name) => settings.QuerySelector($"input[name={name}]")!.GetAttribute("value") ?? "";
        (await dacorum.SubmitAsync("/manage/settings", new Dictionary<string, string>
        {
            ["CurrentPeriod"] = "2017-09", ["Tolerance"] = "50", ["MonthlyDue"] = "10", ["QuarterlyDue"] = "15", ["AnnualDue"] = "20", ["BankHolidaysOn"] = "true",
            ["RiskThreshold"] = "12", ["BudgetThreshold"] = "100000", ["ReviewMonths"] = "3", ["ReminderDays"] = "3", ["EscalationDays"] = "5", ["AsAt"] = "", ["Version"] = Value("Version"),
        }, "main form:not([action*=handler])")).Response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var (_, after) = await dacorum.GetAsync("/");
        after.QuerySelector(".steward-as-at").ShouldBeNull();
        after.QuerySelector("main")!.TextContent.Squash().ShouldContain("9 reviews are overdue");
    }

    [Fact]
    public async Task Steward_demo_load_loads_the_councils_once()
    {
        var first = await StewardCli.RunAsync(_db, "demo", "load");
        first.ExitCode.ShouldBe(0, first.Err);
        first.OutLines[0].ShouldStartWith("Loaded 3 demo councils into ");
        first.Out.ShouldContain("admin@dacorum.example");
        var again = await StewardCli.RunAsync(_db, "demo", "load");
        again.ExitCode.ShouldBe(1);
        again.Err.ShouldContain("already has CCC, DBC, NCC: nothing was loaded");
        await using var db = _db.Open();
        (await db.Organisations.CountAsync()).ShouldBe(3);
    }
}
