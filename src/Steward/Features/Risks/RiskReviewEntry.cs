using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Indicators;
using Steward.Features.Organisations;

namespace Steward.Features.Risks;

/// <summary>What a risk owner puts in a quarterly review.</summary>
public sealed record ReviewForm(DateOnly ReviewDate, int? ResidualLikelihood, int? ResidualImpact, int? TargetLikelihood, int? TargetImpact,
    DateOnly? TargetDate, Prospects? Prospects, string? Commentary);

/// <summary>
/// The quarterly review: the owner proposes the risk's current scores and prospects with a commentary and
/// submits; an approver signs it off (or returns it). Only sign-off publishes the review's position on the risk
/// (the register, heat map, exception report, API and exports read the risk); until then the review is pending.
/// Shares the approval rules with results.
/// </summary>
public static class RiskReviewEntry
{
    public const string ConflictMessage = "Someone else changed this risk or its review after you opened it, so your change was not saved";

    /// <summary>The review in progress (not yet signed off), if any.</summary>
    public static Task<RiskReview?> OpenReviewAsync(StewardDb db, int riskId, CancellationToken ct = default) =>
        db.RiskReviews.Where(r => r.RiskId == riskId && r.Status != ApprovalStatus.Approved)
            .OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);

    public static async Task<EntryOutcome> SaveAsync(StewardDb db, Risk risk, ReviewForm form, ApprovalAction action, Actor actor,
        int riskVersion, int? reviewVersion, DateTime now, DateOnly today, CancellationToken ct = default)
    {
        var review = await OpenReviewAsync(db, risk.Id, ct);
        if (ApprovalWorkflow.Refusal(action, review?.Status, actor, review?.SubmittedBy, subject: ApprovalSubject.RiskReview) is { } refusal)
            return EntryOutcome.Error("", char.ToUpperInvariant(refusal[0]) + refusal[1..]);
        if (risk.Closed) return EntryOutcome.Error("", $"{risk.Code} is closed: it is no longer reviewed");
        if (riskVersion != risk.Version || (review is not null && reviewVersion != review.Version))
            return EntryOutcome.Error("", ConflictMessage, conflict: true);

        var errors = new Dictionary<string, string>();
        var matrix = await RiskMatrixStore.LoadAsync(db, ct);
        RiskScore? Score(string name, int? l, int? i)
        {
            if (l is null && i is null) return null;
            if (l is null || i is null) { errors[$"{name}-likelihood"] = $"Give the {name} likelihood and impact, or neither"; return null; }
            var s = new RiskScore(l.Value, i.Value);
            if (matrix is null || !matrix.Model.Contains(s)) errors[$"{name}-likelihood"] = $"{l}×{i} is outside the risk matrix";
            return s;
        }
        var residual = Score("residual", form.ResidualLikelihood, form.ResidualImpact);
        var target = Score("target", form.TargetLikelihood, form.TargetImpact);
        if (action == ApprovalAction.Submit && residual is null) errors["residual-likelihood"] = "Give the current likelihood and impact";
        if (action == ApprovalAction.Submit && string.IsNullOrWhiteSpace(form.Commentary))
            errors["commentary"] = "Say what has changed since the last review, even if nothing has";
        if ((form.Commentary?.Length ?? 0) > TextRules.MaxCommentLength) errors["commentary"] = TextRules.CommentTooLong("The commentary");
        if (form.ReviewDate > today) errors["review-date"] = "The review date cannot be in the future";
        if (errors.Count > 0) return new EntryOutcome(null, errors);

        // The review holds the owner's proposal; the risk keeps publishing its last signed-off position until sign-off.
        // The risk's version is checked (and moved on) all the same, so two people starting a review at once cannot
        // both open one: the second save fails as a conflict.
        db.Entry(risk).Property(r => r.Version).OriginalValue = riskVersion;
        db.Entry(risk).Property(r => r.Version).IsModified = true;
        review ??= db.RiskReviews.Add(new RiskReview { RiskId = risk.Id, Risk = risk }).Entity;
        if (reviewVersion is { } rv && review.Id != 0) db.Entry(review).Property(r => r.Version).OriginalValue = rv;
        review.ReviewDate = form.ReviewDate;
        review.RegisterId = risk.RegisterId;
        (review.ResidualLikelihood, review.ResidualImpact) = (residual?.Likelihood, residual?.Impact);
        (review.TargetLikelihood, review.TargetImpact) = (target?.Likelihood, target?.Impact);
        (review.TargetDate, review.Prospects) = (form.TargetDate, form.Prospects);
        review.Commentary = string.IsNullOrWhiteSpace(form.Commentary) ? null : form.Commentary.Trim();
        review.Status = ApprovalWorkflow.After(action);
        if (action == ApprovalAction.Submit)
        {
            review.SubmittedBy = actor.Identity;
            review.SubmittedAt = now;
            await Notices.Notices.ForReviewAsync(db, risk, review, action, now, ct);
        }
        return await EntryOutcome.SaveAsync(db, ConflictMessage, ct: ct);
    }

    /// <summary>An approver signs a submitted review off ("Sign Off Complete"), or returns it with a comment.</summary>
    public static async Task<EntryOutcome> DecideAsync(StewardDb db, Organisation organisation, RiskReview review, ApprovalAction action,
        Actor actor, string? comment, int expectedVersion, DateTime now, CancellationToken ct = default)
    {
        // Another approver deciding first is a change made meanwhile, not a refusal of this person: reported as a conflict.
        if (expectedVersion != review.Version && ApprovalWorkflow.Refusal(action, ApprovalStatus.Submitted, actor, review.SubmittedBy, comment, ApprovalSubject.RiskReview) is null)
            return EntryOutcome.Error("", ConflictMessage, conflict: true);
        if ((comment?.Length ?? 0) > TextRules.MaxCommentLength) return EntryOutcome.Error("comment", TextRules.CommentTooLong("The comment"));
        if (ApprovalWorkflow.Refusal(action, review.Status, actor, review.SubmittedBy, comment, ApprovalSubject.RiskReview) is { } refusal)
            return EntryOutcome.Error(action == ApprovalAction.Return && string.IsNullOrWhiteSpace(comment) ? "comment" : "",
                char.ToUpperInvariant(refusal[0]) + refusal[1..]);
        if (expectedVersion != review.Version) return EntryOutcome.Error("", ConflictMessage, conflict: true);
        var risk = review.Risk ?? await db.Risks.SingleAsync(r => r.Id == review.RiskId, ct);
        if (action == ApprovalAction.Approve)
        {
            if (risk.Closed) return EntryOutcome.Error("", $"{risk.Code} is closed: its reviews can no longer be signed off");
            // A position signed off after this review's date (by an import or the risk team's edit) is newer: signing
            // this review off would publish nothing, so it is refused rather than recorded as published.
            if (!risk.CanPublish(review))
                return EntryOutcome.Error("", $"A newer position of {risk.Code} was signed off on {Common.Show.Date(risk.SignedOffOn)}, after this review's date " +
                                              $"({Common.Show.Date(review.ReviewDate)}): return the review so the owner can review the risk as it is now");
        }
        review.Status = ApprovalWorkflow.After(action);
        review.SignOffComment = string.IsNullOrWhiteSpace(comment) ? (action == ApprovalAction.Approve ? "Sign Off Complete" : null) : comment.Trim();
        if (action == ApprovalAction.Approve)
        {
            review.SignedOffBy = actor.Identity;
            review.SignedOffAt = now;
            risk.Publish(review);
            risk.NextReviewDate = review.ReviewDate.AddMonths(organisation.RiskReviewMonths);
        }
        else await Notices.Notices.ForReviewAsync(db, risk, review, action, now, ct);
        return await EntryOutcome.SaveAsync(db, ConflictMessage, ct: ct);
    }
}
