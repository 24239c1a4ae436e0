using Microsoft.EntityFrameworkCore;
using Steward.Common;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Committees;
using Steward.Features.Reports;

namespace Steward.Features.Projects;

/// <summary>
/// The portfolio section of a quarterly pack: the projects within the remit as their sponsors last approved them by
/// the quarter's end (seed 004's "New Social Care System" report, seed 002's PMO paragraph), the ones rated amber or
/// red set out with their reasons, and the gate decisions of the quarter.
/// </summary>
public static class ProjectPack
{
    /// <summary>
    /// Whether <paramref name="project"/> (with its programme) is within <paramref name="committee"/>'s remit: its
    /// directorate (or, without one, its programme's) is the directorate of a service in the remit, or one of its
    /// corporate priorities is named as a theme in the remit (case-insensitively). Without a committee, every project.
    /// </summary>
    public static bool InRemit(Project project, Committee? committee)
    {
        if (committee is null) return true;
        var directorate = project.DirectorateId ?? project.Programme?.DirectorateId;
        if (directorate is { } d && committee.Services.Any(s => s.Service?.DirectorateId == d)) return true;
        var priorities = (project.Priorities ?? "").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return committee.Themes.Any(t => t.Theme is { } theme && priorities.Contains(theme.Name.Trim(), StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>
    /// The section's blocks for the quarter ending <paramref name="p"/>, or null when no project open in the quarter is
    /// within the remit of <paramref name="committee"/> (loaded with its services and themes). A project is open in the
    /// quarter when it is not closed, or its closure report ends it on or after the quarter's first day (so a pack made
    /// later still shows a project that closed since, with its last gate). Reads those projects, their reports approved
    /// for <paramref name="p"/> or before, their baselines approved by its end, and the quarter's gate decisions.
    /// </summary>
    public static async Task<List<PackBlock>?> BlocksAsync(StewardDb db, Committee? committee, Period p, int section, CancellationToken ct = default)
    {
        var first = p.AddMonths(-2);
        var start = new DateOnly(first.Year, first.Month, 1);
        var projects = (await db.Projects.Where(x => x.Stage != ProjectStage.Closed || db.ProjectClosures.Any(c => c.ProjectId == x.Id && c.ActualEnd >= start))
                .Include(x => x.Programme).Include(x => x.Sponsor).Include(x => x.Manager).AsNoTracking().ToListAsync(ct))
            .Where(x => InRemit(x, committee)).OrderBy(x => x.Code, StringComparer.Ordinal).ToList();
        if (projects.Count == 0) return null;
        var statuses = await Portfolio.StatusAsync(db, projects, ct, asAt: p);
        var reported = statuses.Where(s => s.Latest is not null).ToList();
        var blocks = new List<PackBlock>
        {
            new PackParagraph(Summary(statuses, p), $"{section}.1"),
            new PackTable("Projects: their latest approved highlight reports",
                [new("Project", Width: 4), new("Stage", Width: 2), new("Report", Width: 2), new("Overall", Width: 2), new("Time", Width: 2), new("Cost", Width: 2), new("Scope", Width: 2), new("Quality", Width: 2),
                 new("End against baseline", Width: 2), new("Cost against budget", Width: 2)],
                statuses.Select(Row).ToList()),
        };
        var concerns = reported.Where(s => s.Latest!.Overall is Rag.Amber or Rag.Red).ToList();
        blocks.Add(new PackParagraph(concerns.Count == 0
            ? "No project is rated amber or red overall."
            : $"{Show.Count(concerns.Count, "project")} {(concerns.Count == 1 ? "is" : "are")} rated amber or red overall:", $"{section}.2"));
        foreach (var s in concerns) blocks.AddRange(Concern(s));
        blocks.AddRange(await GateBlocksAsync(db, projects, p, section, ct));
        return blocks;
    }

    private static string Summary(List<ProjectStatus> statuses, Period p)
    {
        var overall = statuses.Where(s => s.Latest is not null).Select(s => s.Latest!.Overall).ToList();
        var none = statuses.Count - overall.Count;
        return $"{Show.Count(statuses.Count, "open project")} within the remit, as their sponsors last approved their highlight reports for {Show.Month(p)} or before: " +
               $"{overall.Count(r => r == Rag.Green)} green, {overall.Count(r => r == Rag.Amber)} amber and {overall.Count(r => r == Rag.Red)} red overall" +
               (none > 0 ? $"; {none} without an approved report." : ".");
    }

    private static IReadOnlyList<PackCell> Row(ProjectStatus s)
    {
        var (project, latest, variance) = (s.Project, s.Latest, s.Variance);
        PackCell Rating(Rag? rag) => rag is { } r ? new PackCell(Show.Rag(r), r) : new PackCell("No report");
        return
        [
            new PackCell($"{project.Code} {project.Name}", RowHeader: true), Show.Stage(project.Stage), latest is null ? "None approved" : Show.Month(latest.Period),
            Rating(latest?.Overall), Rating(latest?.Time), Rating(latest?.Cost), Rating(latest?.Scope), Rating(latest?.Quality),
            variance is null ? "No baseline" : Show.Slippage(variance.DaysLate), variance is null ? "No baseline" : Show.BudgetVariance(variance.CostOver, variance.CostOverPercent),
        ];
    }

    /// <summary>A project rated amber or red: each rating with its reason, the forecast against the baseline, its issues and the decisions it needs.</summary>
    private static IEnumerable<PackBlock> Concern(ProjectStatus s)
    {
        var (project, h) = (s.Project, s.Latest!);
        string Rated(Rag rag, string? reason) => reason is null ? Show.Rag(rag) : $"{Show.Rag(rag)}: {reason}";
        yield return new PackHeading($"{project.Code} {project.Name}");
        yield return new PackFacts([
            ("Programme", project.Programme?.Name ?? "None"),
            ("Sponsor", project.Sponsor?.Name ?? "Not set"),
            ("Project manager", project.Manager?.Name ?? "Not set"),
            ("Highlight report", Show.Month(h.Period)),
            ("Overall", Rated(h.Overall, h.OverallReason)),
            ("Time", Rated(h.Time, h.TimeReason)),
            ("Cost", Rated(h.Cost, h.CostReason)),
            ("Scope", Rated(h.Scope, h.ScopeReason)),
            ("Quality", Rated(h.Quality, h.QualityReason)),
            ("Forecast end", h.ForecastEnd is { } end
                ? $"{Show.Date(end)}{(s.Current is { } c ? $" against {Show.Date(c.End)} in baseline {c.Number}: {Show.Slippage(s.Variance?.DaysLate)}" : "")}"
                : "Not forecast"),
            ("Forecast cost", h.ForecastCost is { } cost
                ? $"{Show.Money(cost)}{(s.Current is { } b ? $" against {Show.Money(b.Plan.Budget)}: {Show.BudgetVariance(s.Variance?.CostOver, s.Variance?.CostOverPercent)}" : "")}"
                : "Not forecast"),
            ("Issues", h.Issues ?? "None given"),
            ("Decisions needed", h.Decisions ?? "None"),
        ]);
    }

    /// <summary>The gate decisions recorded in the quarter ending <paramref name="p"/> for <paramref name="projects"/>.</summary>
    private static async Task<List<PackBlock>> GateBlocksAsync(StewardDb db, List<Project> projects, Period p, int section, CancellationToken ct)
    {
        var ids = projects.Select(x => x.Id).ToList();
        var first = p.AddMonths(-2);
        // The quarter as the council keeps time: UK midnights, stored as UTC.
        var (from, to) = (Web.UkTime.ToUtc(new DateTime(first.Year, first.Month, 1)), Web.UkTime.ToUtc(p.EndDate.AddDays(1).ToDateTime(TimeOnly.MinValue)));
        var decisions = await db.GateDecisions
            .Join(db.ProjectGates, d => d.GateId, g => g.Id, (d, g) => new { d.Decision, d.Conditions, d.DecidedBy, d.DecidedAt, g.ProjectId, g.Number, g.Name })
            .Where(x => ids.Contains(x.ProjectId) && x.DecidedAt >= from && x.DecidedAt < to)
            .AsNoTracking().ToListAsync(ct);
        if (decisions.Count == 0) return [new PackParagraph($"No gate decision was recorded in {p.Label(Frequency.Quarterly)}.", $"{section}.3")];
        var codes = projects.ToDictionary(x => x.Id, x => x.Code);
        return
        [
            new PackParagraph($"{Show.Count(decisions.Count, "gate decision")} {(decisions.Count == 1 ? "was" : "were")} recorded in {p.Label(Frequency.Quarterly)}:", $"{section}.3"),
            new PackTable("Gate decisions in the quarter", [new("Project", Width: 2), new("Gate", Width: 3), new("Decision", Width: 2), new("Conditions", Width: 3), new("Recorded", Width: 2)],
                decisions.OrderBy(x => x.DecidedAt).Select(x => (IReadOnlyList<PackCell>)
                [
                    new PackCell(codes[x.ProjectId], RowHeader: true), $"Gate {x.Number}: {x.Name}", Show.Decision(x.Decision), x.Conditions ?? "None",
                    Show.DateTime(x.DecidedAt),
                ]).ToList()),
        ];
    }
}
