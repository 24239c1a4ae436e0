using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Steward.Cli;
using Steward.Common;
using Steward.Data;
using Steward.Domain;

namespace Steward.Features.Projects;

/// <summary>The PMO register as CSV: the project summary, and programmes, projects, milestones and highlight reports in their import formats (<see cref="ProjectImport"/>).</summary>
public static class ProjectExport
{
    /// <summary>The columns, in order.</summary>
    public static readonly string[] Columns =
    [
        "code", "name", "programme", "directorate", "stage", "sponsor", "project_manager",
        "overall_rag", "time_rag", "cost_rag", "scope_rag", "quality_rag",
        "baseline_start", "baseline_end", "forecast_end", "baseline_budget", "forecast_cost", "last_report",
    ];

    public static readonly IReadOnlyList<Verb> Verbs =
    [
        new("export projects", "--org CODE [--full]",
            "The project register, with each project's latest approved highlight report, as CSV; with --full, the projects import format.", ["org", "full"],
            """
            One row per project, ordered by code:
              code,name,programme,directorate,stage,sponsor,project_manager,overall_rag,time_rag,cost_rag,
              scope_rag,quality_rag,baseline_start,baseline_end,forecast_end,baseline_budget,forecast_cost,last_report
            stage is proposal, initiation, delivery, closure or closed; the RAGs (green, amber, red, or empty) and the
            forecasts are the latest approved highlight report's, last_report its month (YYYY-MM); the baseline is the one
            in force, its budget capital plus revenue in pounds. Dates are YYYY-MM-DD.
            With --full: every project in the projects import format, its baseline the one in force:
              code,name,stage,programme,directorate,sponsor,project_manager,description,priorities,
              baseline_start,baseline_end,capital_budget,revenue_budget,baseline_approved_by,baseline_approved_on
            (programme is the programme's code; earlier baselines, gates and change requests are not part of the file)
            """, ExportAsync),
        new("export programmes", "--org CODE", "The programmes, as CSV in the import format (code,name,board,directorate).", ["org"],
            "One row per programme, ordered by code.", Writes(ProgrammesCsvAsync)),
        new("export milestones", "--org CODE", "The key milestones of each project's baseline in force, as CSV (project,milestone,date).", ["org"],
            "One row per milestone, by project code then date. Importing it after the projects file repeats them unchanged.", Writes(MilestonesCsvAsync)),
        new("export highlights", "--org CODE [--from YYYY-MM] [--to YYYY-MM]", "Approved highlight reports, as CSV in the import format.", ["org", "from", "to"],
            """
            One row per approved report, by project code then month:
              project,period,overall_rag,time_rag,cost_rag,scope_rag,quality_rag,overall_reason,time_reason,
              cost_reason,scope_reason,quality_reason,forecast_end,forecast_cost,issues,decisions,next_period
            --from and --to limit the months (both included). Drafts and reports awaiting approval are left out.
            """, WritesPeriods(HighlightsCsvAsync)),
        new("export milestone-dates", "--org CODE [--from YYYY-MM] [--to YYYY-MM]",
            "The milestone dates approved highlight reports give, as CSV (project,period,milestone,forecast,actual).", ["org", "from", "to"],
            "One row per milestone of each approved report that gives it a date, by project code, month and milestone date.",
            WritesPeriods(MilestoneDatesCsvAsync)),
    ];

    private static async Task<int> ExportAsync(CliContext ctx, CommandLine line)
    {
        if (line.Words.Count > 0) throw new UsageException($"unexpected argument '{line.Words[0]}'");
        var (db, _) = await ctx.OpenForOrganisationAsync(line);
        await using (db) await ctx.Out.WriteAsync(line.SetFlags.Contains("full") ? await ProjectsCsvAsync(db) : await CsvAsync(db));
        return ExitCode.Success;
    }

    private static Func<CliContext, CommandLine, Task<int>> Writes(Func<StewardDb, CancellationToken, Task<string>> csv) =>
        WritesPeriods((db, _, _, ct) => csv(db, ct));

    private static Func<CliContext, CommandLine, Task<int>> WritesPeriods(Func<StewardDb, Period?, Period?, CancellationToken, Task<string>> csv) => async (ctx, line) =>
    {
        if (line.Words.Count > 0) throw new UsageException($"unexpected argument '{line.Words[0]}'");
        Period? Month(string name) => line.Option(name) is not { } text ? null
            : Period.TryParse(text, out var p) ? p : throw new UsageException($"--{name} '{text}' is not a month: write YYYY-MM");
        var (from, to) = (Month("from"), Month("to"));
        var (db, _) = await ctx.OpenForOrganisationAsync(line);
        await using (db) await ctx.Out.WriteAsync(await csv(db, from, to, default));
        return ExitCode.Success;
    };

    /// <summary>Every project of the current organisation, by code, read a page at a time.</summary>
    public static async Task<string> CsvAsync(StewardDb db, CancellationToken ct = default)
    {
        var rows = await Portfolio.AllAsync(db, new PortfolioFilter(), ct);
        return CsvExport.ToText(csv =>
        {
            csv.Row(Columns);
            foreach (var s in rows)
            {
                var (p, latest, current) = (s.Project, s.Latest, s.Current);
                csv.Row(p.Code, p.Name, p.Programme?.Name, p.Directorate?.Name, p.Stage.ToString().ToLowerInvariant(), p.Sponsor?.Name, p.Manager?.Name,
                    Rag(latest?.Overall), Rag(latest?.Time), Rag(latest?.Cost), Rag(latest?.Scope), Rag(latest?.Quality),
                    Iso(current?.Start), Iso(current?.End), Iso(latest?.ForecastEnd),
                    current is null ? "" : Numbers.Plain(current.Plan.Budget), latest?.ForecastCost is { } cost ? Numbers.Plain(cost) : "",
                    latest?.Period.ToString() ?? "");
            }
        });
    }

    /// <summary>Every project in the projects import format, by code, with the baseline in force.</summary>
    public static async Task<string> ProjectsCsvAsync(StewardDb db, CancellationToken ct = default)
    {
        var projects = await db.Projects.Include(p => p.Programme).Include(p => p.Directorate).Include(p => p.Sponsor).Include(p => p.Manager)
            .AsNoTracking().ToListAsync(ct);
        var inForce = await InForceAsync(db, ct);
        return CsvExport.ToText(csv =>
        {
            csv.Row([.. ProjectImport.ProjectsKind.Required, .. ProjectImport.ProjectsKind.Optional]);
            foreach (var p in projects.OrderBy(p => p.Code, StringComparer.Ordinal))
            {
                var b = inForce.GetValueOrDefault(p.Id);
                csv.Row(p.Code, p.Name, p.Stage.ToString().ToLowerInvariant(), p.Programme?.Code, p.Directorate?.Name, p.Sponsor?.Name, p.Manager?.Name,
                    p.Description, p.Priorities, Iso(b?.Start), Iso(b?.End), b is null ? "" : Numbers.Plain(b.CapitalBudget),
                    b is null ? "" : Numbers.Plain(b.RevenueBudget), b?.ApprovedBy, Iso(b?.ApprovedOn));
            }
        });
    }

    /// <summary>The programmes in their import format, by code.</summary>
    public static async Task<string> ProgrammesCsvAsync(StewardDb db, CancellationToken ct = default)
    {
        var programmes = await db.Programmes.Include(p => p.Directorate).AsNoTracking().ToListAsync(ct);
        return CsvExport.ToText(csv =>
        {
            csv.Row([.. ProjectImport.ProgrammesKind.Required, .. ProjectImport.ProgrammesKind.Optional]);
            foreach (var p in programmes.OrderBy(p => p.Code, StringComparer.Ordinal)) csv.Row(p.Code, p.Name, p.Board, p.Directorate?.Name);
        });
    }

    /// <summary>The key milestones of every project's baseline in force, by project code then date.</summary>
    public static async Task<string> MilestonesCsvAsync(StewardDb db, CancellationToken ct = default)
    {
        var codes = await db.Projects.ToDictionaryAsync(p => p.Id, p => p.Code, ct);
        var inForce = await InForceAsync(db, ct);
        return CsvExport.ToText(csv =>
        {
            csv.Row([.. ProjectImport.MilestonesKind.Required]);
            foreach (var (projectId, b) in inForce.OrderBy(x => codes[x.Key], StringComparer.Ordinal))
                foreach (var m in b.Milestones.OrderBy(m => m.Date).ThenBy(m => m.Id)) csv.Row(codes[projectId], m.Name, Iso(m.Date));
        });
    }

    /// <summary>Approved highlight reports in their import format, by project code then month, within <paramref name="from"/> to <paramref name="to"/> when given.</summary>
    public static async Task<string> HighlightsCsvAsync(StewardDb db, Period? from, Period? to, CancellationToken ct = default)
    {
        var codes = await db.Projects.ToDictionaryAsync(p => p.Id, p => p.Code, ct);
        var reports = await Approved(db, from, to).ToListAsync(ct);
        return CsvExport.ToText(csv =>
        {
            csv.Row([.. ProjectImport.HighlightsKind.Required, .. ProjectImport.HighlightsKind.Optional]);
            foreach (var r in reports.OrderBy(r => codes[r.ProjectId], StringComparer.Ordinal).ThenBy(r => r.Period))
                csv.Row(codes[r.ProjectId], r.Period.ToString(), Rag(r.Overall), Rag(r.Time), Rag(r.Cost), Rag(r.Scope), Rag(r.Quality),
                    r.OverallReason, r.TimeReason, r.CostReason, r.ScopeReason, r.QualityReason, Iso(r.ForecastEnd),
                    r.ForecastCost is { } c ? Numbers.Plain(c) : "", r.Issues, r.Decisions, r.NextPeriod);
        });
    }

    /// <summary>The milestone dates of approved highlight reports, by project code, month and milestone date.</summary>
    public static async Task<string> MilestoneDatesCsvAsync(StewardDb db, Period? from, Period? to, CancellationToken ct = default)
    {
        var codes = await db.Projects.ToDictionaryAsync(p => p.Id, p => p.Code, ct);
        var rows = await db.MilestoneProgress.Join(Approved(db, from, to), m => m.ReportId, r => r.Id,
            (m, r) => new { r.ProjectId, r.Period, m.Milestone!.Name, m.Milestone.Date, m.Forecast, m.Actual }).ToListAsync(ct);
        return CsvExport.ToText(csv =>
        {
            csv.Row([.. ProjectImport.MilestoneDatesKind.Required, .. ProjectImport.MilestoneDatesKind.Optional]);
            foreach (var r in rows.OrderBy(r => codes[r.ProjectId], StringComparer.Ordinal).ThenBy(r => r.Period).ThenBy(r => r.Date).ThenBy(r => r.Name, StringComparer.Ordinal))
                csv.Row(codes[r.ProjectId], r.Period.ToString(), r.Name, Iso(r.Forecast), Iso(r.Actual));
        });
    }

    private static IQueryable<HighlightReport> Approved(StewardDb db, Period? from, Period? to)
    {
        var reports = db.HighlightReports.AsNoTracking().Where(r => r.Status == ApprovalStatus.Approved);
        if (from is { } f) reports = reports.Where(r => r.Period >= f);
        if (to is { } t) reports = reports.Where(r => r.Period <= t);
        return reports;
    }

    /// <summary>Each project's baseline in force (the highest numbered), with its milestones, by project id.</summary>
    private static async Task<Dictionary<int, ProjectBaseline>> InForceAsync(StewardDb db, CancellationToken ct) =>
        (await db.ProjectBaselines.Include(b => b.Milestones).AsNoTracking().ToListAsync(ct))
        .GroupBy(b => b.ProjectId).ToDictionary(g => g.Key, g => g.MaxBy(b => b.Number)!);

    private static string Iso(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    private static string Rag(Rag? rag) => rag is { } r and not Domain.Rag.None ? r.Name() : "";
}
