using System.Net;
using Microsoft.EntityFrameworkCore;
using Steward.Common;
using Steward.Domain;
using Steward.Features.Finance;
using Steward.Tests.Support;

namespace Steward.Tests.Finance;

/// <summary>
/// Issue 15: budget monitoring. Norfolk's Digital Innovation & Efficiency Committee at P6 2017/18 (seed 004): Table 1,
/// net revenue budget £15.982m, forecast £15.982m, variance 0.000; Table 3, reserves £1.280m at 1 April, £0.293m forecast
/// at 31 March, planned change (0.987). The paper prints £m to three places; the demo's files give pounds that round to
/// each printed figure (the printed lines sum to 15.981, the total to 15.982, so the pounds behind them carry the rest).
/// </summary>
public class FinanceTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private readonly TempFiles _files = new();

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        (await StewardCli.RunAsync(_db, "org", "add", "NCC", "Norfolk County Council")).ExitCode.ShouldBe(0);
        (await StewardCli.RunAsync(_db, "committee", "add", "--org", "NCC", "DIE", "Digital Innovation and Efficiency Committee")).ExitCode.ShouldBe(0);
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        _files.Dispose();
    }

    [Theory]
    [InlineData(2017, 4, 1)]
    [InlineData(2017, 9, 6)]
    [InlineData(2017, 12, 9)]
    [InlineData(2018, 3, 12)]
    public void The_financial_period_counts_from_April(int year, int month, int expected) =>
        BudgetRules.FinancialPeriod(new Period(year, month)).ShouldBe(expected);

    [Theory]
    [InlineData("1273300", "1.273")]
    [InlineData("1430300", "1.430")]
    [InlineData("-47000", "(0.047)")]
    [InlineData("-500000", "(0.500)")]
    [InlineData("-987000", "(0.987)")]
    [InlineData("0", "0.000")]
    [InlineData("-400", "0.000")] // rounds to nothing: no brackets round a zero
    [InlineData("15981700", "15.982")]
    public void Pounds_print_in_millions_with_negatives_in_brackets(string pounds, string expected) =>
        Show.Millions(decimal.Parse(pounds)).ShouldBe(expected);

    [Theory]
    [InlineData("1273300", "1430300", "157000", true)]
    [InlineData("1920000", "1873000", "-47000", false)]
    [InlineData("-500000", "-450000", "50000", true)] // less grant income than budgeted is adverse
    public void Variance_is_forecast_less_budget_and_positive_is_adverse(string budget, string forecast, string variance, bool adverse)
    {
        var v = BudgetRules.Variance(decimal.Parse(budget), decimal.Parse(forecast));
        v.ShouldBe(decimal.Parse(variance));
        BudgetRules.IsAdverse(v).ShouldBe(adverse);
    }

    [Theory]
    [InlineData("1273300", "1430300", "12.3")]   // Technical Programme, seed 004
    [InlineData("1312000", "1202000", "-8.4")]   // Information Management
    [InlineData("-500000", "-450000", "10.0")]   // an income shortfall is a positive (adverse) percentage
    [InlineData("0", "5000", null)]
    public void Variance_percent_is_of_the_budgets_size(string budget, string forecast, string? percent) =>
        BudgetRules.VariancePercent(decimal.Parse(budget), decimal.Parse(forecast)).ShouldBe(percent is null ? null : decimal.Parse(percent));

    [Fact]
    public async Task Seed_004_tables_1_and_3_come_back_from_the_imported_files()
    {
        var r = await StewardCli.RunAsync(_db, "import", "--org", "NCC", Seeds.DemoFile("norfolk-budget.csv"), Seeds.DemoFile("norfolk-reserves.csv"));
        r.ExitCode.ShouldBe(0, r.Err);
        r.Out.ShouldContain("budget lines: 8 created, forecasts: 8 created, 0 updated; reserves: 2 created, forecasts: 2 created, 0 updated");

        await using var db = _db.Open();
        db.UseOrganisation((await db.Organisations.SingleAsync(o => o.Code == "NCC")).Id);
        var p6 = new Period(2017, 9);
        var lines = await FinanceTables.BudgetAsync(db, p6, null);
        lines.Select(l => $"{l.Service} | {l.Line.Name} | {Show.Millions(l.Budget)} | {Show.Millions(l.Forecast)} | {Show.Millions(l.Variance)}").ShouldBe([
            "Information Management and Technology | Infrastructure | 4.997 | 4.997 | 0.000",
            "Information Management and Technology | Technical Programme | 1.273 | 1.430 | 0.157",
            "Information Management and Technology | Applications and Places | 1.920 | 1.873 | (0.047)",
            "Information Management and Technology | Information Management | 1.312 | 1.202 | (0.110)",
            "Information Management and Technology | Capital charges | 1.259 | 1.259 | 0.000",
            "Better Broadband for Norfolk | Agency & contracted services | 5.417 | 5.417 | 0.000",
            "Better Broadband for Norfolk | Grants | (0.500) | (0.500) | 0.000",
            "Better Broadband for Norfolk | Other costs | 0.303 | 0.303 | 0.000",
        ]);
        (Show.Millions(lines.Sum(l => l.Budget)), Show.Millions(lines.Sum(l => l.Forecast)), Show.Millions(lines.Sum(l => l.Variance))).ShouldBe(("15.982", "15.982", "0.000"));
        var reserves = await FinanceTables.ReservesAsync(db, p6, null);
        (Show.Millions(reserves.Sum(x => x.Opening)), Show.Millions(reserves.Sum(x => x.ForecastClosing)), Show.Millions(reserves.Sum(x => x.Change)))
            .ShouldBe(("1.280", "0.293", "(0.987)"));

        // The CLI's CSV: one row per line, no totals, plain signed pounds; a later month without new figures keeps them.
        var budget = await StewardCli.RunAsync(_db, "export", "budget", "--org", "NCC", "--period", "2017-10");
        budget.OutLines[0].ShouldBe("committee,service,line,kind,budget,forecast,variance");
        budget.OutLines.Length.ShouldBe(9);
        budget.OutLines[3].ShouldBe("Digital Innovation and Efficiency Committee,Information Management and Technology,Applications and Places,revenue,1920000.00,1873000.00,-47000.00");
        (await StewardCli.RunAsync(_db, "export", "reserves", "--org", "NCC", "--period", "2017-09")).OutLines.ShouldBe([
            "reserve,opening,forecast_closing,change",
            "Information Management Technology,824000.00,260000.00,-564000.00",
            "Better Broadband for Norfolk,456000.00,33000.00,-423000.00",
        ]);
        // Another financial year has no figures yet.
        (await StewardCli.RunAsync(_db, "export", "budget", "--org", "NCC", "--period", "2018-04")).OutLines.Length.ShouldBe(1);
    }

    [Fact]
    public async Task Seed_004_capital_programme_and_table_2_come_back_by_year()
    {
        var r = await StewardCli.RunAsync(_db, "import", "--org", "NCC", Seeds.DemoFile("norfolk-capital.csv"));
        r.ExitCode.ShouldBe(0, r.Err);
        r.Out.ShouldContain("capital schemes: 8 created, years: 14 created, 0 updated");
        await using var db = _db.Open();
        db.UseOrganisation((await db.Organisations.SingleAsync(o => o.Code == "NCC")).Id);
        var capital = await FinanceTables.CapitalAsync(db, new Period(2017, 9), null);
        string Total(int year) => Show.Millions(capital.Sum(x => x.Years.Where(y => y.Year == year).Sum(y => y.Planned)));
        // 2017-18: £10.128m (IMT 5.030, Better Broadband 5.098); Table 2: 6.818, 6.215, 3.715.
        (Total(2017), Total(2018), Total(2019), Total(2020)).ShouldBe(("10.128", "6.818", "6.215", "3.715"));
        var device = capital.Single(x => x.Scheme.Name.StartsWith("Device refresh"));
        device.Years.Select(y => $"{Period.FinancialYearLabel(y.Year)} {Show.Millions(y.Planned)}").ShouldBe(["2018/19 2.380", "2019/20 3.130", "2020/21 3.130"]);
        // As at April 2018, 2017-18 is over: only the schemes with years from 2018/19 on.
        (await FinanceTables.CapitalAsync(db, new Period(2018, 4), null)).Count.ShouldBe(6);

        var bad = _files.Write("capital.csv", "committee,scheme,year,planned\nDIE,New Oracle server hardware,2018/20,550000\nDIE,Other,18/19,1\nDIE,new oracle server hardware,2018-19,2\n");
        var refused = await StewardCli.RunAsync(_db, "import", "--org", "NCC", bad);
        refused.ErrLines.Select(l => l.Replace(Path.GetDirectoryName(bad) + "/", "")).ShouldBe([
            "capital.csv:2: column year: '2018/20' is not a financial year: write 2018/19 (or 2018, the year it starts)",
            "capital.csv:3: column year: '18/19' is not a financial year: write 2018/19 (or 2018, the year it starts)",
            "Nothing was imported: 2 error(s).",
        ]);
    }

    [Fact]
    public async Task Savings_are_agreed_per_line_and_year_and_their_delivery_reported_each_month()
    {
        (await StewardCli.RunAsync(_db, "import", "--org", "NCC", Seeds.DemoFile("norfolk-budget.csv"))).ExitCode.ShouldBe(0);
        var savings = _files.Write("savings.csv", "committee,service,line,saving,year,amount,period,rag,forecast,owner,commentary\n" +
            "DIE,Information Management and Technology,Infrastructure,Bring PC management in house,2017/18,250000,2017-07,green,250000,Tom Baker,\n" +
            "DIE,Information Management and Technology,Infrastructure,Bring PC management in house,2017/18,250000,2017-09,amber,200000,Tom Baker,Contract exit slipped to November\n" +
            "DIE,Information Management and Technology,Applications and Places,Renegotiate licences,2017/18,100000,2017-08,green,100000,,\n");
        var r = await StewardCli.RunAsync(_db, "import", "--org", "NCC", savings);
        r.ExitCode.ShouldBe(0, r.Err);
        r.Out.ShouldContain("savings: 2 created, delivery reports: 3 created, 0 updated");

        await using var db = _db.Open();
        var org = await db.Organisations.SingleAsync(o => o.Code == "NCC");
        db.UseOrganisation(org.Id);
        var rows = await FinanceTables.SavingsAsync(db, new Period(2017, 9), null);
        rows.Select(x => $"{x.Saving.Name} | {x.Saving.Owner?.Name} | {x.Delivery!.Rag} {x.Delivery.Period} | {Show.Millions(x.Saving.Amount)} {Show.Millions(x.Delivery.Forecast)} {Show.Millions(x.Shortfall!.Value)}")
            .ShouldBe(["Bring PC management in house | Tom Baker | Amber 2017-09 | 0.250 0.200 0.050", "Renegotiate licences |  | Green 2017-08 | 0.100 0.100 0.000"]);
        (await FinanceTables.SavingsAsync(db, new Period(2017, 7), null)).Single(x => x.Delivery is not null).Delivery!.Rag.ShouldBe(Rag.Green);

        var committee = await db.Committees.SingleAsync(c => c.Code == "DIE");
        var pack = await Steward.Features.Reports.PackBuilder.BuildAsync(db, org, new Steward.Features.Reports.PackRequest(committee, new Period(2017, 9), false, new DateOnly(2017, 11, 8)));
        var table = pack.Sections.Single(x => x.Title == "Finance").Blocks.OfType<Steward.Features.Reports.PackTable>().Single(t => t.Caption.StartsWith("Savings 2017/18"));
        string.Join(" ", table.Rows[^1].Select(c => c.Text)).ShouldBe("Total    0.350 0.300 0.050");

        var bad = _files.Write("bad-savings.csv", "committee,service,line,saving,year,amount,period,rag,forecast\n" +
            "DIE,Information Management and Technology,Printing,Fewer printers,2017/18,-5,2018-04,purple,1\n");
        var refused = await StewardCli.RunAsync(_db, "import", "--org", "NCC", bad);
        refused.ErrLines.Select(l => l.Replace(Path.GetDirectoryName(bad) + "/", "")).ShouldBe([
            "bad-savings.csv:2: column amount: is the amount to save in the year: more than 0",
            "bad-savings.csv:2: column rag: 'purple' is not green, amber or red",
            "bad-savings.csv:2: column period: 2018-04 is not in 2017/18: report a saving's delivery in the months of its year",
            "bad-savings.csv:2: column line: no revenue budget line 'Printing' under Information Management and Technology for the committee: import the budget lines first",
            "Nothing was imported: 4 error(s).",
        ]);
    }

    [Fact]
    public async Task A_later_month_replaces_its_own_figures_and_keeps_the_history_of_forecasts()
    {
        (await StewardCli.RunAsync(_db, "import", "--org", "NCC", Seeds.DemoFile("norfolk-budget.csv"))).ExitCode.ShouldBe(0);
        var p7 = _files.Write("p7.csv", "committee,service,line,kind,period,budget,forecast,variance\n" +
            "Digital Innovation and Efficiency Committee,Information Management and Technology,Technical Programme,revenue,2017-10,1273300,1350300,77000\n");
        var r = await StewardCli.RunAsync(_db, "import", "--org", "NCC", p7);
        r.ExitCode.ShouldBe(0, r.Err);
        r.Out.ShouldContain("budget lines: 0 created, forecasts: 1 created, 0 updated");
        var again = await StewardCli.RunAsync(_db, "import", "--org", "NCC", _files.Write("p7b.csv", File.ReadAllText(p7).Replace("1350300,77000", "1360300,87000")));
        again.Out.ShouldContain("forecasts: 0 created, 1 updated");

        await using var db = _db.Open();
        db.UseOrganisation((await db.Organisations.SingleAsync(o => o.Code == "NCC")).Id);
        var history = await db.BudgetForecasts.Where(f => f.Line!.Name == "Technical Programme").OrderBy(f => f.Period).Select(f => f.Forecast).ToListAsync();
        history.ShouldBe([1_430_300m, 1_360_300m]);
        (await db.AuditLog.CountAsync(e => e.Action == "update" && e.EntityType == "BudgetForecast")).ShouldBe(1);
    }

    [Fact]
    public async Task Bad_rows_are_named_and_nothing_is_written()
    {
        var bad = _files.Write("bad.csv", "committee,service,line,kind,period,budget,forecast,variance\n" +
            "XYZ,IMT,Infrastructure,revenue,2017-09,1,1,\n" +
            "DIE,IMT,Infrastructure,running,2017-13,£1.5m,,\n" +
            "DIE,IMT,Grants,revenue,2017-09,-500000,-450000,-50000\n" +
            "DIE,IMT,grants,REVENUE,2017-09,1,1,\n");
        var reserves = _files.Write("bad-reserves.csv", "committee,reserve,period,opening,forecast_closing,change\nDIE,IMT,2099-01,824000,260000,-564000\nDIE,BB,2017-09,456000,33000,423000\n");

        var r = await StewardCli.RunAsync(_db, "import", "--org", "NCC", bad, reserves);

        r.ExitCode.ShouldBe(1);
        var folder = Path.GetDirectoryName(bad) + "/";
        r.ErrLines.Select(l => l.Replace(folder, "")).ShouldBe([
            "bad.csv:2: column committee: no committee 'XYZ': give a committee's code or name, as on the committees page",
            "bad.csv:3: column period: '2017-13' is not a month: write YYYY-MM, like 2017-09 for P6 of 2017/18",
            "bad.csv:3: column kind: 'running' is not revenue or capital",
            "bad.csv:3: column budget: '£1.5m' is not an amount in pounds: write signed pounds and pence, like -47000.00",
            "bad.csv:3: column forecast: is empty",
            "bad.csv:4: column variance: is -50000 but forecast − budget is 50000",
            "bad.csv:5: column line: grants (IMT, REVENUE) for 2017-09 is also at bad.csv:4",
            "bad-reserves.csv:2: column period: 2099-01 has not started: figures are for this month or one before it",
            "bad-reserves.csv:3: column change: is 423000 but forecast_closing − opening is -423000",
            "Nothing was imported: 9 error(s).",
        ]);
        await using var db = _db.Open();
        (await db.BudgetLines.IgnoreQueryFilters().CountAsync(), await db.ReserveForecasts.IgnoreQueryFilters().CountAsync()).ShouldBe((0, 0));
    }
}

/// <summary>The committee's finance page as a Norfolk councillor reads it (the demo's seed 004 tables).</summary>
public class FinancePageTests(Steward.Tests.Web.DemoSite site) : IClassFixture<Steward.Tests.Web.DemoSite>
{
    [Fact]
    public async Task A_councillor_reads_table_1_and_table_3_for_the_committee()
    {
        var viewer = await site.As("viewer@norfolk.example");
        var (response, page) = await viewer.GetAsync("/finance");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        page.QuerySelector("main")!.TextContent.Squash().ShouldContain("Digital Innovation and Efficiency Committee, as at Period 6 (Sep 2017) of 2017/18");
        string[] Row(string selector) => page.QuerySelector(selector)!.QuerySelectorAll("th, td").Select(c => c.TextContent.Squash()).ToArray();
        var technical = page.QuerySelectorAll("#revenue tbody tr").Single(r => r.TextContent.Squash().StartsWith("Technical Programme")).QuerySelectorAll("th, td").Select(c => c.TextContent.Squash()).ToArray();
        technical[1..].ShouldBe(["1.273", "1.430", "0.157", "12.3"]);
        technical[0].ShouldEndWith("Supported by the planned use of £0.564m of IMT reserves (Table 3), to support the corporate technology platform.");
        page.QuerySelectorAll("#revenue tbody tr").Select(r => r.TextContent.Squash()).ShouldContain("Grants: forecasts month by month (0.500) (0.500) 0.000 0.0");
        Row("#revenue tfoot tr").ShouldBe(["Total for committee", "15.982", "15.982", "0.000", "0.0"]);
        Row("#reserves tfoot tr").ShouldBe(["Committee total", "1.280", "0.293", "(0.987)"]);

        Row("#capital-programme tfoot tr").ShouldBe(["Total planned programme", "10.128", "6.818", "6.215", "3.715"]);
        // The council's totals, and the tables as a workbook.
        (_, page) = await viewer.GetAsync("/finance?committee=all&period=2017-09");
        Row("#revenue tfoot tr").ShouldBe(["Total for the council", "15.982", "15.982", "0.000", "0.0"]);
        var workbook = await viewer.Client.GetAsync("/finance?handler=Workbook&committee=DIE&period=2017-09");
        workbook.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        using (var xlsx = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(new MemoryStream(await workbook.Content.ReadAsByteArrayAsync()), false))
            xlsx.WorkbookPart!.Workbook.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>().Select(x => x.Name!.Value).ShouldBe(["Budget", "Reserves"]);
        // Each line's forecasts month by month.
        var history = page.QuerySelectorAll("#revenue a").Single(a => a.TextContent.StartsWith("Technical Programme")).GetAttribute("href")!;
        (_, page) = await viewer.GetAsync(history);
        page.QuerySelectorAll("#history tbody tr").Select(r => r.TextContent.Squash()).ShouldBe([
            "Period 6 (Sep 2017) 1.273 1.430 0.157 Supported by the planned use of £0.564m of IMT reserves (Table 3), to support the corporate technology platform."]);
        (_, page) = await viewer.GetAsync("/finance?committee=DIE&period=2018-04");
        page.QuerySelector("#revenue").ShouldBeNull(); // a new financial year has no figures yet
        (_, page) = await viewer.GetAsync("/finance?period=Sept");
        page.QuerySelector(".govuk-error-message")!.TextContent.ShouldContain("Enter the month as YYYY-MM");
    }

    [Fact]
    public async Task The_committees_pack_carries_tables_1_and_3_in_every_format()
    {
        await using var db = site.Db.Open(site.Norfolk);
        var org = await db.Organisations.SingleAsync(o => o.Id == site.Norfolk);
        var committee = await db.Committees.SingleAsync(c => c.Code == "DIE");
        var pack = await Steward.Features.Reports.PackBuilder.BuildAsync(db, org,
            new Steward.Features.Reports.PackRequest(committee, new Period(2017, 9), false, new DateOnly(2017, 11, 8)));
        var finance = pack.Sections.Single(x => x.Title == "Finance");
        var text = string.Join(" | ", finance.Blocks.Select(b => b switch
        {
            Steward.Features.Reports.PackParagraph p => p.Text,
            Steward.Features.Reports.PackTable t => t.Caption + ": " + string.Join(" / ", t.Rows.Select(r => string.Join(" ", r.Select(c => c.Text)))),
            Steward.Features.Reports.PackList l => string.Join(" / ", l.Items),
            _ => "",
        }));
        text.ShouldContain("The net revenue budget is £15.982m and the forecast out-turn £15.982m, as at Period 6 (Sep 2017) of 2017/18: a balanced budget.");
        text.ShouldContain("Information Management and Technology Technical Programme 1.273 1.430 0.157");
        text.ShouldContain("Total  15.982 15.982 0.000");
        text.ShouldContain("1 line is forecast to overspend by more than £100,000: | Technical Programme (Information Management and Technology), £0.157m over: Supported by the planned use");
        text.ShouldContain("Total 1.280 0.293 (0.987)");
        text.ShouldContain("Capital programme by year: amounts profiled (£m): ");
        text.ShouldContain("Total 10.128 6.818 6.215 3.715");
        var html = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(Steward.Features.Reports.PackHtml.Render(pack)).Body!.TextContent.Squash();
        html.ShouldContain("Net revenue budget: forecast out-turn as at Period 6 (Sep 2017) of 2017/18 (£m)");
        Steward.Features.Reports.PackPdf.Render(pack).Length.ShouldBeGreaterThan(0);
    }
}
