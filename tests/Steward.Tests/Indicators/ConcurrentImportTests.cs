using System.Text;
using Microsoft.EntityFrameworkCore;
using Steward.Common;
using Steward.Data;
using Steward.Features.Import;
using Steward.Tests.Support;

namespace Steward.Tests.Indicators;

/// <summary>Issue 15: two imports into one database at once. The one that loses writes nothing and says so.</summary>
public class ConcurrentImportTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private readonly TempFiles _files = new();
    private const string IndicatorsHeader = "code,name,polarity,unit,frequency,info_only,amber_tolerance";
    private static readonly DateOnly Today = new(2018, 1, 20);

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        (await StewardCli.RunAsync(_db, "org", "add", "DBC", "Dacorum Borough Council")).ExitCode.ShouldBe(0);
        var i = _files.Write("i.csv", $"{IndicatorsHeader}\nHR05,Sickness per FTE,lower,days,quarterly,false,\n");
        var r = _files.Write("r.csv", "code,period,value\nHR05,2017-09,0.91\n");
        (await StewardCli.RunAsync(_db, "import", "--org", "DBC", i, r)).ExitCode.ShouldBe(0);
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        _files.Dispose();
    }

    private async Task<StewardDb> OpenDbc(string actor)
    {
        var db = _db.Open(actor: actor);
        db.UseOrganisation((await db.Organisations.SingleAsync(o => o.Code == "DBC")).Id);
        return db;
    }

    private static ImportFile File(string name, string text) => ImportFile.FromBytes(name, Encoding.UTF8.GetBytes(text));

    [Theory]
    [InlineData(IndicatorsHeader + "\nHR05,Sickness days per FTE,lower,days,quarterly,false,\n", IndicatorsHeader + "\nHR05,Sickness per full-time employee,lower,days,quarterly,false,\n")] // both update one indicator
    [InlineData(IndicatorsHeader + "\nHR06,New indicator,lower,days,quarterly,false,\n", IndicatorsHeader + "\nhr06,Same code,lower,days,quarterly,false,\n")] // both create one code
    public async Task The_import_that_loses_writes_nothing_and_reports_a_conflict(string first, string second)
    {
        await using var a = await OpenDbc("a@dacorum.example");
        await using var b = await OpenDbc("b@dacorum.example");
        using var planA = await CsvImport.PlanAsync(a, [File("a.csv", first)]);
        using var planB = await CsvImport.PlanAsync(b, [File("b.csv", second)]);

        (await CsvImport.ApplyAsync(a, planA, Today)).Succeeded.ShouldBeTrue();
        var lost = await CsvImport.ApplyAsync(b, planB, Today);

        lost.Succeeded.ShouldBeFalse();
        lost.Conflict.ShouldBe("the data changed meanwhile (another import or an edit was saved while this one ran), nothing imported: run the import again");
        (lost.Counts, lost.Errors.Count).ShouldBe((null, 0));
        await using var after = await OpenDbc("check");
        (await after.AuditLog.CountAsync(e => e.Actor == "b@dacorum.example")).ShouldBe(0);
        (await after.AuditLog.CountAsync(e => e.Actor == "a@dacorum.example" && e.Action == "import")).ShouldBe(1);
        var code = first.Contains("HR06") ? "HR06" : "HR05";
        (await after.Indicators.SingleAsync(i => i.CodeKey == code)).Name.ShouldBe(first.Split('\n')[1].Split(',')[1]);
    }

    [Fact]
    public async Task Results_are_read_afresh_when_applied_so_imports_in_turn_both_land_audited()
    {
        await using var a = await OpenDbc("a@dacorum.example");
        await using var b = await OpenDbc("b@dacorum.example");
        using var planA = await CsvImport.PlanAsync(a, [File("a.csv", "code,period,value\nHR05,2017-09,0.95\n")]);
        using var planB = await CsvImport.PlanAsync(b, [File("b.csv", "code,period,value\nHR05,2017-09,0.97\n")]);
        (await CsvImport.ApplyAsync(a, planA, Today)).Succeeded.ShouldBeTrue();
        (await CsvImport.ApplyAsync(b, planB, Today)).Succeeded.ShouldBeTrue();
        await using var after = await OpenDbc("check");
        (await after.Results.SingleAsync()).Value.ShouldBe(0.97m);
        var update = await after.AuditLog.SingleAsync(e => e.Actor == "b@dacorum.example" && e.Action == "update");
        update.Changes!.ShouldContain("[0.95,0.97]");
    }

    [Fact]
    public async Task Two_CLI_imports_at_once_both_end_cleanly()
    {
        var files = Enumerable.Range(0, 4).Select(n => _files.Write($"r{n}.csv", $"code,period,value\nHR05,2017-09,0.9{n}\n")).ToList();
        var runs = await Task.WhenAll(files.Select(f => Task.Run(() => StewardCli.RunAsync(_db, "import", "--org", "DBC", f))));
        foreach (var r in runs)
        {
            if (r.ExitCode == 0) r.Out.ShouldStartWith("Imported 1 file(s) into DBC");
            else (r.ExitCode, r.Err.Trim()).ShouldBe((1, "steward import: the data changed meanwhile (another import or an edit was saved while this one ran), nothing imported: run the import again."));
        }
        runs.ShouldContain(r => r.ExitCode == 0);
    }
}
