namespace Steward.Domain;

/// <summary>
/// What a result's value is, given what was entered: a value, or a numerator and denominator
/// from which the value is derived (× 100 for percentages), or both, which must agree.
/// </summary>
public static class ResultValues
{
    /// <summary>The value a fraction stands for; null for 0 / 0, which is "no data", never 100%.</summary>
    public static decimal? FromFraction(decimal numerator, decimal denominator, Unit unit)
    {
        if (denominator == 0)
        {
            if (numerator == 0) return null;
            throw new DivideByZeroException("the denominator is 0 but the numerator is not");
        }
        var ratio = numerator / denominator;
        return unit == Unit.Percent ? ratio * 100m : ratio;
    }

    /// <summary>
    /// Resolves an entry to the value to store. Returns an error message (and the field it concerns:
    /// "value", "numerator" or "denominator") when the entry is not acceptable.
    /// </summary>
    public static Resolution Resolve(decimal? value, decimal? numerator, decimal? denominator, Unit unit, int decimals)
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
            derived = FromFraction(numerator.Value, denominator.Value, unit);
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
        if (value is { } v && Numbers.Round(derived.Value, decimals) != v)
        {
            return Resolution.Error("value",
                $"{Numbers.Plain(v)} disagrees with {Numbers.Plain(numerator.Value)} / {Numbers.Plain(denominator.Value)} = {Numbers.Format(derived.Value, decimals)}");
        }
        return new(derived, null, null);
    }

    public readonly record struct Resolution(decimal? Value, string? ErrorField, string? ErrorMessage)
    {
        public bool IsError => ErrorMessage is not null;
        public static Resolution Error(string field, string message) => new(null, field, message);
    }
}
