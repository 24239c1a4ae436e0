using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Indicators;
using Steward.Tests.Support;

namespace Steward.Tests.Indicators;

public class ImportTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private readonly TempFiles _files = new();

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

    private async Task Import(params string[] paths)
    {
        var r = await StewardCli.RunAsync(_db, ["import", "--org", "DBC", "--user", "performance@dacorum.example", .. paths]);
        r.ExitCode.ShouldBe(0, r.Err);
    }

    [Fact]
    public async Task Columns_match_by_name_in_any_order_and_case_with_a_byte_order_mark()
    {
        var f = _files.WriteBytes("indicators.csv", [0xEF, 0xBB, 0xBF, .. "Unit,CODE,Name,Frequency,Polarity,Info_Only,Amber_Tolerance,Service,Lead_Officer\r\npercent,CS02a,Percentage stage 1 complaints resolved in 15 days,quarterly,higher,FALSE,10,Chief Executive's Unit,Mark Brookes\r\n"u8.ToArray()]);
        var r = _files.Write("results.csv", "value,denominator,numerator,period,code\n91.36,81,74,2017-12,cs02a\n");
        await Import(f, r);
        await using var db = await OpenDbc();
        var i = await db.Indicators.Include(x => x.Service).Include(x => x.LeadOfficer).SingleAsync();
        (i.Code, i.Unit, i.Frequency, i.Polarity, i.Tolerance, i.Decimals).ShouldBe(("CS02a", Unit.Percent, Frequency.Quarterly, Polarity.HigherIsBetter, 10m, 2));
        i.Service!.Name.ShouldBe("Chief Executive's Unit");
        i.LeadOfficer!.Name.ShouldBe("Mark Brookes");
        var result = await db.Results.SingleAsync();
        result.Value.ShouldBe(74m / 81m * 100m);
        (result.Numerator, result.Denominator).ShouldBe((74m, 81m));
    }

    [Fact]
    public async Task Imported_results_are_approved_by_the_importing_identity()
    {
        await Import(Seeds.DacorumIndicators, Seeds.DacorumResults, Seeds.DacorumTargets);
        await using var db = await OpenDbc();
        var results = await db.Results.ToListAsync();
        results.Count.ShouldBe(49);
        results.ShouldAllBe(r => r.Status == ApprovalStatus.Approved && r.ApprovedBy == "performance@dacorum.example");
        (await db.Targets.CountAsync()).ShouldBe(3); // HR05's profiled targets (cumulative sickness: 0.54 in Q1, 0.76 in Q2)
        (await db.AnnualTargets.CountAsync()).ShouldBe(20); // the flat ones, a target a year: CSU10 210 in 2016/17 and 2017/18
        var hr05 = await db.Indicators.SingleAsync(i => i.Code == "HR05");
        hr05.Cumulative.ShouldBeTrue();
        var comment = await db.Results.Where(r => r.IndicatorId == hr05.Id && r.Period == new Period(2017, 9)).Select(r => r.UpdaterComment).SingleAsync();
        comment!.ShouldStartWith("The sickness scrutiny group");
    }

    [Fact]
    public async Task Reimporting_updates_rows_and_never_duplicates_them()
    {
        await Import(Seeds.DacorumIndicators, Seeds.DacorumResults);
        await Import(Seeds.DacorumIndicators, Seeds.DacorumResults);
        await using (var db = await OpenDbc())
        {
            (await db.Indicators.CountAsync()).ShouldBe(17);
            (await db.Results.CountAsync()).ShouldBe(49);
            (await db.Services.CountAsync()).ShouldBe(1);
            (await db.People.CountAsync()).ShouldBe(1);
        }
        var change = _files.Write("fix.csv", "code,period,value,numerator,denominator,target\nHR05,2017-09,0.91,1784,1966,0.8\n");
        var r = await StewardCli.RunAsync(_db, "import", "--org", "DBC", "--user", "officer@dacorum.example", change);
        r.ExitCode.ShouldBe(0, r.Err);
        r.Out.ShouldContain("results: 0 created, 1 updated; targets: 0 created, 1 updated, 0 removed");
        await using (var db = await OpenDbc())
        {
            (await db.Results.CountAsync()).ShouldBe(49);
            var entries = await db.AuditLog.OrderBy(a => a.Id).ToListAsync();
            entries.Count(e => e.Action == "import").ShouldBe(3);
            var last = entries.Where(e => e.Action == "update").ToList();
            last.Select(e => e.Label).ShouldBe(["result HR05 2017-09", "target HR05 2017-09"], ignoreOrder: true);
            last.ShouldAllBe(e => e.Actor == "officer@dacorum.example" && e.Channel == "cli");
            var changes = JsonDocument.Parse(last.Single(e => e.EntityType == "Result").Changes!).RootElement;
            changes.GetProperty("Numerator")[0].GetDecimal().ShouldBe(1783m);
            changes.GetProperty("Numerator")[1].GetDecimal().ShouldBe(1784m);
            var import = entries.Last(e => e.Action == "import");
            var details = JsonDocument.Parse(import.Changes!).RootElement;
            var file = details.GetProperty("files")[0];
            file.GetProperty("name").GetString().ShouldBe(change);
            file.GetProperty("sha256").GetString()!.Length.ShouldBe(64);
            file.GetProperty("rows").GetInt32().ShouldBe(1);
            // The first import was one entry, not one per row.
            entries.Count(e => e.Action == "create" && e.EntityType is "Result" or "Target" or "Indicator").ShouldBe(0);
        }
    }

    [Fact]
    public async Task An_absent_optional_column_leaves_a_field_unchanged_and_an_empty_cell_clears_it()
    {
        await Import(Seeds.DacorumIndicators);
        var without = _files.Write("no-service.csv", "code,name,polarity,unit,frequency,info_only,amber_tolerance\nCSU10,Call Handling: Average wait time,lower,seconds,quarterly,false,\n");
        await Import(without);
        await using (var db = await OpenDbc())
        {
            var i = await db.Indicators.Include(x => x.Service).SingleAsync(x => x.Code == "CSU10");
            i.Service!.Name.ShouldBe("Performance and Projects");
            i.Decimals.ShouldBe(2);
        }
        var empty = _files.Write("empty-service.csv", "code,name,polarity,unit,frequency,info_only,amber_tolerance,service,decimals\nCSU10,Call Handling: Average wait time,lower,seconds,quarterly,false,25,,\n");
        await Import(empty);
        await using (var db = await OpenDbc())
        {
            var i = await db.Indicators.SingleAsync(x => x.Code == "CSU10");
            i.ServiceId.ShouldBeNull();
            i.Decimals.ShouldBe(2); // empty decimals means the default
            i.Tolerance.ShouldBe(25m);
        }
    }

    [Fact]
    public async Task A_row_may_carry_only_a_target_and_an_empty_target_cell_removes_one()
    {
        await Import(Seeds.DacorumIndicators, Seeds.DacorumResults);
        await Import(_files.Write("own.csv", "code,period,value,target\nCSU10,2016-09,,210\nCSU10,2017-06,,210\nCSU10,2017-09,,210\n"));
        var targets = _files.Write("targets.csv", "code,period,value,target\nCSU10,2017-12,,200\nCSU10,2017-09,,\n");
        await Import(targets);
        await using var db = await OpenDbc();
        var csu10 = await db.Indicators.SingleAsync(x => x.Code == "CSU10");
        var all = await db.Targets.Where(t => t.IndicatorId == csu10.Id).ToListAsync();
        all.Select(t => (t.Period.ToString(), t.Value)).ShouldBe([("2016-09", 210m), ("2017-06", 210m), ("2017-12", 200m)], ignoreOrder: true);
        // The Sep 2017 result itself is untouched by a target-only row.
        (await db.Results.SingleAsync(r => r.IndicatorId == csu10.Id && r.Period == new Period(2017, 9))).Value.ShouldBe(279.67m);
        (await db.Results.AnyAsync(r => r.IndicatorId == csu10.Id && r.Period == new Period(2017, 12))).ShouldBeFalse();
    }

    [Fact]
    public async Task Zero_over_zero_is_stored_as_no_data()
    {
        var f = _files.Write("i.csv", "code,name,polarity,unit,frequency,info_only,amber_tolerance\nLG06,Housing possession proceedings commenced within 20 working days,higher,percent,quarterly,true,\n");
        var r = _files.Write("r.csv", "code,period,value,numerator,denominator\nLG06,2017-12,,0,0\n");
        await Import(f, r);
        await using var db = await OpenDbc();
        var result = await db.Results.SingleAsync();
        result.Value.ShouldBeNull();
        (result.Numerator, result.Denominator).ShouldBe((0m, 0m));
        var statuses = await Performance.AtAsync(db, await db.Organisations.SingleAsync(o => o.Code == "DBC"), new Period(2017, 12));
        statuses.Single().ValueText.ShouldBe("");
    }

    [Fact]
    public async Task Values_keep_full_precision_and_come_back_identical()
    {
        var f = _files.Write("i.csv", "code,name,polarity,unit,frequency,info_only,amber_tolerance,decimals\nHR05,Sickness per FTE,lower,days,quarterly,false,,2\n");
        var r = _files.Write("r.csv", "code,period,value,numerator,denominator,target\nHR05,2017-09,,1783,1966,0.76\nHR05,2017-06,0.1234567891,,,0.54\n");
        await Import(f, r);
        await using var db = await OpenDbc();
        var values = await db.Results.OrderBy(x => x.Id).Select(x => x.Value).ToListAsync();
        values[0].ShouldBe(1783m / 1966m);
        values[1].ShouldBe(0.1234567891m); // ten decimal places, the most accepted
    }
}
