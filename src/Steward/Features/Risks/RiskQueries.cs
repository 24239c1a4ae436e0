using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Indicators;
using Steward.Features.Organisations;

namespace Steward.Features.Risks;

/// <summary>
/// The register's filters as queries, so pages count and page risks in the database and load only the page's rows.
/// Each filter reads a risk's published (signed-off) position, as the rules do.
/// </summary>
public static class RiskQueries
{
    /// <summary>
    /// Risks reported by exception: <see cref="RiskRules.IsException"/> in SQL (a current score at or above the threshold,
    /// prospects amber or red; a blank score or blank prospects is not an exception).
    /// </summary>
    public static IQueryable<Risk> Exceptions(this IQueryable<Risk> risks, int threshold) =>
        risks.Where(r => r.ResidualLikelihood * r.ResidualImpact >= threshold && (r.Prospects == Prospects.Amber || r.Prospects == Prospects.Red));

    /// <summary>Open risks whose next review date has passed (as <see cref="RiskView.ReviewOverdue"/>).</summary>
    public static IQueryable<Risk> ReviewOverdue(this IQueryable<Risk> risks, DateOnly today) =>
        risks.Where(r => !r.Closed && r.NextReviewDate < today);

    /// <summary>The risks a person reviews: as the owner, or assigned as a reviewer.</summary>
    public static IQueryable<Risk> ReviewedBy(this IQueryable<Risk> risks, int personId) =>
        risks.Where(r => r.OwnerId == personId || r.Assignments.Any(a => a.PersonId == personId && a.Role == RiskRole.Reviewer));

    /// <summary>Code or title containing the text, in any case.</summary>
    public static IQueryable<Risk> Matching(this IQueryable<Risk> risks, string text)
    {
        var t = text.Trim().ToLowerInvariant();
        return risks.Where(r => r.CodeKey.ToLower().Contains(t) || r.Title.ToLower().Contains(t));
    }

    /// <summary>
    /// The open risks among <paramref name="risks"/> flagged for review: an indicator giving them assurance is red at its
    /// latest approved result. Bounded by the links, not by the indicators' history.
    /// </summary>
    public static async Task<HashSet<int>> FlaggedAsync(StewardDb db, Organisation organisation, IQueryable<Risk> risks, CancellationToken ct = default)
    {
        var links = await db.RiskAssurances.Where(a => a.IndicatorId != null && risks.Any(r => r.Id == a.RiskId && !r.Closed))
            .Select(a => new { a.RiskId, IndicatorId = a.IndicatorId!.Value }).ToListAsync(ct);
        if (links.Count == 0) return [];
        var ids = links.Select(l => l.IndicatorId).ToHashSet();
        var indicators = await db.Indicators.Where(i => ids.Contains(i.Id) && !i.Retired).AsNoTracking().ToListAsync(ct);
        var latest = await Performance.LatestAsync(db, organisation, indicators, ct);
        return links.Where(l => latest.TryGetValue(l.IndicatorId, out var x) && x.Rag == Rag.Red).Select(l => l.RiskId).ToHashSet();
    }

    /// <summary>
    /// One page of <paramref name="risks"/> in code order (ordinal, the same on every database), with the count of all of
    /// them; <paramref name="page"/> is clamped to the pages there are. Only the ids and codes of the rest are read.
    /// </summary>
    public static async Task<(List<int> Ids, int Count, int Page)> PageAsync(IQueryable<Risk> risks, int page, int pageSize, CancellationToken ct = default,
        Func<IEnumerable<(int Id, string Code, int Score)>, IEnumerable<(int Id, string Code, int Score)>>? order = null)
    {
        var all = (await risks.Select(r => new { r.Id, r.Code, Score = (r.ResidualLikelihood ?? 0) * (r.ResidualImpact ?? 0) }).ToListAsync(ct))
            .Select(r => (r.Id, r.Code, r.Score));
        var ordered = (order ?? (x => x.OrderBy(r => r.Code, StringComparer.Ordinal)))(all).ToList();
        var pages = (int)Math.Max(1, ((long)ordered.Count + pageSize - 1) / pageSize);
        page = Math.Clamp(page, 1, pages);
        return (ordered.Skip((page - 1) * pageSize).Take(pageSize).Select(r => r.Id).ToList(), ordered.Count, page);
    }
}
