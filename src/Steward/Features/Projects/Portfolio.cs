using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Domain;

namespace Steward.Features.Projects;

/// <summary>
/// One project as the portfolio shows it: its latest approved highlight report (RAGs, forecast), its baseline in force
/// and its original one, and the forecast's variance against each.
/// </summary>
public sealed record ProjectStatus(Project Project, HighlightReport? Latest, ProjectBaseline? Current, ProjectBaseline? Original)
{
    /// <summary>The latest forecast against the baseline in force: the portfolio's slippage and budget variance.</summary>
    public ProjectVariance? Variance => Current is null ? null : ProjectVariance.Against(Current.Plan, Latest?.ForecastEnd, Latest?.ForecastCost);

    /// <summary>The latest forecast against the original baseline: how far the project has moved since it was first approved.</summary>
    public ProjectVariance? SinceOriginal => Original is null ? null : ProjectVariance.Against(Original.Plan, Latest?.ForecastEnd, Latest?.ForecastCost);
}

/// <summary>What the portfolio is filtered by: a directorate, a programme, a stage (each optional).</summary>
public sealed record PortfolioFilter(int? DirectorateId = null, int? ProgrammeId = null, ProjectStage? Stage = null);

/// <summary>The council's projects with their status, read a page at a time: the work is bounded by the page, not the register.</summary>
public static class Portfolio
{
    /// <summary>Projects a page shows.</summary>
    public const int PageSize = 50;

    /// <summary>The projects matching <paramref name="filter"/>, by code, of the current organisation.</summary>
    public static IQueryable<Project> Matching(StewardDb db, PortfolioFilter filter)
    {
        var query = db.Projects.AsQueryable();
        if (filter.DirectorateId is { } d) query = query.Where(p => p.DirectorateId == d);
        if (filter.ProgrammeId is { } g) query = query.Where(p => p.ProgrammeId == g);
        if (filter.Stage is { } s) query = query.Where(p => p.Stage == s);
        return query;
    }

    /// <summary>
    /// The status of <paramref name="projects"/> (already read, with their programme, directorate, sponsor and
    /// manager): two queries, each bounded by the projects given. With <paramref name="asAt"/> (a pack's quarter), the
    /// status as it stood then: the latest report approved for that month or before, the baselines approved by its end.
    /// </summary>
    public static async Task<List<ProjectStatus>> StatusAsync(StewardDb db, IReadOnlyList<Project> projects, CancellationToken ct = default, Period? asAt = null)
    {
        var ids = projects.Select(p => p.Id).ToList();
        var approved = db.HighlightReports.Where(h => h.Status == ApprovalStatus.Approved);
        var baselineQuery = db.ProjectBaselines.Where(b => ids.Contains(b.ProjectId));
        if (asAt is { } last)
        {
            approved = approved.Where(h => h.Period <= last);
            var end = last.EndDate;
            baselineQuery = baselineQuery.Where(b => b.ApprovedOn <= end);
        }
        var latest = await approved.AsNoTracking()
            .Where(h => ids.Contains(h.ProjectId) && !approved.Any(o => o.ProjectId == h.ProjectId && o.Period > h.Period))
            .ToDictionaryAsync(h => h.ProjectId, ct);
        var baselines = (await baselineQuery.AsNoTracking().ToListAsync(ct)).ToLookup(b => b.ProjectId);
        return projects.Select(p => new ProjectStatus(p, latest.GetValueOrDefault(p.Id),
            baselines[p.Id].MaxBy(b => b.Number), baselines[p.Id].MinBy(b => b.Number))).ToList();
    }

    /// <summary>
    /// One page (1-based; brought within the pages there are) of the matching projects by code, with their status, how
    /// many match in all, and the page given.
    /// </summary>
    public static async Task<(List<ProjectStatus> Rows, int Total, int Page)> PageAsync(StewardDb db, PortfolioFilter filter, int page, CancellationToken ct = default)
    {
        var query = Matching(db, filter);
        var total = await query.CountAsync(ct);
        page = Math.Clamp(page, 1, Math.Max(1, (total + PageSize - 1) / PageSize));
        var projects = await query.InCodeOrder(db).Skip((page - 1) * PageSize).Take(PageSize)
            .Include(p => p.Programme).Include(p => p.Directorate).Include(p => p.Sponsor).Include(p => p.Manager)
            .AsNoTracking().ToListAsync(ct);
        return (await StatusAsync(db, projects, ct), total, page);
    }

    /// <summary>Every project matching <paramref name="filter"/>, by code, with its status: read a page at a time.</summary>
    public static async Task<List<ProjectStatus>> AllAsync(StewardDb db, PortfolioFilter filter, CancellationToken ct = default)
    {
        var rows = new List<ProjectStatus>();
        for (var page = 1; ; page++)
        {
            var (statuses, total, _) = await PageAsync(db, filter, page, ct);
            rows.AddRange(statuses);
            if (rows.Count >= total || statuses.Count == 0) return rows;
        }
    }

    /// <summary>
    /// For the portfolio's rows (<paramref name="projects"/>): the codes of the projects each depends on, how many of its
    /// change requests await a decision, and how many open risks (not Part II) its register holds. Three queries,
    /// bounded by the projects given.
    /// </summary>
    public static async Task<Dictionary<int, (List<string> DependsOn, int AwaitingChanges, int OpenRisks)>> NotesAsync(StewardDb db, IReadOnlyCollection<Project> projects,
        CancellationToken ct = default)
    {
        var ids = projects.Select(p => p.Id).ToList();
        var registers = projects.Where(p => p.RegisterId is not null).Select(p => p.RegisterId!.Value).ToList();
        var dependsOn = (await db.ProjectDependencies.Where(d => ids.Contains(d.ProjectId)).Select(d => new { d.ProjectId, d.DependsOn!.Code }).ToListAsync(ct))
            .ToLookup(d => d.ProjectId, d => d.Code);
        var awaiting = await db.ChangeRequests.Where(r => ids.Contains(r.ProjectId) && r.Status == ChangeStatus.Proposed)
            .GroupBy(r => r.ProjectId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var risks = registers.Count == 0 ? [] : await db.Risks.Where(r => registers.Contains(r.RegisterId) && !r.Closed && !r.Exempt)
            .GroupBy(r => r.RegisterId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return projects.ToDictionary(p => p.Id, p => (dependsOn[p.Id].Order(StringComparer.Ordinal).ToList(), awaiting.GetValueOrDefault(p.Id),
            p.RegisterId is { } r ? risks.GetValueOrDefault(r) : 0));
    }
}
