using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Domain;

namespace Steward.Features.Indicators;

/// <summary>Checks on indicator definitions that need the database, shared by imports, pages and the API.</summary>
public static class IndicatorRules
{
    /// <summary>A frequency change must not strand results or targets on periods the new frequency does not have.</summary>
    public static async Task<string?> FrequencyChangeProblemAsync(StewardDb db, Indicator indicator, Frequency frequency, CancellationToken ct = default)
    {
        if (indicator.Id == 0 || indicator.Frequency == frequency) return null;
        var periods = (await db.Results.Where(x => x.IndicatorId == indicator.Id).Select(x => x.Period).ToListAsync(ct))
            .Concat(await db.Targets.Where(x => x.IndicatorId == indicator.Id).Select(x => x.Period).ToListAsync(ct));
        foreach (var p in periods.Order())
            if (!p.Ends(frequency))
                return $"{indicator.Code} is {indicator.Frequency.Name()} and has data for {p}, which does not end a {frequency.PeriodNoun()}: it cannot become {frequency.Name()}";
        return null;
    }
}
