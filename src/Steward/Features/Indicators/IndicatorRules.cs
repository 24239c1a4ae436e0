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

    /// <summary>
    /// A change to the multiplier in force (<see cref="Indicator.FractionMultiplier"/>: 1000 to 10000, or a unit change that
    /// moves it) must not change what stored fractions mean: refused while the indicator has results entered as fractions.
    /// </summary>
    public static async Task<string?> MultiplierChangeProblemAsync(StewardDb db, Indicator indicator, Unit unit, int? multiplier, CancellationToken ct = default)
    {
        var (before, after) = (indicator.FractionMultiplier, Multipliers.Of(unit, multiplier));
        if (indicator.Id == 0 || before == after) return null;
        var fractions = await db.Results.CountAsync(r => r.IndicatorId == indicator.Id && r.Numerator != null, ct);
        return fractions == 0 ? null
            : $"{indicator.Code} has {fractions} result{(fractions == 1 ? "" : "s")} entered as a numerator and denominator, worked out × {before}: " +
              $"its multiplier cannot become {after}, which would change their values (create a new indicator for the new measure)";
    }
}
