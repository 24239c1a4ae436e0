namespace Steward.Domain;

/// <summary>
/// What a result's value is, given what was entered: a value, or a numerator and denominator
/// from which the value is derived (× the indicator's multiplier: 100 for percentages, 1,000 … 100,000 for
/// rates per 1,000 … 100,000), or both, which must agree.
/// </summary>
public static class ResultValues
{
    /// <summary>
    /// The value a fraction stands for: numerator / denominator × <paramref name="multiplier"/> (see <see cref="Multipliers"/>);
    /// null for 0 / 0, which is "no data", never 100%. Throws DivideByZeroException for a zero denominator under a non-zero numerator.
    /// </summary>
    public static decimal? FromFraction(decimal numerator, decimal denominator, int multiplier)
    {
        if (denominator == 0)
        {
            if (numerator == 0) return null;
            throw new DivideByZeroException("the denominator is 0 but the numerator is not");
        }
        return numerator / denominator * multiplier;
    }

    /// <summary>
    /// Resolves an entry to the value to store: the value, or the fraction × <paramref name="multiplier"/> at full precision.
    /// A value given with its fraction must be exactly the fraction at the precision it is written in (12.5 or 12.50
    /// for 1 / 8 = 12.5%), or the fraction rounded to the indicator's <paramref name="decimals"/> (13). Returns an error message
    /// (and the field it concerns: "value", "numerator" or "denominator") when the entry is not acceptable.
    /// </summary>
    public static Resolution Resolve(decimal? value, decimal? numerator, decimal? denominator, int multiplier, int decimals)
    {
        if (numerator is null && denominator is null) return new(value, null, null);
        if (numerator is null) return Resolution.Error("numerator", "a denominator needs a numerator");
        if (denominator is null) return Resolution.Error("denominator", "a numerator needs a denominator");
        if (denominator < 0) return Resolution.Error("denominator", "the denominator cannot be negative");
        if (denominator == 0 && numerator != 0)
            return Resolution.Error("denominator", $"the denominator is 0 but the numerator is {Numbers.Plain(numerator.Value)}");

        decimal? derived;
        try
        {
            derived = FromFraction(numerator.Value, denominator.Value, multiplier);
        }
        catch (OverflowException)
        {
            derived = decimal.MaxValue;
        }
        if (derived is { } d && Math.Abs(d) > Numbers.MaxMagnitude)
            return Resolution.Error("denominator", $"{Numbers.Plain(numerator.Value)} / {Numbers.Plain(denominator.Value)} is too large a value (more than 15 digits before the point)");
        if (derived is null)
        {
            return value is null
                ? new(null, null, null)
                : Resolution.Error("value", "0 / 0 is no data: leave the value empty");
        }
        if (value is { } v && !Agrees(v, derived.Value, decimals))
        {
            return Resolution.Error("value",
                $"{Numbers.Plain(v)} disagrees with {Numbers.Plain(numerator.Value)} / {Numbers.Plain(denominator.Value)}{Times(multiplier)} = {Exactly(derived.Value, decimals)}");
        }
        return new(derived, null, null);
    }

    /// <summary>Whether a value as written agrees with the fraction's value: exactly it (trailing zeros aside), or it rounded to the indicator's decimals.</summary>
    public static bool Agrees(decimal written, decimal fraction, int decimals) =>
        fraction == written || Numbers.Round(fraction, decimals) == written;

    /// <summary>A fraction's value unrounded when it ends within 10 decimal places (1 / 8 × 100 = "12.5"), else rounded to the indicator's <paramref name="places"/> (74 / 81 × 100 = "91.36").</summary>
    private static string Exactly(decimal value, int places) =>
        Numbers.Round(value, Numbers.MaxScale) == value ? Numbers.Plain(value) : Numbers.Format(value, places);

    private static string Times(int multiplier) =>
        multiplier is 1 or 100 ? "" : $" × {multiplier.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)}";

    public readonly record struct Resolution(decimal? Value, string? ErrorField, string? ErrorMessage)
    {
        public bool IsError => ErrorMessage is not null;
        public static Resolution Error(string field, string message) => new(null, field, message);
    }
}
