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
        var w = new StringWriter { NewLine = "\n" };
        w.WriteLine("code,name,polarity,unit,frequency,info_only,amber_tolerance,decimals,cumulative,service,theme,lead_officer,data_owner,description,first_period");
        foreach (var i in indicators)
            w.WriteLine(Csv.Line(i.Code, i.Name, i.Polarity.Name(), i.Unit.Name(), i.Frequency.Name(), Bool(i.InfoOnly),
                i.Tolerance is { } t ? Numbers.Plain(t) : "", i.Decimals.ToString(System.Globalization.CultureInfo.InvariantCulture), Bool(i.Cumulative),
                i.Service?.Name, i.Theme?.Name, i.LeadOfficer?.Name, i.DataOwner?.Name, i.Description, i.FirstPeriod?.ToString()));
        return w.ToString();
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
        var w = new StringWriter { NewLine = "\n" };
        w.WriteLine("code,period,value,numerator,denominator,target,comment");
        foreach (var key in keys)
        {
            byKey.TryGetValue(key, out var r);
            var hasTarget = targetByKey.TryGetValue(key, out var target);
            // A fraction carries the value; a plain value is written at full precision.
            var value = r is { Numerator: null, Value: { } v } ? Numbers.Plain(v) : "";
            w.WriteLine(Csv.Line(indicators[key.IndicatorId].Code, key.Period.ToString(), value,
                r?.Numerator is { } n ? Numbers.Plain(n) : "", r?.Denominator is { } d ? Numbers.Plain(d) : "",
                hasTarget ? Numbers.Plain(target) : "", r?.UpdaterComment));
        }
        return w.ToString();
    }

    /// <summary>The annual targets, in the targets import format (code,financial_year,target), ordered by code and year.</summary>
    public static async Task<string> AnnualTargetsCsvAsync(StewardDb db, CancellationToken ct = default)
    {
        var targets = (await db.AnnualTargets.Select(t => new { t.Indicator!.Code, t.FinancialYear, t.Value }).ToListAsync(ct))
            .OrderBy(t => t.Code, StringComparer.Ordinal).ThenBy(t => t.FinancialYear);
        var w = new StringWriter { NewLine = "\n" };
        w.WriteLine("code,financial_year,target");
        foreach (var t in targets) w.WriteLine(Csv.Line(t.Code, Period.FinancialYearLabel(t.FinancialYear), Numbers.Plain(t.Value)));
        return w.ToString();
    }

    private static string Bool(bool b) => b ? "true" : "false";
}
