namespace Steward.Domain;

/// <summary>The rule-relevant definition of an indicator.</summary>
public sealed record IndicatorProfile(
    Frequency Frequency,
    Polarity Polarity,
    bool InfoOnly,
    bool Cumulative,
    decimal TolerancePercent);

/// <summary>An indicator's approved value (null = no data) and target (null = none) at one period.</summary>
public readonly record struct Observation(decimal? Value, decimal? Target);

public enum ExceptionReason
{
    OffTarget,
    Deteriorating,
    AmberPersistent,

    /// <summary>Adversely affecting the council's ability to achieve its budget: a linked budget line's adverse variance passes the threshold.</summary>
    Budget,

    /// <summary>Adversely affecting one of the council's corporate risks: a linked risk on the corporate register is itself an exception.</summary>
    CorporateRisk,
}

/// <summary>One month's figures for a budget line, in pounds: the current budget and the forecast out-turn for the year.</summary>
public readonly record struct BudgetFigure(Period Month, decimal Budget, decimal Forecast);

/// <summary>
/// A risk's position from <paramref name="From"/> until the next one: whether its register was then part of the corporate
/// register, and whether it was reported by exception (<see cref="RiskRules.IsException"/>, or false once closed).
/// </summary>
public readonly record struct RiskPosition(DateOnly From, bool Corporate, bool Exception);

/// <summary>
/// What an indicator is linked to, for the two exception criteria that read beyond its own figures (Norfolk, seed 004):
/// each linked budget line's monthly figures (any order) with the council's adverse-variance threshold in pounds, and
/// each linked risk's signed-off positions (any order).
/// </summary>
public sealed record IndicatorLinks(
    IReadOnlyList<IReadOnlyList<BudgetFigure>> BudgetLines, decimal BudgetThreshold, IReadOnlyList<IReadOnlyList<RiskPosition>> Risks)
{
    public static readonly IndicatorLinks None = new([], 0, []);

    /// <summary>
    /// Exception <c>budget</c> at P: a linked line's figures as at P's month (the last reported in its financial year up to
    /// the month) have an adverse variance that passes the threshold (<see cref="BudgetRules.NeedsCommentary"/>).
    /// </summary>
    public bool AffectsBudget(Period p) => BudgetLines.Any(figures =>
        BudgetRules.AsAt(figures, p) is { } f && BudgetRules.NeedsCommentary(BudgetRules.Variance(f.Budget, f.Forecast), BudgetThreshold));

    /// <summary>Exception <c>corporate_risk</c> at P: a linked risk's position in force on P's last day is on the corporate register and an exception.</summary>
    public bool AffectsCorporateRisk(Period p) => Risks.Any(positions =>
        positions.Where(x => x.From <= p.EndDate).OrderBy(x => x.From).LastOrDefault() is { From: var from } at && from != default && at.Corporate && at.Exception);
}

public enum Direction
{
    /// <summary>Nothing to compare with.</summary>
    None,
    Improving,
    Worsening,
    Unchanged,
}

public sealed record Comparison(
    Period Period,
    decimal? Value,
    Period PreviousPeriod,
    decimal? Previous,
    Period LastYearPeriod,
    decimal? LastYear,
    Direction Direction,
    IReadOnlyList<(Period Period, Rag Rag)> RagHistory);

/// <summary>
/// The rules over one indicator's results and targets: RAG, exception criteria and comparisons.
/// Pure: it is given everything it needs.
/// </summary>
public sealed class IndicatorSeries
{
    private readonly IReadOnlyDictionary<Period, Observation> _observations;

    /// <param name="links">The budget lines and risks it is linked to (none when null).</param>
    public IndicatorSeries(IndicatorProfile profile, IReadOnlyDictionary<Period, Observation> observations, IndicatorLinks? links = null)
    {
        Profile = profile;
        _observations = observations;
        Links = links ?? IndicatorLinks.None;
    }

    public IndicatorProfile Profile { get; }

    public IndicatorLinks Links { get; }

    public Observation At(Period p) => _observations.TryGetValue(p, out var o) ? o : default;

    public decimal? ValueAt(Period p) => At(p).Value;

    /// <summary>Targetable at P: not info-only, and a target at P.</summary>
    public bool IsTargetable(Period p) => !Profile.InfoOnly && At(p).Target is not null;

    public Rag RagAt(Period p)
    {
        var o = At(p);
        if (Profile.InfoOnly || o.Target is not { } target || o.Value is not { } value) return Rag.None;
        return RagRules.Rate(value, target, Profile.Polarity, Profile.TolerancePercent);
    }

    /// <summary>
    /// The exception reasons at P, in reporting order (seed 004's criteria): off target, deteriorating, amber three
    /// periods, affecting the budget, affecting a corporate risk. The last two read the indicator's <see cref="Links"/>.
    /// </summary>
    public IReadOnlyList<ExceptionReason> ExceptionsAt(Period p)
    {
        var reasons = new List<ExceptionReason>(3);
        if (RagAt(p) == Rag.Red) reasons.Add(ExceptionReason.OffTarget);
        if (IsDeteriorating(p)) reasons.Add(ExceptionReason.Deteriorating);
        if (RagAt(p) == Rag.Amber && RagAt(Prev(p, 1)) == Rag.Amber && RagAt(Prev(p, 2)) == Rag.Amber)
            reasons.Add(ExceptionReason.AmberPersistent);
        if (Links.AffectsBudget(p)) reasons.Add(ExceptionReason.Budget);
        if (Links.AffectsCorporateRisk(p)) reasons.Add(ExceptionReason.CorporateRisk);
        return reasons;
    }

    /// <summary>
    /// Results at P−3, P−2, P−1 and P (consecutive periods of the indicator's frequency, all with data)
    /// each worse than the one before. Cumulative indicators rise by construction, so they compare
    /// their distance from target, relative to the target. Info-only indicators never deteriorate.
    /// </summary>
    public bool IsDeteriorating(Period p)
    {
        if (Profile.InfoOnly) return false;
        decimal? before = null;
        for (var step = 3; step >= 0; step--)
        {
            var measure = Measure(Prev(p, step));
            if (measure is null) return false;
            if (before is { } b && !Profile.Polarity.IsWorse(measure.Value, b)) return false;
            before = measure;
        }
        return true;
    }

    private decimal? Measure(Period p)
    {
        var o = At(p);
        if (o.Value is not { } v) return null;
        if (!Profile.Cumulative) return v;
        if (o.Target is not { } t || t == 0) return null;
        return (v - t) / Math.Abs(t);
    }

    public Comparison Compare(Period p)
    {
        var previousPeriod = Prev(p, 1);
        var lastYearPeriod = p.SamePeriodLastYear;
        var value = ValueAt(p);
        var previous = ValueAt(previousPeriod);
        var lastYear = ValueAt(lastYearPeriod);
        // Year-to-date figures rise through the year by construction: compare with the same period last year.
        var baseline = Profile.Cumulative ? lastYear : previous;
        var direction = value is not { } v || baseline is not { } b ? Direction.None
            : Profile.Polarity.IsBetter(v, b) ? Direction.Improving
            : Profile.Polarity.IsWorse(v, b) ? Direction.Worsening
            : Direction.Unchanged;
        var history = Enumerable.Range(0, 4).Select(i => Prev(p, 3 - i)).Select(q => (q, RagAt(q))).ToList();
        return new Comparison(p, value, previousPeriod, previous, lastYearPeriod, lastYear, direction, history);
    }

    private Period Prev(Period p, int steps) => p.Previous(Profile.Frequency, steps);
}

public static class ExceptionNames
{
    public static string Name(this ExceptionReason reason) => reason switch
    {
        ExceptionReason.OffTarget => "off_target",
        ExceptionReason.Deteriorating => "deteriorating",
        ExceptionReason.AmberPersistent => "amber_persistent",
        ExceptionReason.Budget => "budget",
        ExceptionReason.CorporateRisk => "corporate_risk",
        _ => reason.ToString(),
    };

    public static string Describe(this ExceptionReason reason) => reason switch
    {
        ExceptionReason.OffTarget => "Off target (red)",
        ExceptionReason.Deteriorating => "Deteriorated for three consecutive periods",
        ExceptionReason.AmberPersistent => "Amber for three periods in a row",
        ExceptionReason.Budget => "Adversely affecting the budget (a linked budget line is forecast to overspend by more than the threshold)",
        ExceptionReason.CorporateRisk => "Adversely affecting a corporate risk (a linked corporate risk is reported by exception)",
        _ => reason.ToString(),
    };

    public static string Join(IEnumerable<ExceptionReason> reasons) => string.Join(';', reasons.Select(Name));

    public static string Name(this Direction d) => d switch
    {
        Direction.Improving => "improving",
        Direction.Worsening => "worsening",
        Direction.Unchanged => "unchanged",
        _ => "",
    };
}
