namespace Steward.Domain;

public enum Rag
{
    /// <summary>Not targetable at the period, or no data.</summary>
    None = 0,
    Red = 1,
    Amber = 2,
    Green = 3,
}

public static class RagRules
{
    /// <summary>
    /// Green: equal to or better than the target. Amber: worse, but by no more than
    /// <paramref name="tolerancePercent"/> of the target (relative, not percentage points).
    /// Red: worse than that. Compared at full precision.
    /// </summary>
    public static Rag Rate(decimal value, decimal target, Polarity polarity, decimal tolerancePercent)
    {
        if (!polarity.IsWorse(value, target)) return Rag.Green;
        var allowance = Math.Abs(target) * tolerancePercent / 100m;
        var withinTolerance = polarity == Polarity.HigherIsBetter
            ? value >= target - allowance
            : value <= target + allowance;
        return withinTolerance ? Rag.Amber : Rag.Red;
    }

    public static string Name(this Rag rag) => rag switch
    {
        Rag.Green => "green",
        Rag.Amber => "amber",
        Rag.Red => "red",
        _ => "none",
    };

    public static string Title(this Rag rag) => rag switch
    {
        Rag.Green => "Green",
        Rag.Amber => "Amber",
        Rag.Red => "Red",
        _ => "None",
    };

    /// <summary>The rule in words, for legends: "Green is equal to or better than the target; Amber is worse by no more than 5% of the target …".</summary>
    public static string Describe(decimal tolerancePercent)
    {
        var tol = Numbers.Plain(tolerancePercent);
        return $"Green is equal to or better than the target. Amber is worse than the target by no more than {tol}% of the target " +
               $"(relative, not percentage points). Red is more than {tol}% worse than the target.";
    }
}
