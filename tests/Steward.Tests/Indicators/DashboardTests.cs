using System.Text;
using Microsoft.EntityFrameworkCore;
using Steward.Domain;
using Steward.Features.Indicators;
using Steward.Tests.Support;

namespace Steward.Tests.Indicators;

public class DashboardTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private readonly TempFiles _files = new();
    private static readonly DateOnly Today = new(2018, 1, 20);

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        (await StewardCli.RunAsync(_db, "org", "add", "BIG", "A County Council")).ExitCode.ShouldBe(0);
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        _files.Dispose();
    }

    [Fact]
    public async Task Pages_hold_100_indicators_grouped_by_frequency_then_theme()
    {
        var indicators = new StringBuilder("code,name,polarity,unit,frequency,info_only,amber_tolerance,theme\n");
        var results = new StringBuilder("code,period,value,target\n");
        for (var n = 1; n <= 130; n++)
        {
            var monthly = n % 2 == 0;
            indicators.Append($"K{n:000},Indicator {n},higher,percent,{(monthly ? "monthly" : "quarterly")},false,,Theme {(char)('A' + n % 3)}\n");
            results.Append($"K{n:000},2017-09,{n},{65}\n");
        }
        await StewardCli.RunAsync(_db, "import", "--org", "BIG", _files.Write("i.csv", indicators.ToString()), _files.Write("r.csv", results.ToString()));
        await using var db = _db.Open();
        var org = await db.Organisations.SingleAsync();
        db.UseOrganisation(org.Id);

        var page1 = await Dashboard.BuildAsync(db, org, new DashboardQuery(new Period(2017, 9)), Today);
        page1.TotalIndicators.ShouldBe(130);
        page1.PageCount.ShouldBe(2);
        page1.Sections.SelectMany(s => s.Groups).Sum(g => g.Rows.Count).ShouldBe(100);
        page1.Sections[0].Frequency.ShouldBe(Frequency.Monthly);
        page1.Sections[0].Periods.Count.ShouldBe(13);
        page1.Sections[0].Periods[0].ShouldBe(new Period(2016, 9));
        page1.Sections[0].Groups.Select(g => g.Name).ShouldBe(["Theme A", "Theme B", "Theme C"]);
        var page2 = await Dashboard.BuildAsync(db, org, new DashboardQuery(new Period(2017, 9), Page: 2), Today);
        page2.Sections.SelectMany(s => s.Groups).Sum(g => g.Rows.Count).ShouldBe(30);
        page2.Sections.ShouldAllBe(s => s.Frequency == Frequency.Quarterly);
        page2.Sections[0].Periods[0].ShouldBe(new Period(2014, 9));

        var k002 = page1.Sections[0].Groups.SelectMany(g => g.Rows).Single(r => r.Indicator.Code == "K002");
        k002.Cells[^1].Kind.ShouldBe(CellKind.Value);
        k002.Cells[^1].Rag.ShouldBe(Rag.Red); // 2 against 65
        k002.Cells[0].Kind.ShouldBe(CellKind.NotExpected); // before the first period collected

        var exceptions = await Dashboard.BuildAsync(db, org, new DashboardQuery(new Period(2017, 9), ExceptionsOnly: true), Today);
        exceptions.TotalIndicators.ShouldBe(61); // red below 65 × 0.95 = 61.75: K001–K061
        var quarterly = await Dashboard.BuildAsync(db, org, new DashboardQuery(new Period(2017, 9), Frequency: Frequency.Quarterly), Today);
        quarterly.TotalIndicators.ShouldBe(65);
    }

    // "Missing is not 'not expected'": a period that has ended without an approved result is white whether or not it
    // has a target; grey is only before the indicator's first period, or for a period that has not ended.
    [Fact]
    public async Task Missing_data_is_white_once_a_period_has_ended_with_or_without_a_target()
    {
        var i = _files.Write("i.csv", "code,name,polarity,unit,frequency,info_only,amber_tolerance\nT1,Targeted,higher,percent,monthly,false,\nI1,Information,higher,number,monthly,true,\n");
        var r = _files.Write("r.csv", "code,period,value,target\nT1,2017-06,90,80\nT1,2017-07,,80\nT1,2017-08,85,80\nI1,2017-06,5,\nI1,2017-08,6,\n");
        (await StewardCli.RunAsync(_db, "import", "--org", "BIG", i, r)).ExitCode.ShouldBe(0);
        await using var db = _db.Open();
        var org = await db.Organisations.SingleAsync();
        db.UseOrganisation(org.Id);
        var view = await Dashboard.BuildAsync(db, org, new DashboardQuery(new Period(2017, 8)), Today);
        var rows = view.Sections.Single().Groups.SelectMany(g => g.Rows).ToDictionary(x => x.Indicator.Code);
        rows["T1"].Cells[^2].Kind.ShouldBe(CellKind.Missing);   // Jul: target, no result
        rows["T1"].Cells[^2].DueDate.ShouldBe(new DateOnly(2017, 8, 14));
        rows["T1"].Cells[^4].Kind.ShouldBe(CellKind.NotExpected); // May: before collection started
        rows["I1"].Cells[^2].Kind.ShouldBe(CellKind.Missing);   // Jul: info only, no target, but due all the same
        rows["I1"].Cells[^2].DueDate.ShouldBe(new DateOnly(2017, 8, 14));
        rows["I1"].Cells[^4].Kind.ShouldBe(CellKind.NotExpected); // May: before its first result
        rows["I1"].Cells[^1].Rag.ShouldBe(Rag.None);

        // A first period set on the indicator moves where "no data expected" ends; a period not yet ended is not expected.
        (await StewardCli.RunAsync(_db, "import", "--org", "BIG",
            _files.Write("first.csv", "code,name,polarity,unit,frequency,info_only,amber_tolerance,first_period\nI1,Information,higher,number,monthly,true,,2017-03\n"))).ExitCode.ShouldBe(0);
        db.ChangeTracker.Clear();
        var later = await Dashboard.BuildAsync(db, org, new DashboardQuery(new Period(2018, 1)), Today);
        var i1 = later.Sections.Single().Groups.SelectMany(g => g.Rows).Single(x => x.Indicator.Code == "I1");
        i1.Cells.Single(c => c.Period == new Period(2017, 2)).Kind.ShouldBe(CellKind.NotExpected);
        i1.Cells.Single(c => c.Period == new Period(2017, 3)).Kind.ShouldBe(CellKind.Missing);
        i1.Cells.Single(c => c.Period == new Period(2017, 12)).Kind.ShouldBe(CellKind.Missing);
        i1.Cells.Single(c => c.Period == new Period(2018, 1)).Kind.ShouldBe(CellKind.NotExpected); // January 2018 has not ended on 20 January
    }
}
