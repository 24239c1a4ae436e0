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
            foreach (var local in new[] { "admin", "officer", "updater", "approver", "owner", "viewer" })
                emails.ShouldContain($"{local}@{domain}");

        var dacorum = orgs[1];
        db.UseOrganisation(dacorum.Id);
        Performance.Summarise(await Performance.AtAsync(db, dacorum, new Period(2017, 9))).Sentence
            .ShouldBe("Of the 11 targetable indicators, 7 were green and 4 were amber.");
        (await db.Results.Where(r => r.ApproverComment == "Excellent availability").CountAsync()).ShouldBe(1);
        (await db.Services.Include(s => s.Directorate).SingleAsync()).Directorate!.Name.ShouldBe("Finance & Resources");

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
}
