using System.Text;
using Microsoft.EntityFrameworkCore;
using Steward.Common;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Import;
using Steward.Tests.Support;

namespace Steward.Tests.Projects;

/// <summary>
/// Issue 14: the PMO register from CSV and back. Figures are Norfolk's social care system replacement (seed 004: the
/// programme's capital £7.926m and revenue £2.421m, forecast cost £10.347m, Adults and ContrOCC live 20 November 2017).
/// </summary>
public class ProjectImportTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private readonly TempFiles _files = new();

    private const string Programmes = "code,name,board,directorate\nSCSR,Social Care System Replacement,SCSR Programme Board,Adult Social Services\n";

    private const string Projects =
        "code,name,stage,programme,directorate,sponsor,project_manager,description,priorities,baseline_start,baseline_end,capital_budget,revenue_budget,baseline_approved_by,baseline_approved_on\n" +
        "SCSR-01,Replace CareFirst with Liquidlogic and ContrOCC,delivery,SCSR,Adult Social Services,James Bullion,Janice Dane,,Good quality care for vulnerable people,2016-02-08,2018-04-30,7926000,2421000,SCSR Programme Board,2016-02-08\n";

    private const string Milestones =
        "project,milestone,date\n" +
        "SCSR-01,Requirements specification agreed,2016-03-31\n" +
        "SCSR-01,Contract awarded to Liquidlogic,2016-08-31\n" +
        "SCSR-01,Adults and ContrOCC live,2017-11-30\n";

    private const string HighlightsHeader =
        "project,period,overall_rag,time_rag,cost_rag,scope_rag,quality_rag,overall_reason,time_reason,cost_reason,scope_reason,quality_reason,forecast_end,forecast_cost,issues,decisions,next_period\n";

    private const string Highlights = HighlightsHeader +
        "SCSR-01,2017-10,amber,amber,red,green,green,Adults go live moved to 20 November,Go live is three weeks later than planned,Forecast £10.347m against £10.347m approved,,,2018-04-30,10347000,Data migration testing,Agree the go live date,Go / No Go gate 5\n";

    private const string MilestoneDates =
        "project,period,milestone,forecast,actual\n" +
        "SCSR-01,2017-10,Contract awarded to Liquidlogic,,2016-08-31\n" +
        "SCSR-01,2017-10,Adults and ContrOCC live,2017-11-20,\n";

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        (await StewardCli.RunAsync(_db, "org", "add", "NCC", "Norfolk County Council")).ExitCode.ShouldBe(0);
        (await StewardCli.RunAsync(_db, "org", "add", "DBC", "Dacorum Borough Council")).ExitCode.ShouldBe(0);
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        _files.Dispose();
    }

    private string[] AllFiles() =>
    [
        _files.Write("programmes.csv", Programmes), _files.Write("projects.csv", Projects), _files.Write("milestones.csv", Milestones),
        _files.Write("highlights.csv", Highlights), _files.Write("dates.csv", MilestoneDates),
    ];

    private Task<CliResult> Import(string org, params string[] paths) => StewardCli.RunAsync(_db, ["import", "--org", org, "--user", "pmo@norfolk.example", .. paths]);

    private async Task<StewardDb> Open(string org)
    {
        var db = _db.Open(actor: "check");
        db.UseOrganisation((await db.Organisations.SingleAsync(o => o.Code == org)).Id);
        return db;
    }

    [Fact]
    public async Task A_register_kept_in_a_spreadsheet_imports_in_one_call_and_exports_as_it_came()
    {
        var r = await Import("NCC", AllFiles());
        r.ExitCode.ShouldBe(0, r.Err);
        r.Out.ShouldBe("Imported 5 file(s) into NCC: programmes: 1 created, 0 updated; projects: 1 created, 0 updated; " +
                       "baselines: 1 recorded with 3 milestones; highlight reports: 1 created, 0 updated; milestone dates: 2 changed.\n");

        await using (var db = await Open("NCC"))
        {
            var project = await db.Projects.Include(p => p.Programme).Include(p => p.Sponsor).Include(p => p.Manager).Include(p => p.Directorate).SingleAsync();
            (project.Stage, project.Programme!.Board, project.Directorate!.Name, project.Sponsor!.Name, project.Manager!.Name)
                .ShouldBe((ProjectStage.Delivery, "SCSR Programme Board", "Adult Social Services", "James Bullion", "Janice Dane"));
            var baseline = await db.ProjectBaselines.Include(b => b.Milestones).SingleAsync();
            (baseline.Number, baseline.CapitalBudget + baseline.RevenueBudget, baseline.ApprovedBy, baseline.Milestones.Count).ShouldBe((1, 10_347_000m, "SCSR Programme Board", 3));
            var report = await db.HighlightReports.Include(h => h.Milestones).SingleAsync();
            (report.Status, report.ApprovedBy, report.Overall, report.Cost, report.CostReason).ShouldBe(
                (ApprovalStatus.Approved, "pmo@norfolk.example", Rag.Amber, Rag.Red, "Forecast £10.347m against £10.347m approved"));
            report.Milestones.Single(m => m.Forecast is not null).Forecast.ShouldBe(new DateOnly(2017, 11, 20));
            (await db.AuditLog.CountAsync(e => e.Action == "import")).ShouldBe(1);
        }

        // Every export is the file it came from, so the same files import again to no change.
        foreach (var (verb, text) in new[] { ("programmes", Programmes), ("milestones", Milestones), ("highlights", Highlights), ("milestone-dates", MilestoneDates) })
            (await StewardCli.RunAsync(_db, "export", verb, "--org", "NCC")).Out.ShouldBe(text, verb);
        (await StewardCli.RunAsync(_db, "export", "projects", "--org", "NCC", "--full")).Out.ShouldBe(Projects);
        var summary = await StewardCli.RunAsync(_db, "export", "projects", "--org", "NCC");
        summary.OutLines[1].ShouldBe("SCSR-01,Replace CareFirst with Liquidlogic and ContrOCC,Social Care System Replacement,Adult Social Services,delivery,James Bullion,Janice Dane," +
                                     "amber,amber,red,green,green,2016-02-08,2018-04-30,2018-04-30,10347000,10347000,2017-10");

        var again = await Import("NCC", AllFiles());
        again.ExitCode.ShouldBe(0, again.Err);
        again.Out.ShouldContain("programmes: 0 created, 0 updated; projects: 0 created, 0 updated; baselines: 0 recorded with 0 milestones; " +
                                "highlight reports: 0 created, 0 updated; milestone dates: 0 changed");
        await using var after = await Open("NCC");
        (await after.AuditLog.CountAsync(e => e.Action != "import" && e.Action != "create")).ShouldBe(0);
        (await after.HighlightReports.SingleAsync()).Version.ShouldBe(0);
    }

    [Fact]
    public async Task Every_bad_cell_is_named_and_nothing_is_written()
    {
        (await Import("NCC", AllFiles())).ExitCode.ShouldBe(0);
        var projects = _files.Write("bad-projects.csv",
            "code,name,stage,programme,sponsor,project_manager,baseline_start,baseline_end,capital_budget\n" +
            "P-1,Waste depot,finished,NOPE,Ann Lee,ann lee,2018-01-01,2017-01-01,£1.5m\n" +
            "p-1,Again,closed,,,,,,\n" +
            "SCSR-01,Replace CareFirst,delivery,SCSR,,,2016-02-08,2018-03-31,7926000\n");
        var milestones = _files.Write("bad-milestones.csv",
            "project,milestone,date\nSCSR-01,Adults and ContrOCC live,2017-11-20\nSCSR-01,Children's Services live,2018-03-31\nXX-9,Go live,2018-01-01\n");
        var highlights = _files.Write("bad-highlights.csv", HighlightsHeader +
            "SCSR-01,2017-11,amber,green,green,green,blue,,,,,,2018-13-01,-5,,,\n" +
            "SCSR-01,2099-01,green,green,green,green,green,,,,,,,,,,\n");
        var dates = _files.Write("bad-dates.csv",
            "project,period,milestone,forecast,actual\nSCSR-01,2017-10,Go live,2018-01-01,\nSCSR-01,2017-10,Adults and ContrOCC live,,2099-01-01\nSCSR-01,2017-09,Adults and ContrOCC live,2017-11-20,\n");
        await using var before = await Open("NCC");
        var counts = (await before.Projects.CountAsync(), await before.ProjectBaselines.CountAsync(), await before.HighlightReports.CountAsync(), await before.AuditLog.CountAsync());

        var r = await Import("NCC", projects, milestones, highlights, dates);

        r.ExitCode.ShouldBe(1);
        var folder = Path.GetDirectoryName(projects) + "/";
        var today = DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd");
        r.ErrLines.Select(l => l.Replace(folder, "")).ShouldBe([
            "bad-projects.csv:2: column stage: 'finished' is not proposal, initiation, delivery, closure or closed",
            "bad-projects.csv:2: column programme: no programme 'NOPE': give a programme's code or name, as on the programmes page, or add it in a programmes file (code,name,board) in this import",
            "bad-projects.csv:2: column sponsor: the sponsor approves the manager's highlight reports: name someone other than the project manager",
            "bad-projects.csv:2: column baseline_end: 2017-01-01 is before the baseline's start (2018-01-01)",
            "bad-projects.csv:2: column capital_budget: '£1.5m' is not an amount in pounds: write plain digits, like 7926000 or 1250.50, not negative",
            "bad-projects.csv:3: column code: project p-1 is also at bad-projects.csv:2",
            "bad-projects.csv:4: column baseline_end: baseline 1 in force, approved 2016-02-08, has 2018-04-30: a baseline changes only by a re-baseline, recorded with its reason on the project's baseline page",
            "bad-milestones.csv:2: column date: baseline 1 of SCSR-01, approved 2016-02-08, has it on 2017-11-30: key milestones change only by a re-baseline, recorded with its reason on the project's baseline page",
            "bad-milestones.csv:3: column milestone: baseline 1 of SCSR-01, approved 2016-02-08, has no such milestone: key milestones change only by a re-baseline, recorded with its reason on the project's baseline page",
            "bad-milestones.csv:4: column project: no project XX-9: add it on the projects page, or in a projects file in this import",
            "bad-highlights.csv:2: column overall_reason: is empty: say why overall is amber",
            "bad-highlights.csv:2: column quality_rag: 'blue' is not green, amber or red",
            "bad-highlights.csv:2: column forecast_end: '2018-13-01' is not a date from 2000 to 2100: write YYYY-MM-DD",
            "bad-highlights.csv:2: column forecast_cost: '-5' is not an amount in pounds: write plain digits, like 10347000 or 1250.50, not negative",
            "bad-highlights.csv:3: column period: Jan 2099 has not started: a highlight report is for this month or one before it",
            "bad-dates.csv:2: column milestone: 'Go live' is not a key milestone of baseline 1, which the report for 2017-10 is measured against " +
            "(its milestones: Requirements specification agreed; Contract awarded to Liquidlogic; Adults and ContrOCC live)",
            $"bad-dates.csv:3: column actual: 2099-01-01 is after today ({today}): the actual date is when the milestone was achieved",
            "bad-dates.csv:4: column period: SCSR-01 has no highlight report for 2017-09: import the report in this call, or write it on the project's page",
            "Nothing was imported: 18 error(s).",
        ]);
        await using var after = await Open("NCC");
        (await after.Projects.CountAsync(), await after.ProjectBaselines.CountAsync(), await after.HighlightReports.CountAsync(), await after.AuditLog.CountAsync()).ShouldBe(counts);
    }

    [Fact]
    public async Task A_project_without_a_baseline_needs_one_before_its_milestones_and_another_council_sees_nothing()
    {
        var bare = _files.Write("bare.csv", "code,name,stage\nSCSR-01,Replace CareFirst,initiation\n");
        (await Import("NCC", bare)).ExitCode.ShouldBe(0);
        var r = await Import("NCC", _files.Write("m.csv", Milestones));
        r.ErrLines[0].ShouldEndWith("/m.csv:2: column project: SCSR-01 has no baseline: give its baseline_start and baseline_end in a projects file in this import, or record it on the project's baseline page");

        // The same code in another council is another project: Dacorum has none.
        var dacorum = await Import("DBC", _files.Write("h.csv", Highlights));
        dacorum.ErrLines[0].ShouldEndWith("/h.csv:2: column project: no project SCSR-01: add it on the projects page, or in a projects file in this import");

        // Given with its baseline, the milestones record; a later file without the baseline columns leaves it as it is.
        var withBaseline = _files.Write("p.csv", Projects.Replace(",SCSR,", ",,"));
        var ok = await Import("NCC", withBaseline, _files.Write("m2.csv", Milestones));
        ok.ExitCode.ShouldBe(0, ok.Err);
        ok.Out.ShouldContain("projects: 0 created, 1 updated; baselines: 1 recorded with 3 milestones");
        (await Import("NCC", bare)).Out.ShouldContain("projects: 0 created, 1 updated");
        await using var db = await Open("NCC");
        var project = await db.Projects.SingleAsync();
        (project.Stage, project.Name, project.Priorities, project.SponsorId is null).ShouldBe((ProjectStage.Initiation, "Replace CareFirst", "Good quality care for vulnerable people", false));
        (await db.ProjectBaselines.SingleAsync()).End.ShouldBe(new DateOnly(2018, 4, 30));
    }

    [Fact]
    public async Task A_report_imported_again_with_changes_is_updated_approved_by_the_importer_and_audited()
    {
        (await Import("NCC", AllFiles())).ExitCode.ShouldBe(0);
        var changed = _files.Write("h2.csv", HighlightsHeader +
            "SCSR-01,2017-10,green,green,amber,green,green,,,Forecast within the approved budget,,,2018-03-31,10347000,,,\n");
        var dates = _files.Write("d2.csv", "project,period,milestone,forecast,actual\nSCSR-01,2017-10,Adults and ContrOCC live,,\n");

        var r = await Import("NCC", changed, dates);

        r.ExitCode.ShouldBe(0, r.Err);
        r.Out.ShouldContain("highlight reports: 0 created, 1 updated; milestone dates: 1 changed");
        await using var db = await Open("NCC");
        var report = await db.HighlightReports.Include(h => h.Milestones).SingleAsync();
        (report.Overall, report.OverallReason, report.Cost, report.ForecastEnd, report.Issues, report.Milestones.Count).ShouldBe(
            (Rag.Green, null, Rag.Amber, new DateOnly(2018, 3, 31), null, 1));
        (report.Status, report.ApprovedBy, report.Version).ShouldBe((ApprovalStatus.Approved, "pmo@norfolk.example", 1));
        var update = await db.AuditLog.SingleAsync(e => e.Action == "update" && e.EntityType == "HighlightReport");
        update.Changes!.ShouldContain("\"Overall\":[\"Amber\",\"Green\"]");
    }

    [Fact]
    public async Task An_import_that_loses_to_an_edit_of_the_same_report_writes_nothing()
    {
        (await Import("NCC", AllFiles())).ExitCode.ShouldBe(0);
        await using var a = await Open("NCC");
        var file = ImportFile.FromBytes("h.csv", Encoding.UTF8.GetBytes(HighlightsHeader + "SCSR-01,2017-10,green,green,green,green,green,,,,,,,,,,\n"));
        using var plan = await CsvImport.PlanAsync(a, [file]);
        await using (var b = await Open("NCC"))
        {
            var report = await b.HighlightReports.SingleAsync();
            report.Issues = "Edited on the report's page meanwhile";
            await b.SaveChangesAsync();
        }

        var outcome = await CsvImport.ApplyAsync(a, plan, new DateOnly(2018, 1, 20));

        outcome.Conflict.ShouldBe(ImportOutcome.ConflictMessage);
        await using var after = await Open("NCC");
        var kept = await after.HighlightReports.SingleAsync();
        (kept.Overall, kept.Issues).ShouldBe((Rag.Amber, "Edited on the report's page meanwhile"));
    }
}
