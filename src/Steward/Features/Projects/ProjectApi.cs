using System.ComponentModel;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Domain;
using Steward.Web;

namespace Steward.Features.Projects;

/// <summary>A baseline: dates (YYYY-MM-DD) and budget in pounds (capital, revenue, their total).</summary>
public sealed record BaselineJson(int Number, string Start, string End, decimal Capital, decimal Revenue, decimal Budget, string? Reason, string? ApprovedBy, string ApprovedOn);

/// <summary>A highlight report's ratings (green, amber, red or null) and forecasts; the month as YYYY-MM.</summary>
public sealed record RatingsJson(string Period, string? Overall, string? Time, string? Cost, string? Scope, string? Quality, string? ForecastEnd, decimal? ForecastCost);

/// <summary>The latest forecast against the baseline in force: days late (negative: early), pounds over (negative: under) and that as a percentage.</summary>
public sealed record VarianceJson(int? DaysLate, decimal? CostOver, decimal? CostOverPercent);

/// <summary>A project with its latest approved highlight report and the baseline in force.</summary>
public sealed record ProjectJson(string Code, string Name, string? Programme, string? Directorate, string Stage, string? Sponsor, string? ProjectManager,
    string? Priorities, RatingsJson? LatestReport, BaselineJson? Baseline, VarianceJson? Variance);

/// <summary>A key milestone in a highlight report: its baseline date, the forecast and actual dates, and where it stands ("on-track", "forecast-late", "overdue", "achieved", "achieved-late").</summary>
public sealed record MilestoneJson(string Name, string Baseline, string? Forecast, string? Actual, string Status);

/// <summary>A highlight report in full; status is draft, submitted, returned or approved.</summary>
public sealed record HighlightReportJson(RatingsJson Ratings, string Status, string? OverallReason, string? TimeReason, string? CostReason, string? ScopeReason,
    string? QualityReason, string? Issues, string? Decisions, string? NextPeriod, IReadOnlyList<MilestoneJson> Milestones, string? ApproverComment);

/// <summary>
/// Projects and their highlight reports, read through /api/v1 with the same visibility as the pages: everyone in the
/// council reads the register and approved reports; reports not yet approved only for the performance team and the
/// project's own manager and sponsor.
/// </summary>
public static class ProjectApi
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapApiV1("Projects");
        api.MapGet("/projects", ListAsync).WithSummary("Projects (filtered by stage when given), with the latest approved highlight report and the baseline in force, a page at a time in code order")
            .WithDescription(Indicators.IndicatorApi.PagingNote);
        api.MapGet("/projects/{code}", GetAsync).WithSummary("One project by code");
        api.MapGet("/projects/{code}/reports", ReportsAsync).WithSummary("A project's highlight reports, latest month first, a page at a time, with their milestones")
            .WithDescription(Indicators.IndicatorApi.PagingNote);
    }

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    private static string? Name(Rag rag) => rag == Rag.None ? null : rag.Name();

    private static RatingsJson Ratings(HighlightReport h) =>
        new(h.Period.ToString(), Name(h.Overall), Name(h.Time), Name(h.Cost), Name(h.Scope), Name(h.Quality), h.ForecastEnd is { } e ? Iso(e) : null, h.ForecastCost);

    private static ProjectJson Json(ProjectStatus s)
    {
        var (p, b, v) = (s.Project, s.Current, s.Variance);
        return new ProjectJson(p.Code, p.Name, p.Programme?.Name, p.Directorate?.Name, p.Stage.ToString().ToLowerInvariant(), p.Sponsor?.Name, p.Manager?.Name,
            p.Priorities, s.Latest is { } l ? Ratings(l) : null,
            b is null ? null : new BaselineJson(b.Number, Iso(b.Start), Iso(b.End), b.CapitalBudget, b.RevenueBudget, b.Plan.Budget, b.Reason, b.ApprovedBy, Iso(b.ApprovedOn)),
            v is null ? null : new VarianceJson(v.DaysLate, v.CostOver, v.CostOverPercent));
    }

    private static IQueryable<Project> Query(StewardDb db) =>
        db.Projects.Include(p => p.Programme).Include(p => p.Directorate).Include(p => p.Sponsor).Include(p => p.Manager).AsNoTracking();

    private static async Task<Results<Ok<PageJson<ProjectJson>>, ProblemHttpResult>> ListAsync(
        [Description("proposal, initiation, delivery, closure or closed")] string? stage,
        [Description(ApiPaging.LimitDescription)] string? limit, [Description(ApiPaging.AfterDescription)] string? after, StewardDb db, HttpContext http)
    {
        if (!ApiPaging.TryLimit(limit, out var take, out var bad) || !ApiPaging.TryCursor(after, "projects", 1, out var cursor, out bad)) return bad!;
        var query = Query(db);
        if (stage is not null)
        {
            if (FormValues.Named<ProjectStage>(stage) is not { } s) return TypedResults.Problem("stage must be proposal, initiation, delivery, closure or closed", statusCode: 400);
            query = query.Where(p => p.Stage == s);
        }
        var rows = await query.InCodeOrder(db, cursor?[0]).Take(take + 1).ToListAsync(http.RequestAborted);
        var (page, next) = ApiPaging.Finish(http, rows, take, p => ApiPaging.Cursor("projects", p.Code));
        return TypedResults.Ok(new PageJson<ProjectJson>((await Portfolio.StatusAsync(db, page, http.RequestAborted)).Select(Json).ToList(), next));
    }

    private static async Task<Results<Ok<ProjectJson>, NotFound>> GetAsync(string code, StewardDb db, HttpContext http)
    {
        var project = await Query(db).SingleOrDefaultAsync(p => p.CodeKey == Project.Key(code), http.RequestAborted);
        return project is null ? TypedResults.NotFound() : TypedResults.Ok(Json((await Portfolio.StatusAsync(db, [project], http.RequestAborted))[0]));
    }

    private static async Task<Results<Ok<PageJson<HighlightReportJson>>, NotFound, ProblemHttpResult>> ReportsAsync(
        string code, [Description(ApiPaging.LimitDescription)] string? limit, [Description(ApiPaging.AfterDescription)] string? after, StewardDb db, CurrentUser user, HttpContext http)
    {
        var ct = http.RequestAborted;
        var project = await Query(db).SingleOrDefaultAsync(p => p.CodeKey == Project.Key(code), ct);
        if (project is null) return TypedResults.NotFound();
        if (!ApiPaging.TryLimit(limit, out var take, out var bad) || !ApiPaging.TryCursor(after, "reports", 1, out var cursor, out bad)) return bad!;
        var query = db.HighlightReports.Where(h => h.ProjectId == project.Id);
        var actor = HighlightEntry.ActorFor(project, user);
        if (!HighlightEntry.SeesUnapproved(actor)) query = query.Where(h => h.Status == ApprovalStatus.Approved);
        if (cursor is not null)
        {
            if (!Period.TryParse(cursor[0], out var before)) return TypedResults.Problem("after must be the cursor of a next link from this list: follow 'next' as it is", statusCode: 400);
            query = query.Where(h => h.Period < before);
        }
        var rows = await query.OrderByDescending(h => h.Period).Take(take + 1).Include(h => h.Milestones).AsSplitQuery().AsNoTracking().ToListAsync(ct);
        var (page, next) = ApiPaging.Finish(http, rows, take, h => ApiPaging.Cursor("reports", h.Period.ToString()));
        // Each report lists every milestone of the baseline it is measured against, as the page does.
        var baselines = await db.ProjectBaselines.Where(b => b.ProjectId == project.Id).Include(b => b.Milestones).AsNoTracking().ToListAsync(ct);
        return TypedResults.Ok(new PageJson<HighlightReportJson>(page.Select(h => new HighlightReportJson(Ratings(h), h.Status.ToString().ToLowerInvariant(),
            h.OverallReason, h.TimeReason, h.CostReason, h.ScopeReason, h.QualityReason, h.Issues, h.Decisions, h.NextPeriod,
            HighlightEntry.MilestonesOf(baselines, h.Period, h.Milestones).Rows.Select(x => new MilestoneJson(x.Milestone.Name, Iso(x.Dates.Baseline),
                x.Dates.Forecast is { } f ? Iso(f) : null, x.Dates.Actual is { } a ? Iso(a) : null, Status(x.Dates.StateAt(h.Period.EndDate)))).ToList(),
            h.ApproverComment)).ToList(), next));
    }

    /// <summary>A milestone's state as the API names it: "on-track", "forecast-late", "overdue", "achieved", "achieved-late".</summary>
    private static string Status(MilestoneState state) => state switch
    {
        MilestoneState.ForecastLate => "forecast-late",
        MilestoneState.Overdue => "overdue",
        MilestoneState.Achieved => "achieved",
        MilestoneState.AchievedLate => "achieved-late",
        _ => "on-track",
    };
}
