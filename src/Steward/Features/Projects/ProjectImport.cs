using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Steward.Common;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Indicators;
using Steward.Features.Organisations;

namespace Steward.Features.Projects;

/// <summary>What a call imported of the PMO register (<see cref="ProjectImport"/>).</summary>
public sealed record ProjectImportCounts(
    int ProgrammesCreated, int ProgrammesUpdated, int ProjectsCreated, int ProjectsUpdated, int BaselinesRecorded, int MilestonesRecorded,
    int ReportsCreated, int ReportsUpdated, int MilestoneDatesChanged)
{
    public string Describe() =>
        $"programmes: {ProgrammesCreated} created, {ProgrammesUpdated} updated; projects: {ProjectsCreated} created, {ProjectsUpdated} updated; " +
        $"baselines: {BaselinesRecorded} recorded with {MilestonesRecorded} milestones; " +
        $"highlight reports: {ReportsCreated} created, {ReportsUpdated} updated; milestone dates: {MilestoneDatesChanged} changed";
}

/// <summary>
/// Imports the PMO register from CSV with the rules of every import (columns by name, each error named by file, line
/// and column, all-or-nothing with the rest of the call): programmes, projects (with their first baseline), the key
/// milestones of that baseline, monthly highlight reports and the milestone dates they give. Highlight reports are
/// stored approved, by whoever imports them, as imported results are. A baseline is approved once: a file may record a
/// project's first baseline and its milestones, and may repeat the baseline in force unchanged (an export re-imports),
/// but a different plan is a re-baseline, recorded with its reason on the project's baseline page.
/// </summary>
public static class ProjectImport
{
    public static readonly FileKind ProgrammesKind = new("programmes", ["code", "name", "board"], ["directorate"]);

    private static readonly string[] BaselineColumns =
        ["baseline_start", "baseline_end", "capital_budget", "revenue_budget", "baseline_approved_by", "baseline_approved_on"];

    public static readonly FileKind ProjectsKind = new("projects", ["code", "name", "stage"],
        ["programme", "directorate", "sponsor", "project_manager", "description", "priorities", .. BaselineColumns]);

    public static readonly FileKind MilestonesKind = new("milestones", ["project", "milestone", "date"], []);

    public static readonly FileKind HighlightsKind = new("highlight reports",
        ["project", "period", "overall_rag", "time_rag", "cost_rag", "scope_rag", "quality_rag"],
        ["overall_reason", "time_reason", "cost_reason", "scope_reason", "quality_reason", "forecast_end", "forecast_cost", "issues", "decisions", "next_period"]);

    public static readonly FileKind MilestoneDatesKind = new("milestone dates", ["project", "period", "milestone"], ["forecast", "actual"]);

    /// <summary>The kinds this import reads, in the order a header is matched against them.</summary>
    public static readonly IReadOnlyList<FileKind> Kinds = [ProjectsKind, ProgrammesKind, HighlightsKind, MilestoneDatesKind, MilestonesKind];

    internal sealed record ProgrammeRow(string Code, string Name, string? Board, string? Directorate);

    /// <summary>A project row; a null optional value is a column the file does not have (left as it is), "" one it empties.</summary>
    internal sealed record ProjectRow(string Code, string Name, ProjectStage Stage, string? Programme, string? Directorate, string? Sponsor,
        string? Manager, string? Description, string? Priorities, PlannedBaseline? Baseline);

    /// <summary>A first baseline as a file gives it; who approved it and when default to the importer and today.</summary>
    internal sealed record PlannedBaseline(DateOnly Start, DateOnly End, decimal Capital, decimal Revenue, string? ApprovedBy, DateOnly ApprovedOn);

    internal sealed record HighlightRow(string Project, Period Period, Rag[] Ratings, string?[] Reasons, DateOnly? ForecastEnd, decimal? ForecastCost,
        string? Issues, string? Decisions, string? NextPeriod);

    internal sealed record MilestoneDateRow(string Project, Period Period, string Milestone, DateOnly? Forecast, DateOnly? Actual);

    public sealed class Plan
    {
        internal List<ProgrammeRow> Programmes { get; } = [];
        internal List<ProjectRow> Projects { get; } = [];

        /// <summary>First baselines this call records, by project key, with their milestones.</summary>
        internal Dictionary<string, ProjectBaseline> NewBaselines { get; } = new();

        internal List<HighlightRow> Reports { get; } = [];
        internal List<MilestoneDateRow> Dates { get; } = [];

        /// <summary>The versions the rows were checked against: projects by key, reports by project key and month.</summary>
        internal Dictionary<string, int> ProjectVersions { get; } = new();
        internal Dictionary<(string, Period), int> ReportVersions { get; } = new();

        public bool IsEmpty => Programmes.Count == 0 && Projects.Count == 0 && NewBaselines.Count == 0 && Reports.Count == 0 && Dates.Count == 0;
    }

    /// <summary>
    /// Reads the project files among <paramref name="tables"/> and checks every row against the database as it is now,
    /// adding each problem to <paramref name="errors"/>. <paramref name="today"/> is the organisation's: no report for a
    /// month after it, no milestone achieved after it, no baseline approved after it. Writes nothing.
    /// </summary>
    public static async Task<Plan> PlanAsync(StewardDb db, IReadOnlyList<ImportTable> tables, ImportErrors errors, DateOnly today, CancellationToken ct)
    {
        var plan = new Plan();
        if (!tables.Any(t => Kinds.Contains(t.Kind))) return plan;

        var programmes = await db.Programmes.AsNoTracking().Select(p => new { p.CodeKey, p.Name }).ToListAsync(ct);
        var projects = await db.Projects.AsNoTracking().Select(p => new { p.Id, p.CodeKey, p.Version }).ToDictionaryAsync(p => p.CodeKey, ct);

        var seenProgrammes = new SeenKeys<string>();
        foreach (var table in tables.Where(t => t.Kind == ProgrammesKind))
            foreach (var record in table.Records)
            {
                var row = table.Row(record, errors);
                var code = Code(row, "code", 32);
                if (code.Length > 0 && !seenProgrammes.FirstTime(Project.Key(code), row, "code", $"programme {code}")) continue;
                var name = row.Required("name", 300);
                var board = row.Text("board", 300);
                var directorate = row.Text("directorate", 200);
                if (row.ErrorCount == 0) plan.Programmes.Add(new ProgrammeRow(code, name, Blank(board), directorate));
            }
        string? ProgrammeOf(string text) =>
            plan.Programmes.FirstOrDefault(p => Project.Key(p.Code) == Project.Key(text) || Same(p.Name, text))?.Code
            ?? programmes.FirstOrDefault(p => p.CodeKey == Project.Key(text))?.CodeKey
            ?? programmes.FirstOrDefault(p => Same(p.Name, text))?.CodeKey;

        var seenProjects = new SeenKeys<string>();
        var withBaseline = new List<(ImportRow Row, string Key, PlannedBaseline Baseline)>();
        foreach (var table in tables.Where(t => t.Kind == ProjectsKind))
            foreach (var record in table.Records)
            {
                var row = table.Row(record, errors);
                var code = Code(row, "code", 32);
                if (code.Length > 0 && !seenProjects.FirstTime(Project.Key(code), row, "code", $"project {code}")) continue;
                var name = row.Required("name", 300);
                var stageText = row.Required("stage");
                var stage = Web.FormValues.Named<ProjectStage>(stageText);
                if (stage is null && stageText.Length > 0) row.Error("stage", $"'{stageText}' is not proposal, initiation, delivery, closure or closed");
                var programme = row.Text("programme", 300);
                if (!string.IsNullOrEmpty(programme) && ProgrammeOf(programme) is null)
                    row.Error("programme", $"no programme '{programme}': give a programme's code or name, as on the programmes page, or add it in a programmes file (code,name,board) in this import");
                var sponsor = row.Text("sponsor", 200);
                var manager = row.Text("project_manager", 200);
                if (!string.IsNullOrEmpty(sponsor) && Same(sponsor, manager))
                    row.Error("sponsor", "the sponsor approves the manager's highlight reports: name someone other than the project manager");
                var baseline = ReadBaseline(row, today);
                var fields = new ProjectRow(code, name, stage ?? default, programme is null ? null : ProgrammeOf(programme) ?? "", row.Text("directorate", 200),
                    sponsor, manager, row.Text("description", TextRules.MaxCommentLength), row.Text("priorities", 500), baseline);
                if (row.ErrorCount > 0) continue;
                plan.Projects.Add(fields);
                if (baseline is not null) withBaseline.Add((row, Project.Key(code), baseline));
            }
        var known = projects.Keys.Concat(plan.Projects.Select(p => Project.Key(p.Code))).ToHashSet();
        foreach (var p in plan.Projects) if (projects.TryGetValue(Project.Key(p.Code), out var found)) plan.ProjectVersions[found.CodeKey] = found.Version;

        // The baselines, milestones and reports of the projects the files name: all a later row is checked against.
        var named = new HashSet<string>(plan.Projects.Select(p => Project.Key(p.Code)));
        var projectTables = tables.Where(t => t.Kind == MilestonesKind || t.Kind == HighlightsKind || t.Kind == MilestoneDatesKind).ToList();
        var milestoneRows = new List<(ImportRow Row, string Key, string Name, DateOnly Date)>();
        var seenMilestones = new SeenKeys<(string, string)>();
        var seenReports = new SeenKeys<(string, Period)>();
        var seenDates = new SeenKeys<(string, Period, string)>();
        var dateRows = new List<(ImportRow Row, MilestoneDateRow Dates)>();
        foreach (var table in projectTables)
            foreach (var record in table.Records)
            {
                var row = table.Row(record, errors);
                var project = row.Required("project", 32);
                var key = Project.Key(project);
                if (project.Length > 0 && !known.Contains(key))
                    row.Error("project", $"no project {project}: add it on the projects page, or in a projects file in this import");
                named.Add(key);
                if (table.Kind == MilestonesKind)
                {
                    var name = row.Required("milestone", 300);
                    var date = row.Date("date", required: true);
                    if (name.Length > 0 && !seenMilestones.FirstTime((key, name.ToUpperInvariant()), row, "milestone", $"milestone '{name}' of {project}")) continue;
                    if (row.ErrorCount == 0) milestoneRows.Add((row, key, name, date!.Value));
                    continue;
                }
                var period = ReadPeriod(row, today);
                if (table.Kind == HighlightsKind)
                {
                    if (period is { } p && project.Length > 0 && !seenReports.FirstTime((key, p), row, "period", $"the report of {project} for {p}")) continue;
                    if (ReadReport(row, project, period) is { } report && row.ErrorCount == 0) plan.Reports.Add(report);
                    continue;
                }
                var milestone = row.Required("milestone", 300);
                if (period is { } q && milestone.Length > 0 && !seenDates.FirstTime((key, q, milestone.ToUpperInvariant()), row, "milestone", $"milestone '{milestone}' of {project} for {q}")) continue;
                var forecast = row.Date("forecast");
                var actual = row.Date("actual");
                if (actual > today) row.Error("actual", $"{actual:yyyy-MM-dd} is after today ({today:yyyy-MM-dd}): the actual date is when the milestone was achieved");
                if (row.ErrorCount == 0) dateRows.Add((row, new MilestoneDateRow(project, period!.Value, milestone, forecast, actual)));
            }

        var ids = named.Where(projects.ContainsKey).Select(k => projects[k].Id).ToList();
        var keyOf = named.Where(projects.ContainsKey).ToDictionary(k => projects[k].Id);
        var baselines = (await db.ProjectBaselines.Where(b => ids.Contains(b.ProjectId)).Include(b => b.Milestones).AsNoTracking().ToListAsync(ct))
            .GroupBy(b => keyOf[b.ProjectId]).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var r in await db.HighlightReports.Where(h => ids.Contains(h.ProjectId)).Select(h => new { h.ProjectId, h.Period, h.Version }).ToListAsync(ct))
            plan.ReportVersions[(keyOf[r.ProjectId], r.Period)] = r.Version;

        foreach (var (row, key, b) in withBaseline)
        {
            if (baselines.GetValueOrDefault(key)?.MaxBy(x => x.Number) is { } inForce) CompareWithInForce(row, inForce, b);
            else plan.NewBaselines[key] = new ProjectBaseline
            {
                Number = 1, Start = b.Start, End = b.End, CapitalBudget = b.Capital, RevenueBudget = b.Revenue, ApprovedBy = b.ApprovedBy, ApprovedOn = b.ApprovedOn,
            };
        }

        foreach (var (row, key, name, date) in milestoneRows)
        {
            if (plan.NewBaselines.TryGetValue(key, out var recording))
            {
                if (date < recording.Start || date > recording.End)
                    row.Error("date", $"{date:yyyy-MM-dd} is outside the baseline's start and end ({recording.Start:yyyy-MM-dd} to {recording.End:yyyy-MM-dd})");
                else if (recording.Milestones.Count == BaselineModel.MaxMilestones)
                    row.Error("milestone", $"a baseline holds at most {BaselineModel.MaxMilestones} key milestones");
                else recording.Milestones.Add(new BaselineMilestone { Name = name, Date = date });
            }
            else if (baselines.GetValueOrDefault(key)?.MaxBy(x => x.Number) is { } inForce)
            {
                var same = inForce.Milestones.FirstOrDefault(m => Same(m.Name, name));
                if (same?.Date != date)
                    row.Error(same is null ? "milestone" : "date",
                        $"baseline {inForce.Number} of {row.Cell("project")}, approved {inForce.ApprovedOn:yyyy-MM-dd}, has " +
                        (same is null ? "no such milestone" : $"it on {same.Date:yyyy-MM-dd}") +
                        ": key milestones change only by a re-baseline, recorded with its reason on the project's baseline page");
            }
            else if (known.Contains(key))
                row.Error("project", $"{row.Cell("project")} has no baseline: give its baseline_start and baseline_end in a projects file in this import, or record it on the project's baseline page");
        }

        var reportsInCall = plan.Reports.Select(r => (Project.Key(r.Project), r.Period)).ToHashSet();
        foreach (var (row, d) in dateRows)
        {
            var key = Project.Key(d.Project);
            if (!plan.ReportVersions.ContainsKey((key, d.Period)) && !reportsInCall.Contains((key, d.Period)))
            {
                row.Error("period", $"{d.Project} has no highlight report for {d.Period}: import the report in this call, or write it on the project's page");
                continue;
            }
            var all = baselines.GetValueOrDefault(key)?.ToList() ?? [];
            if (plan.NewBaselines.TryGetValue(key, out var recording)) all.Add(recording);
            var against = HighlightEntry.BaselineFor(all, d.Period);
            if (against?.Milestones.Any(m => Same(m.Name, d.Milestone)) != true)
                row.Error("milestone", against is null
                    ? $"{d.Project} has no baseline, so no key milestones to give dates for"
                    : $"'{d.Milestone}' is not a key milestone of baseline {against.Number}, which the report for {d.Period} is measured against " +
                      $"(its milestones: {string.Join("; ", against.Milestones.OrderBy(m => m.Date).Select(m => m.Name))})");
            else plan.Dates.Add(d);
        }
        return plan;
    }

    private static string Code(ImportRow row, string column, int maxLength)
    {
        var code = row.Required(column, maxLength);
        if (code.Length > 0 && code.Length <= maxLength && !Indicator.IsValidCode(code))
            row.Error(column, $"'{code}' is not a valid code: letters, digits and _ . - / only, starting with a letter or digit");
        return code;
    }

    private static PlannedBaseline? ReadBaseline(ImportRow row, DateOnly today)
    {
        if (!BaselineColumns.Any(c => !string.IsNullOrEmpty(row.Cell(c)))) return null;
        var before = row.ErrorCount;
        var start = row.Date("baseline_start", required: true, from: 1990);
        var end = row.Date("baseline_end", required: true, from: 1990);
        if (start is { } s && end is { } e && e < s) row.Error("baseline_end", $"{e:yyyy-MM-dd} is before the baseline's start ({s:yyyy-MM-dd})");
        decimal Pounds(string column)
        {
            var text = row.Cell(column) ?? "";
            if (text.Length == 0) return 0;
            if (Money.TryParsePounds(text, out var pounds)) return pounds;
            row.Error(column, $"'{text}' is not an amount in pounds: write plain digits, like 7926000 or 1250.50, not negative");
            return 0;
        }
        var capital = Pounds("capital_budget");
        var revenue = Pounds("revenue_budget");
        var approvedBy = Blank(row.Text("baseline_approved_by", 200));
        var approvedOn = row.Date("baseline_approved_on") ?? today;
        if (approvedOn > today) row.Error("baseline_approved_on", $"{approvedOn:yyyy-MM-dd} is after today ({today:yyyy-MM-dd})");
        return row.ErrorCount > before ? null : new PlannedBaseline(start!.Value, end!.Value, capital, revenue, approvedBy, approvedOn);
    }

    /// <summary>A baseline given for a project that has one is accepted only when it is the one in force, unchanged.</summary>
    private static void CompareWithInForce(ImportRow row, ProjectBaseline inForce, PlannedBaseline given)
    {
        var differs = given.Start != inForce.Start ? ("baseline_start", $"{inForce.Start:yyyy-MM-dd}")
            : given.End != inForce.End ? ("baseline_end", $"{inForce.End:yyyy-MM-dd}")
            : given.Capital != inForce.CapitalBudget ? ("capital_budget", Numbers.Plain(inForce.CapitalBudget))
            : given.Revenue != inForce.RevenueBudget ? ("revenue_budget", Numbers.Plain(inForce.RevenueBudget))
            : ((string, string)?)null;
        if (differs is { } d)
            row.Error(d.Item1, $"baseline {inForce.Number} in force, approved {inForce.ApprovedOn:yyyy-MM-dd}, has {d.Item2}: " +
                               "a baseline changes only by a re-baseline, recorded with its reason on the project's baseline page");
    }

    private static Period? ReadPeriod(ImportRow row, DateOnly today)
    {
        var text = row.Cell("period") ?? "";
        if (text.Length == 0) row.Error("period", "is empty");
        else if (!Period.TryParse(text, out var period)) row.Error("period", $"'{text}' is not a month: write YYYY-MM, like 2017-11");
        else if (HighlightEntry.PeriodProblem(period, today) is { } problem) row.Error("period", problem);
        else return period;
        return null;
    }

    private static HighlightRow? ReadReport(ImportRow row, string project, Period? period)
    {
        var ratings = new Rag[5];
        var reasons = new string?[5];
        for (var i = 0; i < 5; i++)
        {
            var (field, label) = HighlightEntry.Ratings[i];
            reasons[i] = Blank(row.Text($"{field}_reason", TextRules.MaxCommentLength));
            var rag = row.Rating($"{field}_rag");
            if (rag is Rag.Amber or Rag.Red && reasons[i] is null)
                row.Error($"{field}_reason", $"is empty: say why {label.ToLowerInvariant()} is {rag.Value.Name()}");
            ratings[i] = rag ?? Rag.None;
        }
        var forecastEnd = row.Date("forecast_end");
        decimal? cost = null;
        if (row.Cell("forecast_cost") is { Length: > 0 } c)
        {
            if (Money.TryParsePounds(c, out var pounds)) cost = pounds;
            else row.Error("forecast_cost", $"'{c}' is not an amount in pounds: write plain digits, like 10347000 or 1250.50, not negative");
        }
        var issues = Blank(row.Text("issues", TextRules.MaxCommentLength));
        var decisions = Blank(row.Text("decisions", TextRules.MaxCommentLength));
        var next = Blank(row.Text("next_period", TextRules.MaxCommentLength));
        return period is { } p ? new HighlightRow(project, p, ratings, reasons, forecastEnd, cost, issues, decisions, next) : null;
    }

    /// <summary>A date cell (YYYY-MM-DD, from <paramref name="from"/> to 2100), null when empty; an empty required cell is an error.</summary>
    /// <summary>
    /// Applies a checked plan: programmes, projects, first baselines with their milestones, highlight reports (stored
    /// approved by <see cref="StewardDb.Actor"/> at <paramref name="now"/>, UTC) and their milestone dates. A project or
    /// report changed since the plan read it is a concurrent change (<see cref="DbUpdateConcurrencyException"/> on save).
    /// </summary>
    public static async Task<ProjectImportCounts?> ApplyAsync(StewardDb db, Plan plan, DateTime now, CancellationToken ct)
    {
        if (plan.IsEmpty) return null;
        var names = new NameResolver(db);
        var programmes = await db.Programmes.ToDictionaryAsync(p => p.CodeKey, ct);
        var touchedProgrammes = new List<Programme>();
        var programmesCreated = 0;
        foreach (var r in plan.Programmes)
        {
            var key = Project.Key(r.Code);
            if (!programmes.TryGetValue(key, out var programme))
            {
                programme = programmes[key] = db.Programmes.Add(new Programme { Code = r.Code, CodeKey = key, Name = r.Name }).Entity;
                programmesCreated++;
            }
            else touchedProgrammes.Add(programme);
            (programme.Code, programme.Name, programme.Board) = (r.Code, r.Name, r.Board);
            if (r.Directorate is not null)
            {
                var directorate = await names.DirectorateAsync(r.Directorate, ct);
                (programme.Directorate, programme.DirectorateId) = (directorate, KeyOf(directorate?.Id, programme.DirectorateId));
            }
        }

        var keys = plan.Projects.Select(p => Project.Key(p.Code)).Concat(plan.Reports.Select(r => Project.Key(r.Project)))
            .Concat(plan.Dates.Select(d => Project.Key(d.Project))).Concat(plan.NewBaselines.Keys).Distinct().ToList();
        var projects = await db.Projects.Where(p => keys.Contains(p.CodeKey)).ToDictionaryAsync(p => p.CodeKey, ct);
        var touchedProjects = new List<Project>();
        var projectsCreated = 0;
        foreach (var r in plan.Projects)
        {
            var key = Project.Key(r.Code);
            if (!projects.TryGetValue(key, out var project))
            {
                project = projects[key] = db.Projects.Add(new Project { Code = r.Code, CodeKey = key, Name = r.Name }).Entity;
                projectsCreated++;
            }
            else
            {
                touchedProjects.Add(project);
                db.Entry(project).Property(p => p.Version).OriginalValue = plan.ProjectVersions.GetValueOrDefault(key, project.Version);
            }
            (project.Code, project.Name, project.Stage) = (r.Code, r.Name, r.Stage);
            if (r.Programme is not null)
            {
                var programme = r.Programme.Length == 0 ? null : programmes[Project.Key(r.Programme)];
                (project.Programme, project.ProgrammeId) = (programme, KeyOf(programme?.Id, project.ProgrammeId));
            }
            if (r.Directorate is not null)
            {
                var directorate = await names.DirectorateAsync(r.Directorate, ct);
                (project.Directorate, project.DirectorateId) = (directorate, KeyOf(directorate?.Id, project.DirectorateId));
            }
            if (r.Sponsor is not null) (project.Sponsor, project.SponsorId) = await PersonAsync(names, r.Sponsor, project.SponsorId, ct);
            if (r.Manager is not null) (project.Manager, project.ManagerId) = await PersonAsync(names, r.Manager, project.ManagerId, ct);
            if (r.Description is not null) project.Description = Blank(r.Description);
            if (r.Priorities is not null) project.Priorities = Blank(r.Priorities);
        }

        var milestones = 0;
        foreach (var (key, planned) in plan.NewBaselines)
        {
            planned.Project = projects[key];
            planned.ApprovedBy ??= db.Actor;
            milestones += planned.Milestones.Count;
            db.ProjectBaselines.Add(planned);
        }

        var (reportsCreated, reportsUpdated, datesChanged) = await ApplyReportsAsync(db, plan, projects, now, ct);
        db.ChangeTracker.DetectChanges();
        int Modified<T>(IEnumerable<T> entities) where T : class => entities.Count(e => db.Entry(e).State == EntityState.Modified);
        var counts = new ProjectImportCounts(programmesCreated, Modified(touchedProgrammes), projectsCreated, Modified(touchedProjects),
            plan.NewBaselines.Count, milestones, reportsCreated, reportsUpdated, datesChanged);
        await db.SaveChangesAsync(ct);
        return counts;
    }

    private static async Task<(int Created, int Updated, int DatesChanged)> ApplyReportsAsync(StewardDb db, Plan plan, Dictionary<string, Project> projects,
        DateTime now, CancellationToken ct)
    {
        if (plan.Reports.Count == 0 && plan.Dates.Count == 0) return (0, 0, 0);
        var ids = projects.Values.Where(p => p.Id != 0).Select(p => p.Id).ToList();
        var wanted = plan.Reports.Select(r => r.Period).Concat(plan.Dates.Select(d => d.Period)).Distinct().ToList();
        var reports = (await db.HighlightReports.Where(h => ids.Contains(h.ProjectId) && wanted.Contains(h.Period)).Include(h => h.Milestones).ToListAsync(ct))
            .ToDictionary(h => (h.ProjectId, h.Period));
        if (plan.Dates.Count > 0) await db.ProjectBaselines.Where(b => ids.Contains(b.ProjectId)).Include(b => b.Milestones).LoadAsync(ct);
        var byKey = new Dictionary<(string, Period), HighlightReport>();
        HighlightReport? Existing(string key, Period period)
        {
            var project = projects[key];
            return byKey.GetValueOrDefault((key, period)) ?? (project.Id != 0 ? reports.GetValueOrDefault((project.Id, period)) : null);
        }
        var created = 0;
        var changed = new HashSet<HighlightReport>();
        foreach (var r in plan.Reports)
        {
            var key = Project.Key(r.Project);
            var report = Existing(key, r.Period);
            if (report is null)
            {
                report = db.HighlightReports.Add(new HighlightReport { Project = projects[key], Period = r.Period }).Entity;
                created++;
            }
            else db.Entry(report).Property(h => h.Version).OriginalValue = plan.ReportVersions.GetValueOrDefault((key, r.Period), report.Version);
            byKey[(key, r.Period)] = report;
            (report.Overall, report.Time, report.Cost, report.Scope, report.Quality) = (r.Ratings[0], r.Ratings[1], r.Ratings[2], r.Ratings[3], r.Ratings[4]);
            (report.OverallReason, report.TimeReason, report.CostReason, report.ScopeReason, report.QualityReason) = (r.Reasons[0], r.Reasons[1], r.Reasons[2], r.Reasons[3], r.Reasons[4]);
            (report.ForecastEnd, report.ForecastCost, report.Issues, report.Decisions, report.NextPeriod) = (r.ForecastEnd, r.ForecastCost, r.Issues, r.Decisions, r.NextPeriod);
            report.Status = ApprovalStatus.Approved;
            if (report.Id == 0 || db.Entry(report).Properties.Any(p => p.IsModified)) changed.Add(report);
        }

        var datesChanged = 0;
        foreach (var d in plan.Dates)
        {
            var key = Project.Key(d.Project);
            var report = Existing(key, d.Period)!;
            if (report.Id != 0 && byKey.TryAdd((key, d.Period), report))
                db.Entry(report).Property(h => h.Version).OriginalValue = plan.ReportVersions[(key, d.Period)];
            // The project's baselines are all tracked (loaded above, or recorded by this call), so its list holds them all.
            var milestone = HighlightEntry.BaselineFor(projects[key].Baselines, d.Period)!.Milestones.First(m => Same(m.Name, d.Milestone));
            var kept = report.Milestones.FirstOrDefault(m => ReferenceEquals(m.Milestone, milestone) || milestone.Id != 0 && m.MilestoneId == milestone.Id);
            if (kept is null && (d.Forecast is not null || d.Actual is not null)) report.Milestones.Add(new MilestoneProgress { Milestone = milestone, Forecast = d.Forecast, Actual = d.Actual });
            else if (kept is not null && d.Forecast is null && d.Actual is null) db.MilestoneProgress.Remove(kept);
            else if (kept is not null && (kept.Forecast, kept.Actual) != (d.Forecast, d.Actual)) (kept.Forecast, kept.Actual) = (d.Forecast, d.Actual);
            else continue;
            datesChanged++;
            if (report.Id != 0) db.Entry(report).Property(h => h.Version).IsModified = true;
            report.Status = ApprovalStatus.Approved;
            changed.Add(report);
        }

        foreach (var report in changed)
        {
            // What an import states is the council's approved account of the month, by whoever imported it.
            report.Status = ApprovalStatus.Approved;
            (report.ApprovedBy, report.ApprovedAt, report.ApproverComment) = (db.Actor, now, null);
            if (report.SubmittedBy is null) (report.SubmittedBy, report.SubmittedAt) = (db.Actor, now);
        }
        return (created, changed.Count(r => r.Id != 0), datesChanged);
    }

    private static async Task<(Person?, int?)> PersonAsync(NameResolver names, string name, int? current, CancellationToken ct)
    {
        // A name not yet known adds the person.
        var person = await names.PersonAsync(name, ct);
        return (person, KeyOf(person?.Id, current));
    }

    private static bool Same(string? a, string? b) => string.Equals(a?.Trim(), b?.Trim(), StringComparison.OrdinalIgnoreCase);

    private static string? Blank(string? s) => Web.FormValues.Blank(s);

    /// <summary>
    /// The foreign key to set beside a navigation: none for none, the entity's id when it is saved, else the key as it is
    /// (a new entity's key follows at save). A navigation set to what it already is (or to nothing, unloaded) is no change
    /// to EF, so the key is set too.
    /// </summary>
    private static int? KeyOf(int? id, int? current) => id is null ? null : id != 0 ? id : current;
}
