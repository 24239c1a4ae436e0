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

    public IndicatorSeries(IndicatorProfile profile, IReadOnlyDictionary<Period, Observation> observations)
    {
        Profile = profile;
        _observations = observations;
    }

    public IndicatorProfile Profile { get; }

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

    /// <summary>The exception reasons at P, in reporting order.</summary>
    public IReadOnlyList<ExceptionReason> ExceptionsAt(Period p)
    {
        var reasons = new List<ExceptionReason>(3);
        if (RagAt(p) == Rag.Red) reasons.Add(ExceptionReason.OffTarget);
        if (IsDeteriorating(p)) reasons.Add(ExceptionReason.Deteriorating);
        if (RagAt(p) == Rag.Amber && RagAt(Prev(p, 1)) == Rag.Amber && RagAt(Prev(p, 2)) == Rag.Amber)
            reasons.Add(ExceptionReason.AmberPersistent);
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
        _ => reason.ToString(),
    };

    public static string Describe(this ExceptionReason reason) => reason switch
    {
        ExceptionReason.OffTarget => "Off target (red)",
        ExceptionReason.Deteriorating => "Deteriorated for three consecutive periods",
        ExceptionReason.AmberPersistent => "Amber for three periods in a row",
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
