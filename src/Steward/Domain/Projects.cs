namespace Steward.Domain;

/// <summary>Where a project is in its life, as PMOs and programme boards name the stages.</summary>
public enum ProjectStage
{
    Proposal = 0,
    Initiation = 1,
    Delivery = 2,
    Closure = 3,
    Closed = 4,
}

/// <summary>
/// What a project was approved to deliver by when and for how much: one baseline, approved once; a re-baseline is a
/// new one, with its reason. <paramref name="Budget"/> is capital plus revenue, in pounds (exact to the penny).
/// </summary>
public sealed record ProjectPlan(DateOnly Start, DateOnly End, decimal Budget);

/// <summary>
/// How far a project's forecast has moved from a baseline: <paramref name="DaysLate"/> calendar days after the
/// baseline's end (negative: early), <paramref name="CostOver"/> pounds over its budget (negative: under) and that as
/// <paramref name="CostOverPercent"/> of the budget (one decimal place; null for a zero budget). Each is null where
/// the forecast does not give it.
/// </summary>
public sealed record ProjectVariance(int? DaysLate, decimal? CostOver, decimal? CostOverPercent)
{
    /// <summary>
    /// The forecast end <paramref name="forecastEnd"/> and forecast cost <paramref name="forecastCost"/> (pounds) of a
    /// monthly highlight report against <paramref name="baseline"/>: the one in force, for the portfolio's slippage and
    /// budget variance, or the original, for how far the project has moved since it was first approved.
    /// </summary>
    public static ProjectVariance Against(ProjectPlan baseline, DateOnly? forecastEnd, decimal? forecastCost)
    {
        int? days = forecastEnd is { } end ? end.DayNumber - baseline.End.DayNumber : null;
        decimal? over = forecastCost is { } cost ? cost - baseline.Budget : null;
        decimal? percent = over is { } o && baseline.Budget != 0 ? Math.Round(100m * o / baseline.Budget, 1, MidpointRounding.AwayFromZero) : null;
        return new ProjectVariance(days, over, percent);
    }
}

/// <summary>Where an acceptance criterion of a gate stands.</summary>
public enum CriterionStatus
{
    NotAssessed = 0,
    Met = 1,
    NotMet = 2,
    /// <summary>Set aside by the board, with the reason recorded.</summary>
    Waived = 3,
}

/// <summary>A programme board's decision at a gate (seed 004: "five Programme Board 'Go / No Go' gates").</summary>
public enum GateDecisionKind
{
    Go = 1,
    NoGo = 2,
    /// <summary>Go, on conditions the board records.</summary>
    ConditionalGo = 3,
}

/// <summary>
/// The rules of a gate decision (seed 004's 94 acceptance criteria "re-assessed for each Go/No Go decision point"):
/// "go" only when every criterion is met or waived; "conditional go" only with its conditions; "no go" always.
/// </summary>
public static class GateRules
{
    /// <summary>
    /// Null when <paramref name="decision"/> may be recorded with criteria in <paramref name="statuses"/> (one per
    /// criterion) and <paramref name="conditions"/>; else why not, naming how many criteria stand in the way.
    /// </summary>
    public static string? Refusal(GateDecisionKind decision, IReadOnlyCollection<CriterionStatus> statuses, string? conditions) => decision switch
    {
        GateDecisionKind.Go or GateDecisionKind.ConditionalGo when statuses.Count == 0 => "A gate with no acceptance criteria cannot be passed: add its criteria first",
        GateDecisionKind.Go when statuses.Count(s => s is not (CriterionStatus.Met or CriterionStatus.Waived)) is > 0 and var open =>
            $"{open} {(open == 1 ? "criterion is" : "criteria are")} not met or waived: record no go, or go on conditions",
        GateDecisionKind.ConditionalGo when string.IsNullOrWhiteSpace(conditions) => "Give the conditions of the go",
        _ => null,
    };
}

/// <summary>Where a key milestone stands in a highlight report, against the date its baseline planned.</summary>
public enum MilestoneState
{
    /// <summary>Not yet due, and forecast on or before its baseline date.</summary>
    OnTrack = 0,
    /// <summary>Not yet due, but forecast after its baseline date.</summary>
    ForecastLate = 1,
    /// <summary>Its forecast (or, without one, its baseline) date has passed with no actual date.</summary>
    Overdue = 2,
    /// <summary>Achieved on or before its baseline date.</summary>
    Achieved = 3,
    /// <summary>Achieved after its baseline date.</summary>
    AchievedLate = 4,
}

/// <summary>
/// A key milestone in a highlight report: the date its baseline planned, the date the project manager now forecasts
/// and the date it was achieved (issue: "milestones (baseline, forecast, actual, status)").
/// </summary>
/// <param name="Baseline">The date in the baseline the report is measured against.</param>
/// <param name="Forecast">The date now forecast; null when the manager gave none (the baseline date stands).</param>
/// <param name="Actual">The date it was achieved; null while it is not.</param>
public sealed record MilestoneDates(DateOnly Baseline, DateOnly? Forecast, DateOnly? Actual)
{
    /// <summary>Calendar days the actual (else the forecast) date falls after the baseline's; negative when before; 0 with neither.</summary>
    public int DaysLate => ((Actual ?? Forecast) is { } d ? d.DayNumber : Baseline.DayNumber) - Baseline.DayNumber;

    /// <summary>
    /// Where it stands as at <paramref name="asAt"/> (the last day of the report's month): achieved (late or not) when
    /// it has an actual date on or before <paramref name="asAt"/>; overdue when the date it is expected (the forecast, else the baseline) is before
    /// <paramref name="asAt"/>; forecast late when that date is after the baseline's; else on track.
    /// </summary>
    public MilestoneState StateAt(DateOnly asAt) =>
        Actual is { } actual && actual <= asAt ? (actual <= Baseline ? MilestoneState.Achieved : MilestoneState.AchievedLate)
        : (Forecast ?? Baseline) < asAt ? MilestoneState.Overdue
        : Forecast is { } f && f > Baseline ? MilestoneState.ForecastLate
        : MilestoneState.OnTrack;
}

/// <summary>Where a change request stands: awaiting a decision, approved, rejected, or withdrawn by whoever raised it.</summary>
public enum ChangeStatus
{
    Proposed = 0,
    Approved = 1,
    Rejected = 2,
    Withdrawn = 3,
}

/// <summary>How far a project's benefit has been realised, from its measurements or the indicator that tracks it.</summary>
public static class BenefitRules
{
    /// <summary>
    /// How far <paramref name="value"/> has come from <paramref name="baseline"/> towards <paramref name="target"/>, as a
    /// percentage (0 at the baseline, 100 at the target; below 0 when it has moved away, above 100 beyond the target;
    /// one decimal place). Works whichever way the target lies (a fall in calls, a rise in satisfaction). Null without
    /// any of the three, or when the target is the baseline.
    /// </summary>
    public static decimal? Realised(decimal? baseline, decimal? target, decimal? value) =>
        baseline is { } b && target is { } t && value is { } v && t != b
            ? Math.Round(100m * (v - b) / (t - b), 1, MidpointRounding.AwayFromZero)
            : null;
}
