using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Accounts;
using Steward.Features.Indicators;
using Steward.Features.Organisations;
using Steward.Web;

namespace Steward.Features.Risks;

/// <summary>
/// A risk with what the rules say of its published (signed-off) position: bands, exception, flags from linked
/// indicators, whether its review is overdue; and, for those in the review cycle, the review pending sign-off.
/// </summary>
/// <remarks><see cref="Path"/> is the register path for pages (root first), <see cref="ImportPath"/> the one files and the API use (leaf first).</remarks>
public sealed record RiskView(
    Risk Risk, string Path, string ImportPath, RiskBand? InherentBand, RiskBand? ResidualBand, RiskBand? TargetBand, RiskBand? PreviousBand, bool IsException,
    IReadOnlyDictionary<int, Rag> IndicatorRags, IReadOnlyList<Indicator> RedIndicators, bool ReviewOverdue, RiskReview? Pending)
{
    public bool FlaggedForReview => RedIndicators.Count > 0;
    public RiskScore? Previous => Risk.Previous;
    public Movement Movement => Risk.Movement;
}

/// <summary>Who may see and do what with risks, and the risks as the pages need them.</summary>
public static class RiskViews
{
    /// <summary>The risk team: manages registers, the matrix and risk definitions, and sees exempt risks.</summary>
    public static bool ManagesRisks(this CurrentUser user) => user.HasAny(Role.PerformanceOfficer, Role.Administrator);

    /// <summary>Those in the review cycle see reviews in progress; everyone else sees signed-off reviews only.</summary>
    public static bool SeesUnsignedReviews(this CurrentUser user) => user.HasAny(Role.RiskOwner, Role.Approver, Role.PerformanceOfficer, Role.Administrator);

    /// <summary>A risk's reviews as this user may see them, latest first.</summary>
    public static async Task<List<RiskReview>> ReviewsOfAsync(this CurrentUser user, StewardDb db, int riskId, CancellationToken ct = default) =>
        (await user.ReviewsVisibleTo(db, riskId).ToListAsync(ct)).OrderByDescending(r => r.ReviewDate).ThenByDescending(r => r.Id).ToList();

    /// <summary>The query for a risk's reviews this user may see (signed-off ones only, unless they are in the review cycle), unordered.</summary>
    public static IQueryable<RiskReview> ReviewsVisibleTo(this CurrentUser user, StewardDb db, int riskId)
    {
        var query = db.RiskReviews.Where(r => r.RiskId == riskId);
        return user.SeesUnsignedReviews() ? query : query.Where(r => r.Status == ApprovalStatus.Approved);
    }

    /// <summary>Exempt (Part II) risks: the risk team, those cleared, and the people assigned to the risk.</summary>
    public static IQueryable<Risk> Visible(this IQueryable<Risk> risks, CurrentUser user)
    {
        if (user.ManagesRisks() || user.Has(Role.ExemptReader)) return risks;
        var person = user.PersonId ?? -1;
        return risks.Where(r => !r.Exempt || r.OwnerId == person || r.Assignments.Any(a => a.PersonId == person));
    }

    /// <summary>What this user is for one risk: its reviewer (the owner or someone acting), its approver, the risk team.</summary>
    public static async Task<Actor> RiskActorAsync(this CurrentUser user, StewardDb db, Risk risk, CancellationToken ct = default)
    {
        var roles = user.PersonId is { } pid
            ? await db.RiskAssignments.Where(a => a.RiskId == risk.Id && a.PersonId == pid).Select(a => a.Role).ToListAsync(ct)
            : [];
        var isOwner = user.PersonId is { } p && risk.OwnerId == p;
        return new Actor(user.Email,
            IsUpdater: user.Has(Role.RiskOwner) && (isOwner || roles.Contains(RiskRole.Reviewer)),
            IsApprover: user.Has(Role.Approver) && roles.Contains(RiskRole.Approver),
            IsPerformanceOfficer: user.ManagesRisks());
    }

    /// <summary>
    /// The views of <paramref name="risks"/> as at <paramref name="today"/> (the organisation's today). With
    /// <paramref name="pending"/>, each risk's review in progress is loaded too (for those who see unsigned reviews).
    /// </summary>
    public static async Task<List<RiskView>> ViewsAsync(StewardDb db, Organisation organisation, IReadOnlyList<Risk> risks, DateOnly today,
        bool pending = false, CancellationToken ct = default)
    {
        var matrix = await RiskMatrixStore.LoadAsync(db, ct);
        var registers = await db.RiskRegisters.ToDictionaryAsync(r => r.Id, ct);
        var ids = risks.Select(r => r.Id).ToList();
        var open = pending
            ? (await db.RiskReviews.Where(r => ids.Contains(r.RiskId) && r.Status != ApprovalStatus.Approved).ToListAsync(ct))
                .GroupBy(r => r.RiskId).ToDictionary(g => g.Key, g => g.MaxBy(r => r.Id)!)
            : [];
        var links = (await db.RiskAssurances.Where(a => ids.Contains(a.RiskId) && a.IndicatorId != null)
            .Select(a => new { a.RiskId, IndicatorId = a.IndicatorId!.Value }).ToListAsync(ct))
            .ToLookup(l => l.RiskId, l => l.IndicatorId);
        // The latest RAG of each indicator giving assurance on these risks (a red one flags the risk for review).
        var linkedIds = links.SelectMany(l => l).ToHashSet();
        var indicators = linkedIds.Count == 0 ? [] : await db.Indicators.Where(i => linkedIds.Contains(i.Id) && !i.Retired).AsNoTracking().ToDictionaryAsync(i => i.Id, ct);
        var linked = await Performance.LatestAsync(db, organisation, indicators.Values, ct);
        return risks.Select(r =>
        {
            var rags = links[r.Id].Distinct().Where(linked.ContainsKey).ToDictionary(id => id, id => linked[id].Rag);
            var reds = rags.Where(kv => kv.Value == Rag.Red).Select(kv => indicators[kv.Key]).OrderBy(i => i.Code, StringComparer.Ordinal).ToList();
            var overdue = !r.Closed && r.NextReviewDate is { } next && next < today;
            var reg = registers.GetValueOrDefault(r.RegisterId);
            return new RiskView(r, reg is null ? "" : RiskRegister.Describe(reg, registers, organisation.Name), reg is null ? "" : RiskRegister.PathOf(reg, registers),
                matrix?.BandOf(r.Inherent), matrix?.BandOf(r.Residual), matrix?.BandOf(r.Target), matrix?.BandOf(r.Previous),
                RiskRules.IsException(r.Residual, r.Prospects, organisation.RiskExceptionThreshold), rags, reds, overdue, open.GetValueOrDefault(r.Id));
        }).ToList();
    }
}
