using System.Diagnostics.CodeAnalysis;

namespace Steward.Domain;

/// <summary>The prospects of meeting the target score by the target date (Norfolk, seed 004).</summary>
public enum Prospects
{
    Green = 1,
    Amber = 2,
    Red = 3,
}

public enum Treatment
{
    Treat = 1,
    Tolerate = 2,
    Transfer = 3,
    Terminate = 4,
}

public enum ControlAdequacy
{
    Good = 1,
    Adequate = 2,
    Weak = 3,
}

/// <summary>A position on the matrix: likelihood × impact.</summary>
public readonly record struct RiskScore(int Likelihood, int Impact)
{
    public int Value => Likelihood * Impact;

    /// <summary>Both halves or neither: a likelihood without its impact is not a score.</summary>
    public static RiskScore? Of(int? likelihood, int? impact) =>
        likelihood is { } l && impact is { } i ? new RiskScore(l, i) : null;

    public override string ToString() => $"{Likelihood}×{Impact} = {Value}";
}

/// <summary>A band of the matrix: green, amber, red, or one the organisation names, with its colour.</summary>
public sealed record RiskBandStyle(string Name, string Colour, int Rank)
{
    public static readonly IReadOnlyList<RiskBandStyle> Standard =
    [
        new("green", "#00703c", 1),
        new("amber", "#f47738", 2),
        new("red", "#d4351c", 3),
    ];
}

/// <summary>
/// A council's risk matrix: 3–6 likelihood levels and 3–6 impact levels, each labelled, and a band for
/// every cell (bands are not always a threshold on the product, so they are set cell by cell).
/// </summary>
public sealed class RiskMatrixModel
{
    public const int MinLevels = 3, MaxLevels = 6;

    private readonly string[,] _bands;

    public RiskMatrixModel(IReadOnlyList<string> likelihoodLabels, IReadOnlyList<string> impactLabels, string[,] bands)
    {
        LikelihoodLabels = likelihoodLabels;
        ImpactLabels = impactLabels;
        _bands = bands;
    }

    public IReadOnlyList<string> LikelihoodLabels { get; }
    public IReadOnlyList<string> ImpactLabels { get; }
    public int Likelihoods => LikelihoodLabels.Count;
    public int Impacts => ImpactLabels.Count;

    public bool Contains(RiskScore s) => s.Likelihood >= 1 && s.Likelihood <= Likelihoods && s.Impact >= 1 && s.Impact <= Impacts;

    /// <summary>The band of a cell; null outside the matrix.</summary>
    public string? BandOf(RiskScore s) => Contains(s) ? _bands[s.Likelihood - 1, s.Impact - 1] : null;

    public string? BandOf(RiskScore? s) => s is { } x ? BandOf(x) : null;

    public string LikelihoodLabel(int level) => level >= 1 && level <= Likelihoods ? LikelihoodLabels[level - 1] : "";
    public string ImpactLabel(int level) => level >= 1 && level <= Impacts ? ImpactLabels[level - 1] : "";

    public static bool IsValidSize(int levels) => levels is >= MinLevels and <= MaxLevels;
}

/// <summary>How levels of an old matrix map onto a new one when the matrix changes shape.</summary>
public sealed record LevelMapping(IReadOnlyDictionary<int, int> Likelihood, IReadOnlyDictionary<int, int> Impact)
{
    /// <summary>Where a score lands on the new matrix; null when a level is not mapped.</summary>
    public RiskScore? Map(RiskScore? s) =>
        s is { } x && Likelihood.TryGetValue(x.Likelihood, out var l) && Impact.TryGetValue(x.Impact, out var i) ? new RiskScore(l, i) : null;

    /// <summary>The levels each old level maps to, spread evenly: 4 levels onto 5 gives 1→1, 2→2, 3→4, 4→5.</summary>
    public static IReadOnlyDictionary<int, int> Proportional(int from, int to) =>
        Enumerable.Range(1, from).ToDictionary(l => l, l => from == 1 ? 1 : (int)Math.Round(1 + (l - 1) * (to - 1) / (double)(from - 1), MidpointRounding.AwayFromZero));
}

public enum Movement
{
    None,
    Up,
    Down,
    Same,
}

public static class RiskRules
{
    public const int DefaultExceptionThreshold = 12;

    /// <summary>
    /// Reported by exception (Norfolk, seed 004): a residual score at or above the threshold whose prospects of
    /// meeting the target are amber or red. A blank score or blank prospects is not an exception.
    /// </summary>
    public static bool IsException(RiskScore? residual, Prospects? prospects, int threshold) =>
        residual is { } r && r.Value >= threshold && prospects is Prospects.Amber or Prospects.Red;

    /// <summary>The movement of the current score since the previous (signed-off) one.</summary>
    public static Movement MovementOf(RiskScore? current, RiskScore? previous) =>
        current is not { } c || previous is not { } p ? Movement.None
        : c.Value > p.Value ? Movement.Up
        : c.Value < p.Value ? Movement.Down
        : Movement.Same;

    public static string Name(this Prospects p) => p.ToString().ToLowerInvariant();

    /// <summary>The RAG rating prospects are coloured as (Green, Amber, Red).</summary>
    public static Rag Rag(this Prospects p) => p switch { Prospects.Green => Domain.Rag.Green, Prospects.Amber => Domain.Rag.Amber, _ => Domain.Rag.Red };

    /// <summary>"Green", "Amber", "Red", as pages write it.</summary>
    public static string Title(this Prospects p) => p switch
    {
        Prospects.Green => "Green",
        Prospects.Amber => "Amber",
        _ => "Red",
    };
    public static string Name(this Treatment t) => t.ToString().ToLowerInvariant();
    public static string Name(this ControlAdequacy a) => a.ToString().ToLowerInvariant();

    public static bool TryParseProspects(string? text, [NotNullWhen(true)] out Prospects? prospects) =>
        Words.TryParse(text, out prospects, ("green", Prospects.Green), ("amber", Prospects.Amber), ("red", Prospects.Red));

    public static bool TryParseTreatment(string? text, [NotNullWhen(true)] out Treatment? treatment) =>
        Words.TryParse(text, out treatment, ("treat", Treatment.Treat), ("tolerate", Treatment.Tolerate), ("transfer", Treatment.Transfer), ("terminate", Treatment.Terminate));

    public static bool TryParseAdequacy(string? text, [NotNullWhen(true)] out ControlAdequacy? adequacy) =>
        Words.TryParse(text, out adequacy, ("good", ControlAdequacy.Good), ("adequate", ControlAdequacy.Adequate), ("weak", ControlAdequacy.Weak));

    /// <summary>A risk's status word: <c>open</c> (false) or <c>closed</c> (true).</summary>
    public static bool TryParseStatus(string? text, [NotNullWhen(true)] out bool? closed) =>
        Words.TryParse(text, out closed, ("open", false), ("closed", true));

    /// <summary>
    /// Scores that contradict each other, each with the column to look at: a residual (current) score above the
    /// inherent one (controls never make a risk worse), or a target above the residual (a target is where the
    /// treatment takes the risk). Compared by score (likelihood × impact); a blank score is never inconsistent.
    /// </summary>
    public static IReadOnlyList<(string Column, string Message)> Inconsistencies(RiskScore? inherent, RiskScore? residual, RiskScore? target)
    {
        var found = new List<(string, string)>();
        if (inherent is { } i && residual is { } r && r.Value > i.Value)
            found.Add(("residual_likelihood", $"the residual score {r} is above the inherent score {i}"));
        if (residual is { } r2 && target is { } t && t.Value > r2.Value)
            found.Add(("target_likelihood", $"the target score {t} is above the residual score {r2}"));
        return found;
    }

    /// <summary>"Treating", as the papers write it.</summary>
    public static string Describe(this Treatment t) => t switch
    {
        Treatment.Treat => "Treat (reduce)",
        Treatment.Tolerate => "Tolerate (accept)",
        Treatment.Transfer => "Transfer",
        _ => "Terminate",
    };
}

/// <summary>A risk's position at one committee date: its latest signed-off review on or before it.</summary>
public sealed record RiskSnapshot(RiskScore? Residual, Prospects? Prospects);

public enum ReconciliationChange
{
    New,
    Closed,
    ScoreUp,
    ScoreDown,
    ProspectsChanged,
}

public sealed record ReconciliationLine(string Code, string Title, ReconciliationChange Change, string Before, string After);

/// <summary>What changed for each risk between two committee dates (Norfolk's "reconciliation report").</summary>
public static class Reconciliation
{
    public sealed record RiskHistory(string Code, string Title, RiskSnapshot? AtFrom, RiskSnapshot? AtTo, DateOnly? ClosedOn);

    public static IReadOnlyList<ReconciliationLine> Compare(IEnumerable<RiskHistory> risks, DateOnly from, DateOnly to)
    {
        var lines = new List<ReconciliationLine>();
        foreach (var r in risks)
        {
            if (r.ClosedOn is { } closed && closed > from && closed <= to)
            {
                lines.Add(new(r.Code, r.Title, ReconciliationChange.Closed, Score(r.AtFrom?.Residual), "closed"));
                continue;
            }
            if (r.AtTo is null) continue;
            if (r.AtFrom is null)
            {
                lines.Add(new(r.Code, r.Title, ReconciliationChange.New, "", Score(r.AtTo.Residual)));
                continue;
            }
            var before = r.AtFrom.Residual?.Value;
            var after = r.AtTo.Residual?.Value;
            if (before != after)
                lines.Add(new(r.Code, r.Title, (after ?? 0) > (before ?? 0) ? ReconciliationChange.ScoreUp : ReconciliationChange.ScoreDown,
                    Score(r.AtFrom.Residual), Score(r.AtTo.Residual)));
            if (r.AtFrom.Prospects != r.AtTo.Prospects)
                lines.Add(new(r.Code, r.Title, ReconciliationChange.ProspectsChanged,
                    r.AtFrom.Prospects?.Name() ?? "", r.AtTo.Prospects?.Name() ?? ""));
        }
        return lines.OrderBy(l => l.Code, StringComparer.Ordinal).ThenBy(l => l.Change).ToList();
    }

    private static string Score(RiskScore? s) => s is { } x ? x.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : "";
}
