using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Steward.Domain;

public enum Polarity
{
    HigherIsBetter = 1,
    LowerIsBetter = 2,
}

public enum Unit
{
    Percent = 1,
    Number = 2,
    Days = 3,
    Seconds = 4,
    Score = 5,
    Currency = 6,
}

public static class MeasureNames
{
    public static string Name(this Polarity p) => p == Polarity.HigherIsBetter ? "higher" : "lower";

    /// <summary>The way council reports write it: "Bigger" / "Smaller" is better.</summary>
    public static string Describe(this Polarity p) => p == Polarity.HigherIsBetter ? "Higher is better" : "Lower is better";

    public static bool TryParsePolarity(string? text, [NotNullWhen(true)] out Polarity? polarity)
    {
        return Words.TryParse(text, out polarity, ("higher", Polarity.HigherIsBetter), ("lower", Polarity.LowerIsBetter));
    }

    public static string Name(this Unit u) => u.ToString().ToLowerInvariant();

    public static bool TryParseUnit(string? text, [NotNullWhen(true)] out Unit? unit)
    {
        return Words.TryParse(text, out unit, ("percent", Unit.Percent), ("number", Unit.Number), ("days", Unit.Days),
            ("seconds", Unit.Seconds), ("score", Unit.Score), ("currency", Unit.Currency));
    }

    /// <summary>Whether <paramref name="a"/> is strictly better than <paramref name="b"/>.</summary>
    public static bool IsBetter(this Polarity p, decimal a, decimal b) => p == Polarity.HigherIsBetter ? a > b : a < b;

    public static bool IsWorse(this Polarity p, decimal a, decimal b) => p.IsBetter(b, a);
}

/// <summary>
/// What a fraction is multiplied by to give an indicator's value: 100 for percentages, 1,000, 10,000 or 100,000 for
/// rates "per 1,000 …" (250 / 151,500 × 10,000 = 16.5 per 10,000), else 1.
/// </summary>
public static class Multipliers
{
    /// <summary>The multipliers an indicator may declare.</summary>
    public static readonly IReadOnlyList<int> Allowed = [1, 100, 1000, 10000, 100000];

    /// <summary>The multiplier in force: the declared one, else 100 for percentages and 1 for every other unit.</summary>
    public static int Of(Unit unit, int? declared) => declared ?? (unit == Unit.Percent ? 100 : 1);

    /// <summary>Why a declared multiplier cannot be used with a unit (null when it can): only the allowed ones, and 100 for percentages.</summary>
    public static string? Problem(Unit unit, int multiplier) =>
        !Allowed.Contains(multiplier) ? $"'{multiplier}' is not one of {string.Join(", ", Allowed)}"
        : unit == Unit.Percent && multiplier != 100 ? $"a percent indicator's multiplier is 100, not {multiplier}"
        : null;
}

/// <summary>Rounding and formatting of values: full precision is kept everywhere, rounding is for display only.</summary>
public static class Numbers
{
    public static decimal Round(decimal value, int decimals) =>
        Math.Round(value, decimals, MidpointRounding.AwayFromZero);

    /// <summary>Invariant, rounded half away from zero, with exactly <paramref name="decimals"/> places ("91.36", "94.0").</summary>
    public static string Format(decimal value, int decimals) =>
        Round(value, decimals).ToString("F" + decimals, CultureInfo.InvariantCulture);

    public static string Format(decimal? value, int decimals) => value is { } v ? Format(v, decimals) : "";

    /// <summary>Invariant, without trailing zeros: as a person would type it ("5", "0.76").</summary>
    public static string Plain(decimal value) => value.ToString("0.############################", CultureInfo.InvariantCulture);

    /// <summary>The largest magnitude accepted (15 digits before the point) and the most decimal places (10).</summary>
    public const decimal MaxMagnitude = 999_999_999_999_999m;
    public const int MaxScale = 10;

    /// <summary>
    /// A number as written in a file or typed by a person: digits, an optional sign and one '.'; nothing else.
    /// Within 15 digits before the point and 10 after, so that no ratio, tolerance or comparison can overflow.
    /// </summary>
    public static bool TryParse(string? text, out decimal value)
    {
        value = 0;
        if (string.IsNullOrWhiteSpace(text)) return false;
        return decimal.TryParse(text.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
                   CultureInfo.InvariantCulture, out value)
               && InRange(value);
    }

    public static bool InRange(decimal value) => Math.Abs(value) <= MaxMagnitude && value.Scale <= MaxScale;

    /// <summary>Whether the text is a number, only too large or too finely divided to accept.</summary>
    public static bool IsOutOfRange(string? text) =>
        decimal.TryParse(text?.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var v) && !InRange(v);

    public const string RangeMessage = "has more than 15 digits before the point or 10 after it";

    /// <summary>For people reading a number: grouped thousands ("15,754"), the unit's sign.</summary>
    public static string Display(decimal value, int decimals, Unit unit)
    {
        var n = Round(value, decimals).ToString("N" + decimals, CultureInfo.GetCultureInfo("en-GB"));
        return unit switch
        {
            Unit.Percent => n + "%",
            Unit.Currency => value < 0 ? "−£" + n.TrimStart('-') : "£" + n,
            Unit.Days => n + (Round(value, decimals) == 1 ? " day" : " days"),
            Unit.Seconds => n + " s",
            _ => n,
        };
    }
}
