using Microsoft.EntityFrameworkCore;
using Steward.Tests.Support;

namespace Steward.Tests.Risks;

public class RiskImportTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private readonly TempFiles _files = new();
    private const string RiskHeader = "code,title,register,category,owner,portfolio_holder,treatment,inherent_likelihood,inherent_impact,residual_likelihood,residual_impact,target_likelihood,target_impact,target_date,prospects";

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        (await StewardCli.RunAsync(_db, "org", "add", "DBC", "Dacorum Borough Council")).ExitCode.ShouldBe(0);
        (await StewardCli.RunAsync(_db, "org", "add", "NCC", "Norfolk County Council")).ExitCode.ShouldBe(0);
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        _files.Dispose();
    }

    private async Task<string[]> Failing(string org, params string[] paths)
    {
        var before = await Count();
        var r = await StewardCli.RunAsync(_db, ["import", "--org", org, .. paths]);
        r.ExitCode.ShouldBe(1, r.Out);
        (await Count()).ShouldBe(before);
        return r.ErrLines[..^1];
    }

    private async Task<(int, int, int, int)> Count()
    {
        await using var db = _db.Open();
        return (await db.Risks.IgnoreQueryFilters().CountAsync(), await db.RiskMatrixCells.IgnoreQueryFilters().CountAsync(),
            await db.RiskRegisters.IgnoreQueryFilters().CountAsync(), await db.AuditLog.IgnoreQueryFilters().CountAsync());
    }

    [Fact]
    public async Task The_seed_registers_import_and_export_by_code()
    {
        var d = await StewardCli.RunAsync(_db, "import", "--org", "DBC", Seeds.DacorumMatrix, Seeds.DacorumRisks);
        d.ExitCode.ShouldBe(0, d.Err);
        d.Out.ShouldContain("matrix: 16 cells set; risks: 9 created, 0 updated");
        var n = await StewardCli.RunAsync(_db, "import", "--org", "NCC", Seeds.NorfolkRisks, Seeds.NorfolkMatrix);
        n.ExitCode.ShouldBe(0, n.Err);

        var dacorum = await StewardCli.RunAsync(_db, "export", "risks", "--org", "DBC");
        dacorum.OutLines[0].ShouldStartWith("code,inherent_score,inherent_band,residual_score,residual_band,target_score,exception,target_band,prospects");
        var rows = dacorum.OutLines.Skip(1).Select(l => l.Split(',')).ToDictionary(f => f[0]);
        rows.Keys.ShouldBe(["CE_R01", "PP_R011", "PP_R012", "PP_R014", "PP_R015", "PP_R016", "PP_R017", "PP_R018", "PP_R04"]);
        rows["PP_R011"][..9].ShouldBe(["PP_R011", "12", "red", "8", "amber", "", "false", "", ""]);
        rows["CE_R01"][..9].ShouldBe(["CE_R01", "16", "red", "4", "green", "", "false", "", ""]);

        var norfolk = await StewardCli.RunAsync(_db, "export", "risks", "--org", "NCC");
        var nrows = norfolk.OutLines.Skip(1).Select(l => l.Split(',')).ToDictionary(f => f[0]);
        nrows["RM010"][..9].ShouldBe(["RM010", "12", "red", "12", "red", "3", "true", "green", "amber"]);
        nrows["RM14223"][..9].ShouldBe(["RM14223", "15", "red", "6", "amber", "3", "false", "green", "amber"]);

        await using var db = _db.Open();
        var registers = await db.RiskRegisters.IgnoreQueryFilters().Select(r => r.Name).ToListAsync();
        registers.ShouldContain("Performance and Projects");
        registers.Count(r => r == "Dacorum Borough Council").ShouldBe(1);
    }

    [Fact]
    public async Task Reimporting_updates_and_closed_risks_leave_the_export()
    {
        (await StewardCli.RunAsync(_db, "import", "--org", "NCC", Seeds.NorfolkMatrix, Seeds.NorfolkRisks)).ExitCode.ShouldBe(0);
        var closed = _files.Write("close.csv", RiskHeader + ",status\nRM14223,Payment Card Industry compliance of call monitoring system,Community and Environmental Services/Norfolk County Council,,Andrew Blaxter,,,3,5,2,3,1,3,2017-11-30,amber,closed\n");
        var r = await StewardCli.RunAsync(_db, "import", "--org", "NCC", closed);
        r.ExitCode.ShouldBe(0, r.Err);
        r.Out.ShouldContain("risks: 0 created, 1 updated");
        var export = await StewardCli.RunAsync(_db, "export", "risks", "--org", "NCC");
        export.OutLines.Skip(1).Select(l => l.Split(',')[0]).ShouldBe(["RM010"]);
        await using var db = _db.Open();
        (await db.Risks.IgnoreQueryFilters().CountAsync()).ShouldBe(2);
    }

    [Fact]
    public async Task A_blank_exempt_paragraph_never_makes_a_Part_II_risk_public()
    {
        (await StewardCli.RunAsync(_db, "import", "--org", "NCC", Seeds.NorfolkMatrix, Seeds.NorfolkRisks)).ExitCode.ShouldBe(0);
        const string row = "RM14223,Payment Card Industry compliance of call monitoring system,Community and Environmental Services/Norfolk County Council,,Andrew Blaxter,,,3,5,2,3,1,3,2017-11-30,amber,";
        var exempt = _files.Write("exempt.csv", RiskHeader + ",exempt_paragraph\n" + row + "3\n");
        (await StewardCli.RunAsync(_db, "import", "--org", "NCC", exempt)).ExitCode.ShouldBe(0);
        var blank = _files.Write("blank.csv", RiskHeader + ",exempt_paragraph\n" + row + "\n");
        (await StewardCli.RunAsync(_db, "import", "--org", "NCC", blank)).ExitCode.ShouldBe(0);

        await using var db = _db.Open();
        var risk = await db.Risks.IgnoreQueryFilters().SingleAsync(r => r.Code == "RM14223");
        (risk.Exempt, risk.ExemptionParagraph).ShouldBe((true, "3"));
    }

    [Fact]
    public async Task Blank_scores_are_allowed_and_export_empty_cells_and_false()
    {
        (await StewardCli.RunAsync(_db, "import", "--org", "DBC", Seeds.DacorumMatrix)).ExitCode.ShouldBe(0);
        var f = _files.Write("r.csv", RiskHeader + "\nNEW1,A new risk not yet scored,Performance and Projects/Dacorum Borough Council,,,,,,,,,,,,\n");
        (await StewardCli.RunAsync(_db, "import", "--org", "DBC", f)).ExitCode.ShouldBe(0);
        (await StewardCli.RunAsync(_db, "export", "risks", "--org", "DBC")).OutLines[1].Split(',')[..9].ShouldBe(["NEW1", "", "", "", "", "", "false", "", ""]);
    }

    [Fact]
    public async Task Bad_risk_rows_are_named_by_line_and_nothing_is_written()
    {
        (await StewardCli.RunAsync(_db, "import", "--org", "DBC", Seeds.DacorumMatrix)).ExitCode.ShouldBe(0);
        var f = _files.Write("risks.csv", RiskHeader + "\n" +
            "R1,Likelihood outside,A/B,,,,treat,5,4,,,,,,\n" +
            "R2,Impact alone,A/B,,,,,,4,,,,,,\n" +
            "R3,Bad prospects,A/B,,,,,,,,,,,,Ambre\n" +
            "R4,Bad treatment and date,A/B,,,,Treating,,,,,,,31/03/2018,\n" +
            "R5,Empty register segment,A//B,,,,,,,2,x,,,,purple\n" +
            "r1,Duplicate,A/B,,,,,,,,,,,,\n");
        (await Failing("DBC", f)).ShouldBe([
            $"{f}:2: column inherent_likelihood: 5×4 is outside the 4×4 matrix",
            $"{f}:3: column inherent_likelihood: is empty but inherent_impact is 4: give both or neither",
            $"{f}:4: column prospects: 'Ambre' is not green, amber or red",
            $"{f}:5: column treatment: 'Treating' is not treat, tolerate, transfer or terminate",
            $"{f}:5: column target_date: '31/03/2018' is not a date: write YYYY-MM-DD",
            $"{f}:6: column register: 'A//B' is not a register path: names separated by '/', leaf first, none empty",
            $"{f}:6: column residual_impact: 'x' is not a level (a whole number from 1)",
            $"{f}:6: column prospects: 'purple' is not green, amber or red",
            $"{f}:7: column code: risk r1 is also at {f}:2",
        ]);
    }

    [Fact]
    public async Task Scores_need_a_matrix()
    {
        var f = _files.Write("risks.csv", RiskHeader + "\nR1,No matrix yet,A/B,,,,,3,4,,,,,,\n");
        (await Failing("DBC", f)).ShouldBe([$"{f}:2: column inherent_likelihood: the organisation has no risk matrix yet: import one (likelihood,impact,band) first or in the same call"]);
    }

    [Fact]
    public async Task Bad_matrices_are_named_by_line_and_nothing_is_written()
    {
        var unknownBand = _files.Write("m1.csv", "likelihood,impact,band\n1,1,green\n1,2,purple\n");
        (await Failing("DBC", unknownBand)).ShouldBe([$"{unknownBand}:3: column band: unknown band 'purple': use green, amber, red or a band defined on the matrix page"]);

        var missingCell = new System.Text.StringBuilder("likelihood,impact,band\n");
        for (var l = 1; l <= 3; l++)
            for (var i = 1; i <= 3; i++)
                if ((l, i) != (2, 3)) missingCell.Append($"{l},{i},{(l * i > 4 ? "red" : "green")}\n");
        var missing = _files.Write("m2.csv", missingCell.ToString());
        (await Failing("DBC", missing)).ShouldBe([$"{missing}:1: column band: no row for the cell likelihood 2, impact 3: every cell of the 3×3 matrix needs a band"]);

        var tooSmall = _files.Write("m3.csv", "likelihood,impact,band\n1,1,green\n1,2,green\n2,1,green\n2,2,amber\n");
        (await Failing("DBC", tooSmall)).ShouldBe([
            $"{tooSmall}:1: column likelihood: the matrix has 2 likelihood levels: it needs 3 to 6",
            $"{tooSmall}:1: column impact: the matrix has 2 impact levels: it needs 3 to 6",
        ]);

        var labels = _files.Write("m4.csv", "likelihood,impact,band,likelihood_label\n1,1,green,Rare\n1,2,green,Seldom\n7,1,red,x\n");
        (await Failing("DBC", labels)).ShouldBe([
            $"{labels}:3: column likelihood_label: likelihood 1 is labelled 'Rare' at line 2: a level has one label",
            $"{labels}:4: column likelihood: '7' is not a level from 1 to 6",
        ]);
    }

    [Fact]
    public async Task The_same_levels_reband_in_place_and_are_audited_but_new_levels_need_the_mapping_page()
    {
        (await StewardCli.RunAsync(_db, "import", "--org", "DBC", Seeds.DacorumMatrix, Seeds.DacorumRisks)).ExitCode.ShouldBe(0);
        var rebanded = File.ReadAllText(Seeds.DacorumMatrix).Replace("3,3,red,Likely,Major", "3,3,amber,Likely,Major");
        var f = _files.Write("rebanded.csv", rebanded);
        var r = await StewardCli.RunAsync(_db, "import", "--org", "DBC", "--user", "risk@dacorum.example", f);
        r.ExitCode.ShouldBe(0, r.Err);
        r.Out.ShouldContain("matrix: 1 cells set");
        await using (var db = _db.Open())
        {
            var entry = await db.AuditLog.IgnoreQueryFilters().SingleAsync(a => a.Label == "matrix cell 3×3" && a.Action == "update");
            entry.Actor.ShouldBe("risk@dacorum.example");
        }

        var fiveByFive = _files.Write("5x5.csv", File.ReadAllText(Seeds.NorfolkMatrix));
        (await Failing("DBC", fiveByFive)).ShouldBe([
            $"{fiveByFive}:1: column likelihood: risks are scored on the 4×4 matrix: changing it to 5×5 needs their scores mapped to the new levels, on the matrix page (Manage → Risk matrix)",
        ]);
    }

    [Fact]
    public async Task Files_of_every_kind_go_in_one_transaction()
    {
        var indicators = _files.Write("i.csv", "code,name,polarity,unit,frequency,info_only,amber_tolerance\nICT01,Incidents resolved in 2 days,higher,percent,quarterly,false,\n");
        var badRisk = _files.Write("r.csv", RiskHeader + "\nR1,Bad,A/B,,,,,,,,,,,,blue\n");
        (await Failing("DBC", indicators, Seeds.DacorumMatrix, badRisk)).ShouldBe([$"{badRisk}:2: column prospects: 'blue' is not green, amber or red"]);
        await using var db = _db.Open();
        (await db.Indicators.IgnoreQueryFilters().CountAsync()).ShouldBe(0);
    }
}
