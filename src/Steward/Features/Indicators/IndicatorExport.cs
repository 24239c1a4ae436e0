using Microsoft.EntityFrameworkCore;
using Steward.Common;
using Steward.Data;
using Steward.Domain;

namespace Steward.Features.Indicators;

/// <summary>
/// Indicators and results as CSV in the import formats, so an export re-imports to the same thing.
/// Results are the approved ones (what an import stores), with each period's own target; annual targets have their own file.
/// </summary>
public static class IndicatorExport
{
    public static async Task<string> IndicatorsCsvAsync(StewardDb db, CancellationToken ct = default)
    {
        var indicators = (await db.Indicators.Include(i => i.Service).Include(i => i.Theme).Include(i => i.LeadOfficer).Include(i => i.DataOwner)
            .ToListAsync(ct)).OrderBy(i => i.Code, StringComparer.Ordinal);
        return CsvExport.ToText(csv =>
        {
            csv.Row("code", "name", "polarity", "unit", "frequency", "info_only", "amber_tolerance", "decimals", "cumulative", "multiplier", "service", "theme", "lead_officer", "data_owner", "description", "first_period");
            foreach (var i in indicators)
                csv.Row(i.Code, i.Name, i.Polarity.Name(), i.Unit.Name(), i.Frequency.Name(), Bool(i.InfoOnly),
                    i.Tolerance is { } t ? Numbers.Plain(t) : "", i.Decimals.ToString(System.Globalization.CultureInfo.InvariantCulture), Bool(i.Cumulative),
                    i.Multiplier?.ToString(System.Globalization.CultureInfo.InvariantCulture), i.Service?.Name, i.Theme?.Name, i.LeadOfficer?.Name, i.DataOwner?.Name, i.Description,
                    i.FirstPeriod?.ToString());
        });
    }

    public static async Task<string> ResultsCsvAsync(StewardDb db, Period? from = null, Period? to = null, CancellationToken ct = default)
    {
        var indicators = await db.Indicators.ToDictionaryAsync(i => i.Id, ct);
        var results = db.Results.Where(r => r.Status == ApprovalStatus.Approved);
        var targets = db.Targets.AsQueryable();
        if (from is { } f) { results = results.Where(r => r.Period >= f); targets = targets.Where(t => t.Period >= f); }
        if (to is { } e) { results = results.Where(r => r.Period <= e); targets = targets.Where(t => t.Period <= e); }
        var byKey = (await results.ToListAsync(ct)).ToDictionary(r => (r.IndicatorId, r.Period));
        var targetByKey = (await targets.ToListAsync(ct)).ToDictionary(t => (t.IndicatorId, t.Period), t => t.Value);
        var keys = byKey.Keys.Union(targetByKey.Keys)
            .OrderBy(k => indicators[k.IndicatorId].Code, StringComparer.Ordinal).ThenBy(k => k.Period);
        return CsvExport.ToText(csv =>
        {
            csv.Row("code", "period", "value", "numerator", "denominator", "target", "comment");
            foreach (var key in keys)
            {
                byKey.TryGetValue(key, out var r);
                var hasTarget = targetByKey.TryGetValue(key, out var target);
                // A fraction carries the value; a plain value is written at full precision.
                var value = r is { Numerator: null, Value: { } v } ? Numbers.Plain(v) : "";
                csv.Row(indicators[key.IndicatorId].Code, key.Period.ToString(), value,
                    r?.Numerator is { } n ? Numbers.Plain(n) : "", r?.Denominator is { } d ? Numbers.Plain(d) : "",
                    hasTarget ? Numbers.Plain(target) : "", r?.UpdaterComment);
            }
        });
    }

    /// <summary>The annual targets, in the targets import format (code,financial_year,target), ordered by code and year.</summary>
    public static async Task<string> AnnualTargetsCsvAsync(StewardDb db, CancellationToken ct = default)
    {
        var targets = (await db.AnnualTargets.Select(t => new { t.Indicator!.Code, t.FinancialYear, t.Value }).ToListAsync(ct))
            .OrderBy(t => t.Code, StringComparer.Ordinal).ThenBy(t => t.FinancialYear);
        return CsvExport.ToText(csv =>
        {
            csv.Row("code", "financial_year", "target");
            foreach (var t in targets) csv.Row(t.Code, Period.FinancialYearLabel(t.FinancialYear), Numbers.Plain(t.Value));
        });
    }

    private static string Bool(bool b) => b ? "true" : "false";
}
