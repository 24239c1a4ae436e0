using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Organisations;

namespace Steward.Features.Indicators;

public enum CellKind
{
    /// <summary>A result (coloured by its RAG when targetable).</summary>
    Value,
    /// <summary>A result of 0 / 0: reported, but no data.</summary>
    NoData,
    /// <summary>White: the period has ended (from the indicator's first period on) and no approved result is in, with or without a target.</summary>
    Missing,
    /// <summary>Grey: no data expected: before the indicator's first period, or a period that has not ended yet.</summary>
    NotExpected,
}

public sealed record DashboardCell(
    Period Period, CellKind Kind, decimal? Value, decimal? Numerator, decimal? Denominator, decimal? Target, Rag Rag,
    ApprovalStatus? UnapprovedStatus, DateOnly? DueDate);

public sealed record DashboardRow(
    Indicator Indicator, IReadOnlyList<DashboardCell> Cells, Period LatestPeriod, decimal? Target, Rag Rag,
    Direction Direction, IReadOnlyList<ExceptionReason> Exceptions);

public sealed record DashboardGroup(string Name, IReadOnlyList<DashboardRow> Rows);

public sealed record DashboardSection(Frequency Frequency, IReadOnlyList<Period> Periods, IReadOnlyList<DashboardGroup> Groups);

/// <summary>What the dashboard is asked to show: <paramref name="PageSize"/> rows a page (every row, for a download, with int.MaxValue).</summary>
public sealed record DashboardQuery(
    Period Period, int? DirectorateId = null, int? ServiceId = null, int? ThemeId = null, Frequency? Frequency = null,
    bool ExceptionsOnly = false, bool GroupByService = false, bool IncludeUnapproved = false, int Page = 1, int PageSize = Dashboard.PageSize);

public sealed record DashboardView(
    DashboardQuery Query, IReadOnlyList<DashboardSection> Sections, int TotalIndicators, int PageCount);

/// <summary>
/// The vital signs dashboard (Norfolk, seed 004): per frequency, the 13 periods ending at the selected
/// period, a row per indicator grouped by theme or service, each cell the value coloured by RAG.
/// </summary>
public static class Dashboard
{
    public const int PeriodsShown = 13;
    public const int PageSize = 100;

    /// <summary>
    /// The current (not retired) indicators of the council that meet an exception criterion at their latest column for
    /// <paramref name="selected"/> (the last period of their frequency ending in its month or before), by id. The rules read
    /// that period and the three before it, from approved results, for every current indicator.
    /// </summary>
    public static async Task<IReadOnlySet<int>> ExceptionIdsAsync(StewardDb db, Organisation organisation, Period selected, CancellationToken ct = default)
    {
        var indicators = await db.Indicators.Where(i => !i.Retired).AsNoTracking().ToListAsync(ct);
        if (indicators.Count == 0) return new HashSet<int>();
        var ends = indicators.Select(i => i.Frequency).Distinct().ToDictionary(fr => fr, fr => DueResults.LastEnding(selected, fr));
        var periods = ends.SelectMany(e => Enumerable.Range(0, 4).Select(k => e.Value.Previous(e.Key, k))).ToHashSet();
        var rules = await Performance.SeriesAsync(db, organisation, indicators, periods.Min(), selected, ct, periods);
        return indicators.Where(i => rules[i.Id].ExceptionsAt(ends[i.Frequency]).Count > 0).Select(i => i.Id).ToHashSet();
    }

    /// <summary>What the dashboard orders, groups and pages every matched indicator by.</summary>
    private sealed record Light(int Id, string Code, Frequency Frequency, int? ServiceId, int? ThemeId);

    public static IReadOnlyList<Period> Columns(Period selected, Frequency frequency)
    {
        var last = DueResults.LastEnding(selected, frequency);
        return Enumerable.Range(0, PeriodsShown).Select(i => last.Previous(frequency, PeriodsShown - 1 - i)).ToList();
    }

    /// <param name="today">The organisation's today: periods ending before it without a result are missing, later ones not expected yet.</param>
    /// <remarks>
    /// Bounded by what it shows: every indicator the filters match is read as one light row (to order, count and page
    /// them; with "exceptions only", with the four periods the exception rules read), and only the page's 100 rows read
    /// their 13 periods, fractions, first periods and entries in the cycle.
    /// </remarks>
    /// <param name="exceptions">With "exceptions only", the council's exceptions at the period as <see cref="ExceptionIdsAsync"/>
    /// gives them (from <see cref="CouncilFigures.ExceptionsAsync"/>, say); computed here when null.</param>
    public static async Task<DashboardView> BuildAsync(StewardDb db, Organisation organisation, DashboardQuery query, DateOnly today, CancellationToken ct = default,
        IReadOnlySet<int>? exceptions = null)
    {
        var q = db.Indicators.Where(i => !i.Retired);
        if (query.ServiceId is { } sid) q = q.Where(i => i.ServiceId == sid);
        if (query.ThemeId is { } tid) q = q.Where(i => i.ThemeId == tid);
        if (query.DirectorateId is { } did) q = q.Where(i => i.Service != null && i.Service.DirectorateId == did);
        if (query.Frequency is { } f) q = q.Where(i => i.Frequency == f);
        // Light rows for every indicator matched, to order and page them; the page's rows are then read in full.
        var indicators = await q.Select(i => new Light(i.Id, i.Code, i.Frequency, i.ServiceId, i.ThemeId)).ToListAsync(ct);
        if (indicators.Count == 0) return new DashboardView(query, [], 0, 1);
        var groupNames = query.GroupByService
            ? await db.Services.ToDictionaryAsync(x => x.Id, x => x.Name, ct)
            : await db.Themes.ToDictionaryAsync(x => x.Id, x => x.Name, ct);
        string GroupOf(int? serviceId, int? themeId) =>
            (query.GroupByService ? serviceId : themeId) is { } g && groupNames.TryGetValue(g, out var name) ? name : query.GroupByService ? "No service" : "No theme";

        if (query.ExceptionsOnly)
        {
            exceptions ??= await ExceptionIdsAsync(db, organisation, query.Period, ct);
            indicators = indicators.Where(i => exceptions.Contains(i.Id)).ToList();
        }
        var ordered = indicators
            .OrderBy(i => i.Frequency)
            .ThenBy(i => GroupOf(i.ServiceId, i.ThemeId), StringComparer.Ordinal)
            .ThenBy(i => i.Code, StringComparer.Ordinal)
            .ToList();
        var size = Math.Max(1, query.PageSize);
        var pageCount = (int)Math.Max(1, ((long)ordered.Count + size - 1) / size);
        var page = Math.Clamp(query.Page, 1, pageCount);
        var pageIds = ordered.Skip((page - 1) * size).Take(size).Select(i => i.Id).ToList();
        if (pageIds.Count == 0) return new DashboardView(query with { Page = page }, [], 0, 1);
        var full = await db.Indicators.Where(i => pageIds.Contains(i.Id)).AsNoTracking().ToDictionaryAsync(i => i.Id, ct);
        var shown = pageIds.Select(id => full[id]).ToList();

        // Everything the page's rows need: for each frequency shown, its 13 periods and the three before them (the
        // exception rules read back three), so a page of monthly indicators never reads an annual one's 16 years.
        var window = shown.Select(i => i.Frequency).Distinct()
            .SelectMany(fr => Enumerable.Range(0, PeriodsShown + 3).Select(k => DueResults.LastEnding(query.Period, fr).Previous(fr, k))).ToHashSet();
        var series = await Performance.SeriesAsync(db, organisation, shown, window.Min(), query.Period, ct, window);
        var ids = shown.Select(i => i.Id).ToList();
        var fractions = (await db.Results
                .Where(r => ids.Contains(r.IndicatorId) && r.Status == ApprovalStatus.Approved && window.Contains(r.Period)
                            && (r.Value != null || r.Numerator != null))
                .Select(r => new { r.IndicatorId, r.Period, r.Numerator, r.Denominator })
                .ToListAsync(ct))
            .ToDictionary(r => (r.IndicatorId, r.Period), r => (r.Numerator, r.Denominator));
        var unapproved = query.IncludeUnapproved
            ? (await db.Results.Where(r => ids.Contains(r.IndicatorId) && r.Status != ApprovalStatus.Approved && window.Contains(r.Period)
                        && (r.Value != null || r.Numerator != null))
                .AsNoTracking().ToListAsync(ct)).ToDictionary(r => (r.IndicatorId, r.Period))
            : [];
        var firsts = await DueResults.FirstPeriodsAsync(db, ids, ct);
        var calendar = await DueResults.CalendarAsync(db, organisation, ct);

        DashboardRow Row(Indicator indicator)
        {
            var s = series[indicator.Id];
            var columns = Columns(query.Period, indicator.Frequency);
            var first = firsts.TryGetValue(indicator.Id, out var fp) ? fp : (Period?)null;
            var cells = columns.Select(p =>
            {
                var o = s.At(p);
                if (unapproved.TryGetValue((indicator.Id, p), out var u))
                    return new DashboardCell(p, u.Value is null ? CellKind.NoData : CellKind.Value, u.Value, u.Numerator, u.Denominator, o.Target,
                        indicator.Rate(u.Value, o.Target, organisation), u.Status, null);
                if (fractions.TryGetValue((indicator.Id, p), out var fr))
                    return new DashboardCell(p, o.Value is null ? CellKind.NoData : CellKind.Value, o.Value, fr.Numerator, fr.Denominator, o.Target, s.RagAt(p), null, null);
                var expected = first is { } fst && p >= fst && p.EndDate < today;
                return new DashboardCell(p, expected ? CellKind.Missing : CellKind.NotExpected, null, null, null, o.Target, Rag.None, null,
                    expected ? calendar.DueDate(p, organisation.DueDays(indicator.Frequency)) : null);
            }).ToList();
            var latest = columns[^1];
            return new DashboardRow(indicator, cells, latest, s.At(latest).Target, s.RagAt(latest), s.Compare(latest).Direction, s.ExceptionsAt(latest));
        }

        var sections = shown.Select(Row).GroupBy(r => r.Indicator.Frequency)
            .Select(g => new DashboardSection(g.Key, Columns(query.Period, g.Key),
                g.GroupBy(r => GroupOf(r.Indicator.ServiceId, r.Indicator.ThemeId)).Select(x => new DashboardGroup(x.Key, x.ToList())).ToList()))
            .ToList();
        return new DashboardView(query with { Page = page }, sections, ordered.Count, pageCount);
    }
}
