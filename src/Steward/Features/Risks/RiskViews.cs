using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Accounts;
using Steward.Features.Indicators;
using Steward.Features.Organisations;
using Steward.Web;

namespace Steward.Features.Risks;

/// <summary>A risk with what the rules say of it: bands, previous score and movement, exception, flags.</summary>
public sealed record RiskView(
    Risk Risk, string Path, RiskBand? InherentBand, RiskBand? ResidualBand, RiskBand? TargetBand,
    RiskReview? LastSignedOff, RiskScore? Previous, Movement Movement, bool IsException,
    IReadOnlyDictionary<int, Rag> IndicatorRags, IReadOnlyList<Indicator> RedIndicators, bool ReviewOverdue)
{
    public bool FlaggedForReview => RedIndicators.Count > 0;
}

/// <summary>Who may see and do what with risks, and the risks as the pages need them.</summary>
public static class RiskViews
{
    /// <summary>The risk team: manages registers, the matrix and risk definitions, and sees exempt risks.</summary>
    public static bool ManagesRisks(this CurrentUser user) => user.HasAny(Role.PerformanceOfficer, Role.Administrator);

    /// <summary>Those in the review cycle see reviews in progress; everyone else sees signed-off reviews only.</summary>
    public static bool SeesUnsignedReviews(this CurrentUser user) => user.HasAny(Role.RiskOwner, Role.Approver, Role.PerformanceOfficer, Role.Administrator);

    /// <summary>A risk's reviews as this user may see them, latest first.</summary>
    public static async Task<List<RiskReview>> ReviewsOfAsync(this CurrentUser user, StewardDb db, int riskId, CancellationToken ct = default)
    {
        var query = db.RiskReviews.Where(r => r.RiskId == riskId);
        if (!user.SeesUnsignedReviews()) query = query.Where(r => r.Status == ApprovalStatus.Approved);
        return (await query.ToListAsync(ct)).OrderByDescending(r => r.ReviewDate).ThenByDescending(r => r.Id).ToList();
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

    public static async Task<List<RiskView>> ViewsAsync(StewardDb db, Organisation organisation, IReadOnlyList<Risk> risks, DateTime now, CancellationToken ct = default)
    {
        var matrix = await RiskMatrixStore.LoadAsync(db, ct);
        var registers = await db.RiskRegisters.ToDictionaryAsync(r => r.Id, ct);
        var ids = risks.Select(r => r.Id).ToList();
        var lastSignedOff = (await db.RiskReviews.Where(r => ids.Contains(r.RiskId) && r.Status == ApprovalStatus.Approved).ToListAsync(ct))
            .GroupBy(r => r.RiskId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(r => r.ReviewDate).ThenByDescending(r => r.SignedOffAt).First());
        var links = await db.RiskAssurances.Where(a => ids.Contains(a.RiskId) && a.IndicatorId != null)
            .Select(a => new { a.RiskId, IndicatorId = a.IndicatorId!.Value }).ToListAsync(ct);
        // The latest RAG of each indicator giving assurance on these risks (a red one flags the risk for review).
        var linked = links.Count == 0 ? [] : (await Performance.LatestAsync(db, organisation, links.Select(l => l.IndicatorId).ToHashSet(), ct))
            .Where(x => x.Latest is not null).ToDictionary(x => x.Indicator.Id, x => x.Latest!);
        var today = DateOnly.FromDateTime(now);
        return risks.Select(r =>
        {
            lastSignedOff.TryGetValue(r.Id, out var last);
            var previous = last?.Residual;
            var rags = links.Where(l => l.RiskId == r.Id && linked.ContainsKey(l.IndicatorId)).DistinctBy(l => l.IndicatorId)
                .ToDictionary(l => l.IndicatorId, l => linked[l.IndicatorId].Rag);
            var reds = rags.Where(kv => kv.Value == Rag.Red).Select(kv => linked[kv.Key].Indicator).OrderBy(i => i.Code, StringComparer.Ordinal).ToList();
            var overdue = !r.Closed && r.NextReviewDate is { } next && next < today;
            return new RiskView(r, registers.TryGetValue(r.RegisterId, out var reg) ? RiskRegister.PathOf(reg, registers) : "",
                matrix?.BandOf(r.Inherent), matrix?.BandOf(r.Residual), matrix?.BandOf(r.Target),
                last, previous, RiskRules.MovementOf(r.Residual, previous),
                RiskRules.IsException(r.Residual, r.Prospects, organisation.RiskExceptionThreshold), rags, reds, overdue);
        }).ToList();
    }
}
