namespace Steward.Domain;

/// <summary>
/// The counts a quarterly report opens with, and its sentence (Dacorum, seed 001, paragraph 2.1: "Of the eleven targetable
/// indicators, seven were green and four were amber"). <see cref="NoTarget"/> counts the indicators that should have a
/// target at the period (not info-only) but have none: they are not targetable, and the sentence says so.
/// </summary>
public sealed record PerformanceSummary(int Targetable, int Green, int Amber, int Red, int NoData, int NoTarget = 0)
{
    /// <summary>Summarises the RAG of each targetable indicator (None = no data), and the count of those without a target.</summary>
    public static PerformanceSummary Of(IEnumerable<Rag> targetableRags, int noTarget = 0)
    {
        int g = 0, a = 0, r = 0, n = 0;
        foreach (var rag in targetableRags)
        {
            switch (rag)
            {
                case Rag.Green: g++; break;
                case Rag.Amber: a++; break;
                case Rag.Red: r++; break;
                default: n++; break;
            }
        }
        return new PerformanceSummary(g + a + r + n, g, a, r, n, noTarget);
    }

    /// <summary>"Of the 8 targetable indicators, 5 were green, 2 were amber and 1 was red. 2 indicators had no target."</summary>
    public string Sentence => NoTarget == 0 ? Counts : $"{Counts} {NoTarget} {(NoTarget == 1 ? "indicator" : "indicators")} had no target.";

    private string Counts
    {
        get
        {
            if (Targetable == 0) return "There were no targetable indicators.";
            var parts = new List<string>(4);
            if (Green > 0) parts.Add($"{Green} {Were(Green)} green");
            if (Amber > 0) parts.Add($"{Amber} {Were(Amber)} amber");
            if (Red > 0) parts.Add($"{Red} {Were(Red)} red");
            if (NoData > 0) parts.Add($"{NoData} had no data");
            var list = parts.Count == 1 ? parts[0] : string.Join(", ", parts.Take(parts.Count - 1)) + " and " + parts[^1];
            var noun = Targetable == 1 ? "indicator" : "indicators";
            return $"Of the {Targetable} targetable {noun}, {list}.";
        }
    }

    private static string Were(int n) => n == 1 ? "was" : "were";
}
