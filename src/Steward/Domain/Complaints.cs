namespace Steward.Domain;

/// <summary>The stage a complaint is handled at: the council's two stages, then the Ombudsman.</summary>
public enum ComplaintStage
{
    Stage1 = 1,
    Stage2 = 2,
    Ombudsman = 3,
}

/// <summary>The finding at a stage.</summary>
public enum ComplaintOutcome
{
    Upheld = 1,
    PartlyUpheld = 2,
    NotUpheld = 3,
}

/// <summary>What an indicator computed from the complaints log counts (issue 15; Dacorum's CS02a and CS02b, seed 001).</summary>
public enum ComplaintMeasure
{
    /// <summary>Stage 1 responses sent in the period within the timescale / stage 1 responses sent in the period.</summary>
    Stage1InTime = 1,

    /// <summary>Stage 2 responses sent in the period within the timescale / stage 2 responses sent in the period.</summary>
    Stage2InTime = 2,

    /// <summary>Complaints escalated to stage 2 in the period / stage 1 responses sent in the period (seed 002: 6.6%, target 10%).</summary>
    EscalationRate = 3,

    /// <summary>Stage 1 complaints received in the period (a count).</summary>
    Stage1Received = 4,

    /// <summary>Stage 1 complaints received in the period about the indicator's own service (a count).</summary>
    Stage1ReceivedForService = 5,
}

/// <summary>
/// A council's complaint timescales in working days, and how long complainants' details are kept. The defaults are the
/// Complaint Handling Code's (Local Government and Social Care Ombudsman, applied from 1 April 2026; the Housing
/// Ombudsman's is statutory for council landlords): stage 1 acknowledged within 5 working days and answered within 10 of
/// the acknowledgement, stage 2 acknowledged within 5 and answered within 20, an extension of up to 10 more with reasons.
/// </summary>
/// <param name="ResponseFromReceipt">Response days count from the day the complaint was received at the stage, as some
/// councils' own policies do ("stage 1 complaints resolved in 15 days", Dacorum), instead of from the acknowledgement.</param>
/// <param name="RetentionMonths">Months after a complaint's last response that the complainant's details are kept; then they are removed.</param>
public sealed record ComplaintPolicy(
    int Stage1AcknowledgeDays = 5,
    int Stage1ResponseDays = 10,
    int Stage2AcknowledgeDays = 5,
    int Stage2ResponseDays = 20,
    int MaxExtensionDays = 10,
    bool ResponseFromReceipt = false,
    int RetentionMonths = 72)
{
    public int AcknowledgeDays(ComplaintStage stage) => stage == ComplaintStage.Stage2 ? Stage2AcknowledgeDays : Stage1AcknowledgeDays;
    public int ResponseDays(ComplaintStage stage) => stage == ComplaintStage.Stage2 ? Stage2ResponseDays : Stage1ResponseDays;
}

/// <summary>
/// The Complaint Handling Code's timescales over one stage of a complaint, in working days of the council's calendar.
/// The Ombudsman's stage has no council timescale.
/// </summary>
public static class ComplaintRules
{
    /// <summary>The last day to acknowledge a stage received on <paramref name="received"/>; null at the Ombudsman's stage.</summary>
    public static DateOnly? AcknowledgeBy(WorkingCalendar calendar, ComplaintPolicy policy, ComplaintStage stage, DateOnly received) =>
        stage == ComplaintStage.Ombudsman ? null : calendar.AddWorkingDays(received, policy.AcknowledgeDays(stage));

    /// <summary>
    /// The last day to answer a stage: the response days (plus any extension, in working days) counted from the
    /// acknowledgement (or, not yet acknowledged, from the last day to acknowledge), or from receipt under a policy that
    /// says so. Null at the Ombudsman's stage.
    /// </summary>
    public static DateOnly? RespondBy(WorkingCalendar calendar, ComplaintPolicy policy, ComplaintStage stage, DateOnly received, DateOnly? acknowledged, int extensionDays)
    {
        if (stage == ComplaintStage.Ombudsman) return null;
        var from = policy.ResponseFromReceipt ? received : acknowledged ?? AcknowledgeBy(calendar, policy, stage, received)!.Value;
        return calendar.AddWorkingDays(from, policy.ResponseDays(stage) + Math.Max(0, extensionDays));
    }

    /// <summary>Answered within the timescale: a response on or before the day it was due.</summary>
    public static bool InTime(DateOnly responded, DateOnly? due) => due is not { } d || responded <= d;

    /// <summary>Overdue on <paramref name="today"/>: not answered and the day it was due has passed.</summary>
    public static bool Overdue(DateOnly today, DateOnly? responded, DateOnly? due) => responded is null && due is { } d && today > d;

    /// <summary>
    /// The day a complainant's details are removed: <see cref="ComplaintPolicy.RetentionMonths"/> after the complaint's
    /// last response (at any stage); null while a stage is still open.
    /// </summary>
    public static DateOnly? AnonymiseOn(ComplaintPolicy policy, IEnumerable<DateOnly?> responses)
    {
        DateOnly? last = null;
        foreach (var r in responses)
        {
            if (r is not { } d) return null;
            if (last is not { } l || d > l) last = d;
        }
        return last?.AddMonths(policy.RetentionMonths);
    }

    /// <summary>Percentage to two places, half away from zero (74 / 81 → 91.36); null for none.</summary>
    public static decimal? Percent(int numerator, int denominator) =>
        denominator == 0 ? null : Math.Round(numerator * 100m / denominator, 2, MidpointRounding.AwayFromZero);
}
