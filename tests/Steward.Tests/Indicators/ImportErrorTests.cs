using Microsoft.EntityFrameworkCore;
using Steward.Tests.Support;

namespace Steward.Tests.Indicators;

/// <summary>Bad input is named by file, line and column; the exit code is 1; nothing is written.</summary>
public class ImportErrorTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private readonly TempFiles _files = new();

    private const string IndicatorsHeader = "code,name,polarity,unit,frequency,info_only,amber_tolerance";

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        (await StewardCli.RunAsync(_db, "org", "add", "DBC", "Dacorum Borough Council")).ExitCode.ShouldBe(0);
        var seed = _files.Write("existing.csv", $"""
            {IndicatorsHeader},decimals
            CS02a,Percentage stage 1 complaints resolved in 15 days,higher,percent,quarterly,false,,2
            """);
        (await StewardCli.RunAsync(_db, "import", "--org", "DBC", seed)).ExitCode.ShouldBe(0);
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        _files.Dispose();
    }

    /// <summary>Runs an import that must fail, and checks that nothing at all was written.</summary>
    private async Task<string[]> FailingImport(params string[] paths)
    {
        var before = await Counts();
        var r = await StewardCli.RunAsync(_db, ["import", "--org", "DBC", .. paths]);
        r.ExitCode.ShouldBe(1, r.Out);
        (await Counts()).ShouldBe(before);
        r.ErrLines[^1].ShouldStartWith("Nothing was imported");
        return r.ErrLines[..^1];
    }

    private async Task<(int, int, int, int, int, int)> Counts()
    {
        await using var db = _db.Open();
        var org = await db.Organisations.SingleAsync();
        db.UseOrganisation(org.Id);
        return (await db.Indicators.CountAsync(), await db.Results.CountAsync(), await db.Targets.CountAsync(),
            await db.Services.CountAsync(), await db.People.CountAsync(), await db.AuditLog.CountAsync());
    }

    [Fact]
    public async Task Unknown_indicator_code()
    {
        var f = _files.Write("results.csv", "code,period,value\nCS02a,2017-12,91.36\nXX99,2017-12,5\n");
        (await FailingImport(f)).ShouldBe([$"{f}:3: column code: unknown indicator code XX99"]);
    }

    [Fact]
    public async Task Numbers_too_large_or_too_fine_and_tolerances_over_1000_percent()
    {
        var i = _files.Write("i.csv", $"{IndicatorsHeader}\nBIG1,Too tolerant,higher,number,monthly,false,1001\n");
        var r = _files.Write("r.csv", "code,period,value,target\nCS02a,2017-12,1000000000000000,\nCS02a,2017-09,91.36,0.00000000001\n");
        (await FailingImport(i, r)).ShouldBe([
            $"{i}:2: column amber_tolerance: cannot be more than 1000 (percent)",
            $"{r}:2: column value: '1000000000000000' has more than 15 digits before the point or 10 after it",
            $"{r}:3: column target: '0.00000000001' has more than 15 digits before the point or 10 after it",
        ]);
    }

    [Fact]
    public async Task Bad_period()
    {
        var f = _files.Write("results.csv", "code,period,value\nCS02a,2017-13,91.36\nCS02a,Dec 2017,91.36\n");
        (await FailingImport(f)).ShouldBe([
            $"{f}:2: column period: '2017-13' is not a period: write YYYY-MM, the month in which the period ends",
            $"{f}:3: column period: 'Dec 2017' is not a period: write YYYY-MM, the month in which the period ends",
        ]);
    }

    [Fact]
    public async Task A_month_that_does_not_end_a_quarter_for_a_quarterly_indicator()
    {
        var f = _files.Write("results.csv", "code,period,value\nCS02a,2017-08,91.36\n");
        (await FailingImport(f)).ShouldBe([
            $"{f}:2: column period: 2017-08 does not end a quarter: CS02a is quarterly (quarters end in Jun, Sep, Dec and Mar)",
        ]);
    }

    [Fact]
    public async Task Text_in_a_number()
    {
        var f = _files.Write("results.csv", "code,period,value,target\nCS02a,2017-12,91.36%,80\nCS02a,2018-03,ninety,eighty\n");
        (await FailingImport(f)).ShouldBe([
            $"{f}:2: column value: '91.36%' is not a number (write plain digits with '.' for decimals: no '%', units or thousands separators)",
            $"{f}:3: column value: 'ninety' is not a number (write plain digits with '.' for decimals: no '%', units or thousands separators)",
            $"{f}:3: column target: 'eighty' is not a number (write plain digits with '.' for decimals: no '%', units or thousands separators)",
        ]);
    }

    [Fact]
    public async Task A_missing_required_column()
    {
        var f = _files.Write("indicators.csv", "code,name,polarity,unit,frequency,amber_tolerance\nHR05,Sickness,lower,days,quarterly,\n");
        (await FailingImport(f)).ShouldBe([
            $"{f}:1: column info_only: required column is missing (a file of indicators needs code,name,polarity,unit,frequency,info_only,amber_tolerance)",
        ]);
        var r = _files.Write("results.csv", "code,period,target\nCS02a,2017-12,80\n");
        (await FailingImport(r)).ShouldBe([
            $"{r}:1: column value: required column is missing (a file of results needs code,period,value)",
        ]);
    }

    [Fact]
    public async Task An_unknown_column()
    {
        var f = _files.Write("results.csv", "code,period,value,rag\nCS02a,2017-12,91.36,green\n");
        (await FailingImport(f)).ShouldBe([
            $"{f}:1: column rag: unknown column for a file of results (known: code,period,value,numerator,denominator,target,comment)",
        ]);
    }

    [Fact]
    public async Task A_duplicate_code_within_a_call_names_both_lines()
    {
        var a = _files.Write("a.csv", $"{IndicatorsHeader}\nHR05,Sickness per FTE,lower,days,quarterly,false,\nCSU10,Call waiting,lower,seconds,quarterly,false,\n");
        var b = _files.Write("b.csv", $"{IndicatorsHeader}\nICT01,Incidents in 2 days,higher,percent,quarterly,false,\nhr05,Sickness again,lower,days,quarterly,false,\n");
        (await FailingImport(a, b)).ShouldBe([$"{b}:3: column code: indicator hr05 is also at {a}:2"]);

        var r = _files.Write("r.csv", "code,period,value\nCS02a,2017-12,91.36\ncs02a,2017-12,90\n");
        (await FailingImport(r)).ShouldBe([$"{r}:3: column code: cs02a 2017-12 is also at {r}:2"]);
    }

    [Fact]
    public async Task Polarity_not_higher_or_lower()
    {
        var f = _files.Write("indicators.csv", $"{IndicatorsHeader}\nHR05,Sickness per FTE,smaller,days,quarterly,false,\n");
        (await FailingImport(f)).ShouldBe([$"{f}:2: column polarity: 'smaller' is not higher or lower"]);
    }

    [Fact]
    public async Task A_value_disagreeing_with_its_fraction()
    {
        var f = _files.Write("results.csv", "code,period,value,numerator,denominator\nCS02a,2017-12,91.35,74,81\nCS02a,2018-03,,5,0\n");
        (await FailingImport(f)).ShouldBe([
            $"{f}:2: column value: 91.35 disagrees with 74 / 81 = 91.36",
            $"{f}:3: column denominator: the denominator is 0 but the numerator is 5",
        ]);
    }

    [Fact]
    public async Task Every_error_of_every_file_is_listed_in_order_and_good_files_are_not_written_either()
    {
        var good = _files.Write("good.csv", $"{IndicatorsHeader}\nHR05,Sickness per FTE,lower,days,quarterly,false,\n");
        var bad = _files.Write("bad.csv", "code,period,value\nHR05,2017-09,0.91\nHR05,2017-10,1\nZZ1,2017-09,x\n");
        (await FailingImport(good, bad)).ShouldBe([
            $"{bad}:3: column period: 2017-10 does not end a quarter: HR05 is quarterly (quarters end in Jun, Sep, Dec and Mar)",
            $"{bad}:4: column code: unknown indicator code ZZ1",
            $"{bad}:4: column value: 'x' is not a number (write plain digits with '.' for decimals: no '%', units or thousands separators)",
        ]);
    }

    [Fact]
    public async Task Other_bad_cells_are_named()
    {
        var f = _files.Write("indicators.csv", $"{IndicatorsHeader},decimals,cumulative\n" +
            "HR 05,Sickness,lower,hours,fortnightly,maybe,-1,7,yes\n" +
            ",,higher,percent,termly,false,,2.5,false\n");
        (await FailingImport(f)).ShouldBe([
            $"{f}:2: column code: 'HR 05' is not a valid code: letters, digits and _ . - / only, starting with a letter or digit",
            $"{f}:2: column unit: 'hours' is not one of percent, number, days, seconds, score, currency",
            $"{f}:2: column frequency: 'fortnightly' is not monthly, quarterly or annual",
            $"{f}:2: column info_only: 'maybe' is not true or false",
            $"{f}:2: column amber_tolerance: cannot be negative",
            $"{f}:2: column decimals: '7' is not a whole number from 0 to 6",
            $"{f}:2: column cumulative: 'yes' is not true or false",
            $"{f}:3: column code: is empty",
            $"{f}:3: column name: is empty",
            $"{f}:3: column frequency: termly indicators are not supported yet: use monthly, quarterly or annual",
            $"{f}:3: column decimals: '2.5' is not a whole number from 0 to 6",
        ]);
    }

    [Fact]
    public async Task Malformed_files_are_named()
    {
        var ragged = _files.Write("ragged.csv", "code,period,value\nCS02a,2017-12\nCS02a,2018-03,1,2\n");
        (await FailingImport(ragged)).ShouldBe([
            $"{ragged}:2: column value: the row has 2 fields but the header names 3 columns",
            $"{ragged}:3: column 4: the row has 4 fields but the header names 3 columns",
        ]);
        var quote = _files.Write("quote.csv", "code,period,value,comment\nCS02a,2017-12,91.36,\"never closed\n");
        (await FailingImport(quote)).ShouldBe([$"{quote}:2: column (all): a quoted field is not closed"]);
        var latin1 = _files.WriteBytes("latin1.csv", [.. "code,period,value,comment\nCS02a,2017-12,1,"u8.ToArray(), 0xA3, (byte)'5', (byte)'\n']);
        (await FailingImport(latin1)).ShouldBe([$"{latin1}:2: column (all): the file is not UTF-8 text: save it as \"CSV UTF-8\""]);
        var empty = _files.Write("empty.csv", "");
        (await FailingImport(empty)).ShouldBe([$"{empty}:1: column (header): the file is empty: the first line must name the columns"]);
        var unknown = _files.Write("unknown.csv", "risk,owner\nR1,me\n");
        (await FailingImport(unknown)).ShouldBe([$"{unknown}:1: column (header): cannot tell what this file holds: indicators need the columns code,name,polarity,unit,frequency,info_only,amber_tolerance; results need the columns code,period,value; targets need the columns code,financial_year,target; the matrix needs the columns likelihood,impact,band; risks need the columns code,title,register,category,owner,portfolio_holder,treatment,inherent_likelihood,inherent_impact,residual_likelihood,residual_impact,target_likelihood,target_impact,target_date,prospects; " +
            "projects need the columns code,name,stage; programmes need the columns code,name,board; highlight reports need the columns project,period,overall_rag,time_rag,cost_rag,scope_rag,quality_rag; " +
            "milestone dates need the columns project,period,milestone; milestones need the columns project,milestone,date; " +
            "budget lines need the columns committee,service,line,kind,period,budget,forecast; reserves need the columns committee,reserve,period,opening,forecast_closing; " +
            "the capital programme needs the columns committee,scheme,year,planned; savings need the columns committee,service,line,saving,year,amount,period,rag,forecast; " +
            "complaints need the columns reference,service,received"]);
    }

    [Fact]
    public async Task Changing_frequency_cannot_strand_existing_results()
    {
        var monthly = _files.Write("m.csv", $"{IndicatorsHeader}\nICT04,Incidents resolved within SLA,higher,percent,monthly,false,\n");
        var results = _files.Write("r.csv", "code,period,value\nICT04,2017-08,76.4\n");
        (await StewardCli.RunAsync(_db, "import", "--org", "DBC", monthly, results)).ExitCode.ShouldBe(0);
        var quarterly = _files.Write("q.csv", $"{IndicatorsHeader}\nICT04,Incidents resolved within SLA,higher,percent,quarterly,false,\n");
        (await FailingImport(quarterly)).ShouldBe([
            $"{quarterly}:2: column frequency: ICT04 is monthly and has data for 2017-08, which does not end a quarter: it cannot become quarterly",
        ]);
    }
}
