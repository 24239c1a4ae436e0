using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Domain;

namespace Steward.Features.Indicators;

/// <summary>What a person typed for a result.</summary>
public sealed record ResultForm(string? Value, string? Numerator, string? Denominator, string? Comment);

/// <summary>The outcome of an entry or decision: the saved result, or errors by field ("" for the whole form).</summary>
public sealed record EntryOutcome(Result? Result, IReadOnlyDictionary<string, string> Errors, bool Conflict = false)
{
    public bool Succeeded => Errors.Count == 0;

    public static EntryOutcome Error(string field, string message, bool conflict = false) =>
        new(null, new Dictionary<string, string> { [field] = message }, conflict);

    /// <summary>
    /// Saves <paramref name="db"/>'s changes against the versions read: success (with <paramref name="result"/>, where
    /// a result was entered), or, when a row moved on or was added by someone else meanwhile, a conflict with
    /// <paramref name="conflictMessage"/> and nothing saved.
    /// </summary>
    public static async Task<EntryOutcome> SaveAsync(StewardDb db, string conflictMessage, Result? result = null, CancellationToken ct = default)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return new EntryOutcome(result, new Dictionary<string, string>());
        }
        catch (DbUpdateException e) when (SaveConflict.Is(e))
        {
            db.ChangeTracker.Clear();
            return Error("", conflictMessage, conflict: true);
        }
    }
}

/// <summary>
/// Entering, submitting, approving and returning results: the one implementation behind the pages and
/// the API. The rules of who may do what are <see cref="ApprovalWorkflow"/>'s.
/// </summary>
public static class ResultEntry
{
    public const int MaxCommentLength = TextRules.MaxCommentLength;

    public const string ConflictMessage =
        "Someone else changed this result after you opened it, so your change was not saved";

    /// <summary>Validates typed numbers against the indicator: errors by field, else the value to store.</summary>
    public static (decimal? Value, decimal? Numerator, decimal? Denominator, Dictionary<string, string> Errors) Parse(ResultForm form, Indicator indicator)
    {
        var errors = new Dictionary<string, string>();
        decimal? Read(string field, string? text, string label)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            if (Numbers.TryParse(text, out var d)) return d;
            errors[field] = Numbers.IsOutOfRange(text) ? $"{label} {Numbers.RangeMessage}" : $"{label} must be a number, like 91.36 (no %, units or commas)";
            return null;
        }
        var value = Read("value", form.Value, "The value");
        var numerator = Read("numerator", form.Numerator, "The numerator");
        var denominator = Read("denominator", form.Denominator, "The denominator");
        if ((form.Comment?.Length ?? 0) > MaxCommentLength) errors["comment"] = TextRules.CommentTooLong("The comment");
        if (errors.Count > 0) return (null, null, null, errors);
        if (value is null && numerator is null && denominator is null)
        {
            errors["value"] = "Enter a value, or a numerator and denominator";
            return (null, null, null, errors);
        }
        var resolution = ResultValues.Resolve(value, numerator, denominator, indicator.FractionMultiplier, indicator.Decimals);
        if (resolution.IsError)
        {
            var message = resolution.ErrorMessage!;
            errors[resolution.ErrorField!] = char.ToUpperInvariant(message[0]) + message[1..];
            return (null, null, null, errors);
        }
        return (resolution.Value, numerator, denominator, errors);
    }

    /// <summary>
    /// Saves a draft or submits. Editing an approved result re-opens it. <paramref name="now"/> (UTC) stamps the entry;
    /// <paramref name="today"/> is the organisation's today (<see cref="Organisations.Organisation.Today"/>), on or
    /// before which a period has not ended.
    /// </summary>
    public static async Task<EntryOutcome> EnterAsync(
        StewardDb db, Indicator indicator, Period period, ResultForm form, ApprovalAction action, Actor actor,
        int? expectedVersion, DateTime now, DateOnly today, CancellationToken ct = default)
    {
        if (action is not (ApprovalAction.SaveDraft or ApprovalAction.Submit)) throw new ArgumentOutOfRangeException(nameof(action));
        var existing = await db.Results.SingleOrDefaultAsync(r => r.IndicatorId == indicator.Id && r.Period == period, ct);
        if (ApprovalWorkflow.Refusal(action, existing?.Status, actor, existing?.SubmittedBy) is { } refusal)
            return EntryOutcome.Error("", char.ToUpperInvariant(refusal[0]) + refusal[1..]);
        if (PeriodProblem(indicator, period, today) is { } problem) return EntryOutcome.Error("period", problem);
        if (existing is not null && expectedVersion != existing.Version) return EntryOutcome.Error("", ConflictMessage, conflict: true);

        var (value, numerator, denominator, errors) = Parse(form, indicator);
        if (errors.Count > 0) return new EntryOutcome(null, errors);

        var result = existing ?? db.Results.Add(new Result { IndicatorId = indicator.Id, Indicator = indicator, Period = period }).Entity;
        result.Value = value;
        result.Numerator = numerator;
        result.Denominator = denominator;
        result.UpdaterComment = string.IsNullOrWhiteSpace(form.Comment) ? null : form.Comment.Trim();
        result.Status = ApprovalWorkflow.After(action);
        result.EnteredBy = actor.Identity;
        result.EnteredAt = now;
        result.ApprovedBy = null;
        result.ApprovedAt = null;
        if (action == ApprovalAction.Submit)
        {
            result.SubmittedBy = actor.Identity;
            result.SubmittedAt = now;
            await Notices.Notices.ForResultAsync(db, indicator, result, action, now, ct);
        }
        return await EntryOutcome.SaveAsync(db, ConflictMessage, result, ct);
    }

    /// <summary>An approver approves a submitted result, or returns it with a comment.</summary>
    public static async Task<EntryOutcome> DecideAsync(
        StewardDb db, Result result, ApprovalAction action, Actor actor, string? comment, int expectedVersion, DateTime now, CancellationToken ct = default)
    {
        if (action is not (ApprovalAction.Approve or ApprovalAction.Return)) throw new ArgumentOutOfRangeException(nameof(action));
        // Another approver deciding first is a change made meanwhile, not a refusal of this person: reported as a conflict.
        if (expectedVersion != result.Version && ApprovalWorkflow.Refusal(action, ApprovalStatus.Submitted, actor, result.SubmittedBy, comment) is null)
            return EntryOutcome.Error("", ConflictMessage, conflict: true);
        if (ApprovalWorkflow.Refusal(action, result.Status, actor, result.SubmittedBy, comment) is { } refusal)
            return EntryOutcome.Error(action == ApprovalAction.Return && string.IsNullOrWhiteSpace(comment) ? "comment" : "",
                char.ToUpperInvariant(refusal[0]) + refusal[1..]);
        if (expectedVersion != result.Version) return EntryOutcome.Error("", ConflictMessage, conflict: true);
        if ((comment?.Length ?? 0) > MaxCommentLength) return EntryOutcome.Error("comment", TextRules.CommentTooLong("The comment"));

        result.Status = ApprovalWorkflow.After(action);
        // The approver's comment belongs to this decision: an approval without one clears an earlier return's reason (the audit log keeps it).
        result.ApproverComment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        if (action == ApprovalAction.Approve)
        {
            result.ApprovedBy = actor.Identity;
            result.ApprovedAt = now;
        }
        else await Notices.Notices.ForResultAsync(db, result.Indicator ?? await db.Indicators.SingleAsync(i => i.Id == result.IndicatorId, ct), result, action, now, ct);
        return await EntryOutcome.SaveAsync(db, ConflictMessage, result, ct);
    }

    /// <summary>Why a result cannot be entered for this period, or null.</summary>
    public static string? PeriodProblem(Indicator indicator, Period period, DateOnly today)
    {
        if (!period.Ends(indicator.Frequency))
            return $"{period} does not end a {indicator.Frequency.PeriodNoun()}: {indicator.Code} is {indicator.Frequency.Name()}";
        if (period.EndDate >= today)
            return $"{period.Label(indicator.Frequency)} has not ended yet";
        if (indicator.Retired) return $"{indicator.Code} is retired: its results can no longer be changed";
        return null;
    }
}
