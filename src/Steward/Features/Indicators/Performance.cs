using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Organisations;
using Steward.Features.Risks;

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
    public string TargetText => Numbers.Format(Observation.Target, Indicator.Decimals);

    /// <summary>Should have a target at the period (it is not info-only) but has none: counted, never hidden.</summary>
    public bool LacksTarget => !Indicator.InfoOnly && !Targetable;
}

/// <summary>An indicator's latest approved result with figures, its target at that period and its RAG.</summary>
public sealed record LatestResult(Period Period, decimal? Value, decimal? Target, Rag Rag);

/// <summary>
/// Loads what the rules need from the database, and no more: each page asks for the indicators it shows and the periods
/// the rules read for them, never a council's whole history. Everything computed uses approved results only.
/// </summary>
public static class Performance
{
    /// <summary>
    /// The periods the rules read to rate indicators at <paramref name="p"/>, find their exceptions and compare them: for
    /// each frequency, P and the three periods before it, and the same period last year.
    /// </summary>
    public static IReadOnlyCollection<Period> RulePeriods(Period p, IEnumerable<Frequency> frequencies) =>
        frequencies.Distinct().SelectMany(f => Enumerable.Range(0, 4).Select(k => p.Previous(f, k))).Append(p.SamePeriodLastYear).ToHashSet();

    /// <summary>
    /// The series of each indicator over the periods [from, to] (or only those of the range in <paramref name="only"/>),
    /// from approved results and targets. A period's target is its own (profiled) target, else its financial year's
    /// annual target (see <see cref="TargetLookup"/>).
    /// </summary>
    public static async Task<Dictionary<int, IndicatorSeries>> SeriesAsync(StewardDb db, Organisation organisation, IReadOnlyCollection<Indicator> indicators,
        Period from, Period to, CancellationToken ct = default, IReadOnlyCollection<Period>? only = null)
    {
        var ids = indicators.Select(i => i.Id).ToList();
        var query = db.Results.Where(r => ids.Contains(r.IndicatorId) && r.Status == ApprovalStatus.Approved && r.Period >= from && r.Period <= to);
        if (only is not null) query = query.Where(r => only.Contains(r.Period));
        var results = await query.Select(r => new { r.IndicatorId, r.Period, r.Value }).ToListAsync(ct);
        var targets = await TargetLookup.LoadAsync(db, ids, from, to, ct, only);

        var observations = indicators.ToDictionary(i => i.Id, _ => new Dictionary<Period, Observation>());
        foreach (var i in indicators)
            for (var p = DueResults.LastEnding(to, i.Frequency); p >= from; p = p.Previous(i.Frequency))
                if ((only is null || only.Contains(p)) && targets.At(i.Id, p) is { } target) observations[i.Id][p] = new Observation(null, target);
        foreach (var r in results)
        {
            var map = observations[r.IndicatorId];
            map[r.Period] = map.TryGetValue(r.Period, out var o) ? o with { Value = r.Value } : new Observation(r.Value, null);
        }
        // Every page reads exceptions at each indicator's latest period up to `to`: the links are read from the earliest of those.
        var links = indicators.Count == 0 ? []
            : await LinksAsync(db, organisation, ids, indicators.Select(i => DueResults.LastEnding(to, i.Frequency)).Min(), to, ct);
        return indicators.ToDictionary(i => i.Id, i => new IndicatorSeries(i.Profile(organisation.DefaultTolerance), observations[i.Id], links.GetValueOrDefault(i.Id)));
    }

    /// <summary>
    /// What the <c>budget</c> and <c>corporate_risk</c> criteria read for the indicators <paramref name="ids"/> at the periods
    /// from <paramref name="from"/> to <paramref name="to"/>, by indicator (those with no link are left out): their budget
    /// lines' monthly figures from the start of <paramref name="from"/>'s financial year, and the signed-off positions of the
    /// risks they give assurance for: the one in force at the end of <paramref name="from"/> and those after it. Bounded by
    /// the links of these indicators and the months between, never by the council's history: two indexed queries when none
    /// has a link.
    /// </summary>
    public static async Task<Dictionary<int, IndicatorLinks>> LinksAsync(StewardDb db, Organisation organisation, IReadOnlyCollection<int> ids,
        Period from, Period to, CancellationToken ct = default)
    {
        var budgetLinks = await db.IndicatorBudgetLinks.Where(l => ids.Contains(l.IndicatorId)).Select(l => new { l.IndicatorId, l.LineId }).ToListAsync(ct);
        var riskLinks = await db.RiskAssurances.Where(a => a.IndicatorId != null && ids.Contains(a.IndicatorId.Value))
            .Select(a => new { IndicatorId = a.IndicatorId!.Value, a.RiskId }).Distinct().ToListAsync(ct);
        if (budgetLinks.Count == 0 && riskLinks.Count == 0) return [];

        var lineIds = budgetLinks.Select(l => l.LineId).Distinct().ToList();
        var yearStart = new Period(from.FinancialYear, Period.FinancialYearStartMonth);
        var figures = (lineIds.Count == 0 ? [] : await db.BudgetForecasts.Where(f => lineIds.Contains(f.LineId) && f.Period >= yearStart && f.Period <= to)
                .Select(f => new { f.LineId, f.Period, f.Budget, f.Forecast }).ToListAsync(ct))
            .ToLookup(f => f.LineId, f => new BudgetFigure(f.Period, f.Budget, f.Forecast));

        var riskIds = riskLinks.Select(l => l.RiskId).Distinct().ToList();
        var positions = new Dictionary<int, IReadOnlyList<RiskPosition>>();
        if (riskIds.Count > 0)
        {
            var corporate = (await db.RiskRegisters.Where(r => r.Corporate).Select(r => r.Id).ToListAsync(ct)).ToHashSet();
            var risks = await db.Risks.Where(r => riskIds.Contains(r.Id)).AsNoTracking().ToListAsync(ct);
            var (start, end) = (from.EndDate, to.EndDate);
            var signedOff = db.RiskReviews.Where(r => riskIds.Contains(r.RiskId) && r.Status == ApprovalStatus.Approved);
            var inForce = await signedOff.Where(r => r.ReviewDate <= start).GroupBy(r => r.RiskId)
                .Select(g => g.OrderByDescending(r => r.ReviewDate).ThenByDescending(r => r.Id).First()).AsNoTracking().ToListAsync(ct);
            var after = await signedOff.Where(r => r.ReviewDate > start && r.ReviewDate <= end).AsNoTracking().ToListAsync(ct);
            var reviews = inForce.Concat(after).ToLookup(r => r.RiskId);
            var threshold = organisation.RiskExceptionThreshold;
            foreach (var risk in risks)
            {
                var list = reviews[risk.Id].Select(r => new RiskPosition(r.ReviewDate, corporate.Contains(r.RegisterId ?? risk.RegisterId),
                    RiskRules.IsException(r.Residual, r.Prospects, threshold))).ToList();
                if (risk.SignedOffOn is { } on)
                    list.Add(new RiskPosition(on, corporate.Contains(risk.RegisterId), !risk.Closed && RiskRules.IsException(risk.Residual, risk.Prospects, threshold)));
                if (risk.Closed && risk.ClosedOn is { } closed) list.Add(new RiskPosition(closed, corporate.Contains(risk.RegisterId), false));
                positions[risk.Id] = list;
            }
        }
        var linesOf = budgetLinks.ToLookup(l => l.IndicatorId, l => l.LineId);
        var risksOf = riskLinks.ToLookup(l => l.IndicatorId, l => l.RiskId);
        return budgetLinks.Select(l => l.IndicatorId).Concat(riskLinks.Select(l => l.IndicatorId)).Distinct().ToDictionary(id => id, id => new IndicatorLinks(
            linesOf[id].Select(line => (IReadOnlyList<BudgetFigure>)figures[line].ToList()).ToList(),
            organisation.BudgetVarianceThreshold,
            risksOf[id].Where(positions.ContainsKey).Select(risk => positions[risk]).ToList()));
    }

    public static IndicatorStatus StatusAt(Indicator indicator, IndicatorSeries series, Period p) => new(
        indicator, series, p, series.At(p), series.IsTargetable(p), series.RagAt(p), series.ExceptionsAt(p), series.Compare(p));

    /// <summary>
    /// The indicators that have a period ending in <paramref name="p"/>'s month (not retired), ordered by code
    /// (ordinal, sorted here so every provider gives the same order), with their position at P: RAG, exceptions and
    /// comparisons, read from the <see cref="RulePeriods"/> only.
    /// </summary>
    public static async Task<List<IndicatorStatus>> AtAsync(StewardDb db, Organisation organisation, Period p, CancellationToken ct = default) =>
        await StatusesAsync(db, organisation, await EndingAtAsync(db, p, ct), p, ct);

    /// <summary>
    /// One page of <see cref="AtAsync(StewardDb, Organisation, Period, CancellationToken)"/>: at most <paramref name="take"/>
    /// indicators, those whose code comes after <paramref name="afterCode"/> (ordinal; null for the first page), chosen and
    /// ordered in the database, so only the page's indicators and their rule periods are read.
    /// </summary>
    public static async Task<List<IndicatorStatus>> AtAsync(StewardDb db, Organisation organisation, Period p, string? afterCode, int take,
        CancellationToken ct = default)
    {
        var frequencies = Enum.GetValues<Frequency>().Where(p.Ends).ToList();
        var indicators = await db.Indicators.Where(i => !i.Retired && frequencies.Contains(i.Frequency))
            .InCodeOrder(db, afterCode).Take(take).ToListAsync(ct);
        return await StatusesAsync(db, organisation, indicators, p, ct);
    }

    private static async Task<List<IndicatorStatus>> StatusesAsync(StewardDb db, Organisation organisation, List<Indicator> indicators, Period p, CancellationToken ct)
    {
        if (indicators.Count == 0) return [];
        var periods = RulePeriods(p, indicators.Select(i => i.Frequency));
        var series = await SeriesAsync(db, organisation, indicators, periods.Min(), p, ct, periods);
        return indicators.Select(i => StatusAt(i, series[i.Id], p)).ToList();
    }

    /// <summary>The report's opening counts and sentence at <paramref name="p"/>, reading that period only.</summary>
    public static async Task<PerformanceSummary> SummaryAsync(StewardDb db, Organisation organisation, Period p, CancellationToken ct = default)
    {
        var indicators = await EndingAtAsync(db, p, ct);
        var series = await SeriesAsync(db, organisation, indicators, p, p, ct);
        return Summarise(indicators.Select(i => StatusAt(i, series[i.Id], p)).ToList());
    }

    /// <summary>The indicators (not info-only, not retired) with a period ending at <paramref name="p"/> but no target for it, by code.</summary>
    public static async Task<List<Indicator>> WithoutTargetAsync(StewardDb db, Organisation organisation, Period p, CancellationToken ct = default)
    {
        var indicators = (await EndingAtAsync(db, p, ct)).Where(i => !i.InfoOnly).ToList();
        var targets = await TargetLookup.LoadAsync(db, indicators.Select(i => i.Id).ToList(), p, p, ct);
        return indicators.Where(i => targets.At(i.Id, p) is null).ToList();
    }

    private static async Task<List<Indicator>> EndingAtAsync(StewardDb db, Period p, CancellationToken ct)
    {
        var frequencies = Enum.GetValues<Frequency>().Where(p.Ends).ToList();
        return (await db.Indicators.Where(i => !i.Retired && frequencies.Contains(i.Frequency)).AsNoTracking().ToListAsync(ct))
            .OrderBy(i => i.Code, StringComparer.Ordinal).ToList();
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
    /// Each of <paramref name="indicators"/>' latest approved result with figures, with its target and RAG at that period;
    /// indicators with none are left out. Each indicator's latest period is found by an index seek, so the work is
    /// bounded by the indicators asked for, not by their history.
    /// </summary>
    public static async Task<Dictionary<int, LatestResult>> LatestAsync(StewardDb db, Organisation organisation, IReadOnlyCollection<Indicator> indicators,
        CancellationToken ct = default)
    {
        var ids = indicators.Select(i => i.Id).ToList();
        if (ids.Count == 0) return [];
        // Driven from the indicators: for each, the latest period is a seek to the end of (IndicatorId, Status, Period)
        // and its row a seek on (IndicatorId, Period); no plan walks the council's results.
        var latest = await (
                from i in db.Indicators
                where ids.Contains(i.Id)
                let period = db.Results.Where(x => x.IndicatorId == i.Id && x.Status == ApprovalStatus.Approved && (x.Value != null || x.Numerator != null))
                    .Max(x => (Period?)x.Period)
                from r in db.Results
                where r.IndicatorId == i.Id && r.Period == period
                select new { r.IndicatorId, r.Period, r.Value })
            .ToListAsync(ct);
        var targets = await TargetLookup.ForAsync(db, latest.Select(l => (l.IndicatorId, l.Period)).ToList(), ct);
        var byId = indicators.ToDictionary(i => i.Id);
        return latest.ToDictionary(l => l.IndicatorId, l =>
        {
            var target = targets.At(l.IndicatorId, l.Period);
            return new LatestResult(l.Period, l.Value, target, byId[l.IndicatorId].Rate(l.Value, target, organisation));
        });
    }
}
