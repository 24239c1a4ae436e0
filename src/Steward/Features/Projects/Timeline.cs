using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Domain;

namespace Steward.Features.Projects;

/// <summary>
/// One project on the portfolio's timeline: the baseline in force (start and end) and the latest approved forecast
/// end, and its key milestones with the dates that report gives them.
/// </summary>
public sealed record TimelineRow(Project Project, ProjectBaseline Baseline, DateOnly? ForecastEnd, DateOnly AsAt,
    IReadOnlyList<(BaselineMilestone Milestone, MilestoneDates Dates)> Milestones);

/// <summary>
/// The portfolio's timeline: each project's baseline as a bar, its forecast end against it, and its key milestones at
/// their baseline dates and where they are now expected, drawn as an SVG (no script, no inline styles) with a table of
/// the same dates beside it for screen readers and for reading exact dates.
/// </summary>
public static class Timeline
{
    private const int Width = 960, Label = 110, Right = 16, Top = 44, RowHeight = 30, Bottom = 28;

    /// <summary>
    /// The rows for <paramref name="statuses"/> (one page of the portfolio) that have a baseline in force: each with the
    /// milestones of the baseline its latest approved report is measured against and that report's dates, as at the
    /// report's month; without an approved report, the milestones of the baseline in force as at <paramref name="today"/>.
    /// Two queries (the projects' baselines with their milestones, the latest reports' milestone dates), bounded by the page.
    /// </summary>
    public static async Task<List<TimelineRow>> RowsAsync(StewardDb db, IReadOnlyList<ProjectStatus> statuses, DateOnly today, CancellationToken ct = default)
    {
        var projectIds = statuses.Where(s => s.Current is not null).Select(s => s.Project.Id).ToList();
        var reportIds = statuses.Where(s => s.Latest is not null).Select(s => s.Latest!.Id).ToList();
        var baselines = (await db.ProjectBaselines.Where(b => projectIds.Contains(b.ProjectId)).Include(b => b.Milestones).AsNoTracking().ToListAsync(ct))
            .ToLookup(b => b.ProjectId);
        var progress = (await db.MilestoneProgress.Where(m => reportIds.Contains(m.ReportId)).AsNoTracking().ToListAsync(ct)).ToLookup(m => m.ReportId);
        return statuses.Where(s => s.Current is not null).Select(s =>
            {
                var own = baselines[s.Project.Id].ToList();
                var rows = s.Latest is { } r
                    ? HighlightEntry.MilestonesOf(own, r.Period, progress[r.Id]).Rows
                    : HighlightEntry.MilestonesOf([own.Single(b => b.Id == s.Current!.Id)], new Period(today.Year, today.Month), []).Rows;
                return new TimelineRow(s.Project, s.Current!, s.Latest?.ForecastEnd, s.Latest?.Period.EndDate ?? today, rows);
            })
            .ToList();
    }

    /// <summary>
    /// The SVG of <paramref name="rows"/> with a line at <paramref name="today"/> (the council's today) when it falls
    /// within the dates shown; years along the top. Empty when there are no rows.
    /// </summary>
    public static string Render(IReadOnlyList<TimelineRow> rows, DateOnly today, string title, string description)
    {
        if (rows.Count == 0) return "";
        var dates = rows.SelectMany(r => new[] { r.Baseline.Start, r.Baseline.End }.Concat(r.ForecastEnd is { } f ? [f] : [])
            .Concat(r.Milestones.SelectMany(m => new[] { m.Dates.Baseline, m.Dates.Actual ?? m.Dates.Forecast ?? m.Dates.Baseline }))).ToList();
        // Dates are checked from 2000 to 2100 as entered; the axis is kept within them whatever is stored.
        var from = new DateOnly(Math.Clamp(dates.Min().Year, 2000, 2100), 1, 1);
        var to = new DateOnly(Math.Clamp(dates.Max().Year, 2000, 2100) + 1, 1, 1);
        var height = Top + rows.Count * RowHeight + Bottom;
        double X(DateOnly d) => Label + (d.DayNumber - from.DayNumber) * (double)(Width - Label - Right) / (to.DayNumber - from.DayNumber);
        static string F(double d) => d.ToString("0.#", CultureInfo.InvariantCulture);

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"steward-timeline\" viewBox=\"0 0 {Width} {height}\" role=\"img\" aria-labelledby=\"timeline-title timeline-desc\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"timeline-title\">{E(title)}</title><desc id=\"timeline-desc\">{E(description)}</desc>");
        // Legend, then a line and label for each year.
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Label}\" y=\"6\" width=\"24\" height=\"10\" class=\"steward-timeline__baseline\" /><text x=\"{Label + 30}\" y=\"15\" class=\"steward-timeline__label\">Baseline</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Label + 110}\" y=\"6\" width=\"24\" height=\"10\" class=\"steward-timeline__late\" /><text x=\"{Label + 140}\" y=\"15\" class=\"steward-timeline__label\">Forecast beyond baseline</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<path d=\"{Diamond(Label + 332, 11)}\" class=\"steward-timeline__planned\" /><text x=\"{Label + 342}\" y=\"15\" class=\"steward-timeline__label\">Milestone planned</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{Label + 482}\" cy=\"11\" r=\"5\" class=\"steward-timeline__point--achieved\" /><text x=\"{Label + 492}\" y=\"15\" class=\"steward-timeline__label\">Achieved</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{Label + 582}\" cy=\"11\" r=\"5\" class=\"steward-timeline__point--on-track\" /><text x=\"{Label + 592}\" y=\"15\" class=\"steward-timeline__label\">Expected</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{Label + 682}\" cy=\"11\" r=\"5\" class=\"steward-timeline__point--late\" /><text x=\"{Label + 692}\" y=\"15\" class=\"steward-timeline__label\">Late or overdue</text>");
        for (var y = from.Year; y <= to.Year; y++)
        {
            var x = X(new DateOnly(y, 1, 1));
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(x)}\" x2=\"{F(x)}\" y1=\"{Top - 6}\" y2=\"{height - Bottom}\" class=\"steward-timeline__grid\" />");
            if (y < to.Year) svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(x + 4)}\" y=\"{Top - 10}\" class=\"steward-timeline__label\">{y}</text>");
        }
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            var mid = Top + i * RowHeight + RowHeight / 2.0;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"{F(mid + 5)}\" class=\"steward-timeline__label\">{E(r.Project.Code)}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(X(r.Baseline.Start))}\" y=\"{F(mid - 6)}\" width=\"{F(Math.Max(1, X(r.Baseline.End) - X(r.Baseline.Start)))}\" height=\"12\" class=\"steward-timeline__baseline\" />");
            if (r.ForecastEnd is { } end && end > r.Baseline.End)
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(X(r.Baseline.End))}\" y=\"{F(mid - 6)}\" width=\"{F(Math.Max(1, X(end) - X(r.Baseline.End)))}\" height=\"12\" class=\"steward-timeline__late\" />");
            else if (r.ForecastEnd is { } early)
                svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(X(early))}\" x2=\"{F(X(early))}\" y1=\"{F(mid - 9)}\" y2=\"{F(mid + 9)}\" class=\"steward-timeline__forecast\" />");
            foreach (var (_, m) in r.Milestones)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<path d=\"{Diamond(X(m.Baseline), mid)}\" class=\"steward-timeline__planned\" />");
                var state = m.StateAt(r.AsAt);
                var point = state switch
                {
                    MilestoneState.Achieved or MilestoneState.AchievedLate => "achieved",
                    MilestoneState.OnTrack => "on-track",
                    _ => "late",
                };
                svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{F(X(m.Actual ?? m.Forecast ?? m.Baseline))}\" cy=\"{F(mid)}\" r=\"4\" class=\"steward-timeline__point--{point}\" />");
            }
        }
        if (today > from && today < to)
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(X(today))}\" x2=\"{F(X(today))}\" y1=\"{Top - 6}\" y2=\"{height - Bottom}\" class=\"steward-timeline__today\" /><text x=\"{F(X(today))}\" y=\"{height - 8}\" text-anchor=\"middle\" class=\"steward-timeline__label\">Today</text>");
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static string Diamond(double x, double y) =>
        string.Create(CultureInfo.InvariantCulture, $"M{x:0.#} {y - 7:0.#}L{x + 7:0.#} {y:0.#}L{x:0.#} {y + 7:0.#}L{x - 7:0.#} {y:0.#}Z");

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
