using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Organisations;

namespace Steward.Features.Indicators;

/// <summary>An indicator's position at one period, by the rules, from approved results.</summary>
public sealed record IndicatorStatus(
    Indicator Indicator,
    IndicatorSeries Series,
    Period Period,
    Observation Observation,
    bool Targetable,
    Rag Rag,
    IReadOnlyList<ExceptionReason> Exceptions,
    Comparison Comparison)
{
    public string ValueText => Numbers.Format(Observation.Value, Indicator.Decimals);

    /// <summary>Should have a target at the period (it is not info-only) but has none: counted, never hidden.</summary>
    public bool LacksTarget => !Indicator.InfoOnly && !Targetable;
    public string TargetText => Numbers.Format(Observation.Target, Indicator.Decimals);
}

/// <summary>Loads what the rules need from the database. Everything computed uses approved results only.</summary>
public static class Performance
{
    /// <summary>How far back the rules look: four periods of the longest frequency and the same period last year.</summary>
    private static Period WindowStart(Period p) => p.AddMonths(-(3 * (int)Frequency.Annual));

    /// <summary>
    /// The series of each indicator over the periods [from, to], from approved results and targets. A period's target is
    /// its own (profiled) target, else its financial year's annual target.
    /// </summary>
    public static async Task<Dictionary<int, IndicatorSeries>> SeriesAsync(
        StewardDb db, Organisation organisation, IReadOnlyCollection<Indicator> indicators, Period from, Period to, CancellationToken ct = default)
    {
        var ids = indicators.Select(i => i.Id).ToList();
        var results = await db.Results
            .Where(r => ids.Contains(r.IndicatorId) && r.Status == ApprovalStatus.Approved && r.Period >= from && r.Period <= to)
            .Select(r => new { r.IndicatorId, r.Period, r.Value })
            .ToListAsync(ct);
        var targets = await TargetLookup.LoadAsync(db, ids, from, to, ct);

        var observations = indicators.ToDictionary(i => i.Id, _ => new Dictionary<Period, Observation>());
        foreach (var i in indicators)
            for (var p = DueResults.LastEnding(to, i.Frequency); p >= from; p = p.Previous(i.Frequency))
                if (targets.At(i.Id, p) is { } target) observations[i.Id][p] = new Observation(null, target);
        foreach (var r in results)
        {
            var map = observations[r.IndicatorId];
            map[r.Period] = map.TryGetValue(r.Period, out var o) ? o with { Value = r.Value } : new Observation(r.Value, null);
        }
        return indicators.ToDictionary(i => i.Id, i => new IndicatorSeries(i.Profile(organisation.DefaultTolerance), observations[i.Id]));
    }

    public static IndicatorStatus StatusAt(Indicator indicator, IndicatorSeries series, Period p) => new(
        indicator, series, p, series.At(p), series.IsTargetable(p), series.RagAt(p), series.ExceptionsAt(p), series.Compare(p));

    /// <summary>
    /// The indicators that have a period ending in <paramref name="p"/>'s month (not retired), ordered by code
    /// (ordinal, sorted here so every provider gives the same order), with their position at P.
    /// </summary>
    public static async Task<List<IndicatorStatus>> AtAsync(StewardDb db, Organisation organisation, Period p, CancellationToken ct = default)
    {
        var indicators = (await db.Indicators.Where(i => !i.Retired).ToListAsync(ct))
            .Where(i => p.Ends(i.Frequency))
            .OrderBy(i => i.Code, StringComparer.Ordinal)
            .ToList();
        var series = await SeriesAsync(db, organisation, indicators, WindowStart(p), p, ct);
        return indicators.Select(i => StatusAt(i, series[i.Id], p)).ToList();
    }

    /// <summary>The period the organisation reports on: its setting, else the latest period with an approved result.</summary>
    public static async Task<Period?> ReportingPeriodAsync(StewardDb db, Organisation organisation, CancellationToken ct = default)
    {
        if (organisation.CurrentPeriod is { } p) return p;
        var latest = await db.Results.Where(r => r.Status == ApprovalStatus.Approved)
            .OrderByDescending(r => r.Period).Select(r => (Period?)r.Period).FirstOrDefaultAsync(ct);
        return latest;
    }

    /// <summary>
    /// The counts and sentence over the same indicators as the RAG export; indicators that are not info-only but have no
    /// target at the period are counted, never hidden.
    /// </summary>
    public static PerformanceSummary Summarise(IReadOnlyCollection<IndicatorStatus> statuses) =>
        PerformanceSummary.Of(statuses.Where(s => s.Targetable).Select(s => s.Rag), statuses.Count(s => s.LacksTarget));

    /// <summary>
    /// Each indicator's latest approved result (with its target and RAG at that period); null when it has none.
    /// All indicators not retired, or just those in <paramref name="only"/>. Series are loaded per latest period,
    /// so one long-stopped indicator never widens the window read for the rest.
    /// </summary>
    public static async Task<List<(Indicator Indicator, IndicatorStatus? Latest)>> LatestAsync(
        StewardDb db, Organisation organisation, IReadOnlyCollection<int>? only = null, CancellationToken ct = default)
    {
        var query = db.Indicators.Include(i => i.Theme).Include(i => i.Service).Where(i => !i.Retired);
        var approved = db.Results.Where(r => r.Status == ApprovalStatus.Approved && r.Value != null);
        if (only is not null)
        {
            query = query.Where(i => only.Contains(i.Id));
            approved = approved.Where(r => only.Contains(r.IndicatorId));
        }
        var indicators = (await query.ToListAsync(ct)).OrderBy(i => i.Code, StringComparer.Ordinal).ToList();
        var latest = (await approved
                .GroupBy(r => r.IndicatorId)
                .Select(g => new { IndicatorId = g.Key, Period = g.Max(r => r.Period) })
                .ToListAsync(ct))
            .ToDictionary(x => x.IndicatorId, x => x.Period);
        var statuses = new Dictionary<int, IndicatorStatus>();
        foreach (var group in indicators.Where(i => latest.ContainsKey(i.Id)).GroupBy(i => latest[i.Id]))
        {
            var series = await SeriesAsync(db, organisation, group.ToList(), WindowStart(group.Key), group.Key, ct);
            foreach (var i in group) statuses[i.Id] = StatusAt(i, series[i.Id], group.Key);
        }
        return indicators.Select(i => (i, statuses.GetValueOrDefault(i.Id))).ToList();
    }
}
