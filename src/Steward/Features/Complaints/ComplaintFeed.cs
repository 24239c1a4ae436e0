using Microsoft.EntityFrameworkCore;
using Steward.Common;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Indicators;
using Steward.Features.Organisations;

namespace Steward.Features.Complaints;

/// <summary>
/// The complaints log's period-end work, run for each council by the notices job (and <c>steward complaints run</c>):
/// indicators computed from the log get their result entered and submitted for approval, and complainants' details are
/// removed once the council's retention period has passed.
/// </summary>
public static class ComplaintFeed
{
    /// <summary>Who results computed from the log are entered and submitted by.</summary>
    public const string Identity = "complaints log";

    /// <summary>
    /// For each current indicator computed from the log (<see cref="Indicator.ComplaintMeasure"/>), its latest period that
    /// has ended by <paramref name="today"/> (or <paramref name="period"/>'s, when given) gets the result the log gives,
    /// submitted for the indicator's approvers with a comment saying how it was counted. A result already approved, or
    /// entered by a person or an import, is left as it is; one the log entered before is brought up to date. Returns the
    /// results entered or changed.
    /// </summary>
    public static async Task<int> EnterAsync(StewardDb db, Organisation organisation, DateOnly today, DateTime now, Period? period = null, CancellationToken ct = default)
    {
        var indicators = await db.Indicators.Where(i => i.ComplaintMeasure != null && !i.Retired).ToListAsync(ct);
        var entered = 0;
        foreach (var indicator in indicators)
        {
            var p = DueResults.LastEnding(period ?? new Period(today.Year, today.Month), indicator.Frequency);
            if (period is null && p.EndDate >= today) p = p.Previous(indicator.Frequency);
            var result = await db.Results.SingleOrDefaultAsync(r => r.IndicatorId == indicator.Id && r.Period == p, ct);
            if (result is not null && (result.Status == ApprovalStatus.Approved || result.EnteredBy is not null && result.EnteredBy != Identity)) continue;
            var (from, to) = ComplaintFigures.Months(p, indicator.Frequency);
            var (numerator, denominator, _) = await ComplaintFigures.MeasureAsync(db, organisation, indicator.ComplaintMeasure!.Value, from, to, ct, indicator.ServiceId);
            decimal? value = denominator is { } d ? ResultValues.FromFraction(numerator, d, indicator.FractionMultiplier) : numerator;
            var comment = Comment(indicator.ComplaintMeasure.Value, numerator, denominator);
            if (result is null)
                db.Results.Add(result = new Result { IndicatorId = indicator.Id, Period = p });
            else if (result.Value == value && result.Numerator == (denominator is null ? null : numerator) && result.Denominator == denominator
                     && result.Status == ApprovalStatus.Submitted && result.UpdaterComment == comment)
                continue;
            (result.Value, result.Numerator, result.Denominator) = (value, denominator is null ? null : numerator, denominator);
            (result.Status, result.UpdaterComment, result.EnteredBy, result.EnteredAt, result.SubmittedBy, result.SubmittedAt) =
                (ApprovalStatus.Submitted, comment, Identity, now, Identity, now);
            entered++;
        }
        if (entered > 0) await db.SaveChangesAsync(ct);
        return entered;
    }

    /// <summary>"Computed from the complaints log: 74 of 81 stage 1 responses sent within the timescale."</summary>
    public static string Comment(ComplaintMeasure measure, int numerator, int? denominator) => measure switch
    {
        ComplaintMeasure.Stage1InTime => $"Computed from the complaints log: {numerator} of {denominator} stage 1 responses sent within the timescale.",
        ComplaintMeasure.Stage2InTime => $"Computed from the complaints log: {numerator} of {denominator} stage 2 responses sent within the timescale.",
        ComplaintMeasure.EscalationRate => $"Computed from the complaints log: {Show.Count(numerator, "complaint")} escalated to stage 2 against {denominator} stage 1 responses.",
        ComplaintMeasure.Stage1ReceivedForService => $"Computed from the complaints log: {Show.Count(numerator, "stage 1 complaint")} received about the service.",
        _ => $"Computed from the complaints log: {Show.Count(numerator, "stage 1 complaint")} received.",
    };

    /// <summary>
    /// Removes complainants' details from complaints whose every stage was answered more than the retention period before
    /// <paramref name="today"/> (<see cref="ComplaintRules.AnonymiseOn"/>), noting the day; audited with the details
    /// redacted. Returns how many were anonymised.
    /// </summary>
    public static async Task<int> AnonymiseAsync(StewardDb db, Organisation organisation, DateOnly today, CancellationToken ct = default)
    {
        var cutoff = today.AddMonths(-organisation.ComplaintRetentionMonths);
        var due = await db.Complaints.Include(c => c.Stages)
            .Where(c => c.AnonymisedOn == null && (c.ComplainantName != null || c.ComplainantContact != null)
                        && c.Stages.Any() && c.Stages.All(s => s.Responded != null && s.Responded <= cutoff))
            .ToListAsync(ct);
        foreach (var c in due.Where(c => ComplaintRules.AnonymiseOn(organisation.Complaints, c.Stages.Select(s => s.Responded)) <= today))
            (c.ComplainantName, c.ComplainantContact, c.AnonymisedOn) = (null, null, today);
        await db.SaveChangesAsync(ct);
        return due.Count(c => c.AnonymisedOn == today);
    }
}
