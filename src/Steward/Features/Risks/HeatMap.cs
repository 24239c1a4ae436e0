using System.Globalization;
using System.Net;
using System.Text;
using Steward.Domain;

namespace Steward.Features.Risks;

/// <summary>How many risks sit in one cell of the matrix now (and, on request, started there).</summary>
public sealed record HeatMapCell(int Likelihood, int Impact, int Current, int Inherent)
{
    public RiskScore Score => new(Likelihood, Impact);
}

/// <summary>Risks that moved from one cell to another since the previous sign-off: how many, and the first few codes.</summary>
public sealed record HeatMapMove(RiskScore From, RiskScore To, int Count, IReadOnlyList<string> FirstCodes)
{
    public const int CodesShown = 10;

    /// <summary>"PP_R04", or "12 risks (R0001, R0002 … and 2 more)".</summary>
    public string Who => Count == 1 && FirstCodes.Count == 1 ? FirstCodes[0]
        : $"{Count} risks ({string.Join(", ", FirstCodes)}{(Count > FirstCodes.Count ? $" and {Count - FirstCodes.Count} more" : "")})";
}

/// <summary>
/// The heat map as server-rendered SVG: the organisation's matrix, cells in their band colours, in each cell the count
/// of risks now there, linked to that cell's list; on request, how many started in each cell (inherent) and arrows for
/// movement since the previous sign-off, one per pair of cells. However many risks share a cell, it never overflows.
/// The page puts the same figures in tables beside it.
/// </summary>
public static class HeatMap
{
    private const int Cell = 140, CellHeight = 88, Left = 150, Top = 16, Bottom = 90;

    /// <summary>Joins the counts of current and inherent positions into cells, cells with none left out, highest score first.</summary>
    public static IReadOnlyList<HeatMapCell> Cells(IReadOnlyDictionary<RiskScore, int> current, IReadOnlyDictionary<RiskScore, int> inherent) =>
        current.Keys.Union(inherent.Keys)
            .Select(s => new HeatMapCell(s.Likelihood, s.Impact, current.GetValueOrDefault(s), inherent.GetValueOrDefault(s)))
            .OrderByDescending(c => c.Score.Value).ThenByDescending(c => c.Likelihood).ToList();

    /// <param name="cellLink">The address of a cell's list of risks, given its likelihood and impact.</param>
    /// <param name="selected">The cell whose risks are listed beside the map, outlined; null for none.</param>
    /// <param name="moves">Arrows to draw (empty for none): one per pair of cells.</param>
    public static string Render(LoadedMatrix matrix, IReadOnlyList<HeatMapCell> cellCounts, IReadOnlyList<HeatMapMove> moves, bool showInherent, string title,
        Func<int, int, string> cellLink, RiskScore? selected = null)
    {
        var m = matrix.Model;
        var width = Left + m.Impacts * Cell + 16;
        var height = Top + m.Likelihoods * CellHeight + Bottom;
        var cells = cellCounts.ToDictionary(c => c.Score);
        var svg = new StringBuilder();
        string F(double d) => d.ToString("0.#", CultureInfo.InvariantCulture);
        double X(int impact) => Left + (impact - 1) * Cell;
        double Y(int likelihood) => Top + (m.Likelihoods - likelihood) * CellHeight;

        // A group, not an image: its cells are links (an image's content is not reachable, and may not hold links).
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"steward-heatmap\" viewBox=\"0 0 {width} {height}\" role=\"group\" aria-labelledby=\"heatmap-title\" aria-describedby=\"heatmap-desc\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"heatmap-title\">{E(title)}</title><desc id=\"heatmap-desc\">Likelihood up, impact across; each cell gives the number of risks whose current score is there. The tables beside the map give the same figures, and each cell's risks.</desc>");
        svg.Append("<defs><marker id=\"heatmap-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0 0L10 5L0 10z\" fill=\"#0b0c0c\"/></marker></defs>");

        for (var l = 1; l <= m.Likelihoods; l++)
        {
            for (var i = 1; i <= m.Impacts; i++)
            {
                var score = new RiskScore(l, i);
                var band = matrix.BandOf(score);
                var fill = band?.Colour ?? "#f3f2f1";
                var text = BandStyles.TextOn(fill);
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(X(i))}\" y=\"{F(Y(l))}\" width=\"{Cell}\" height=\"{CellHeight}\" fill=\"{fill}\" stroke=\"#ffffff\" stroke-width=\"2\"/>");
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(X(i) + Cell - 6)}\" y=\"{F(Y(l) + 14)}\" text-anchor=\"end\" class=\"steward-heatmap__score\" fill=\"{text}\">{l * i}</text>");
                cells.TryGetValue(score, out var here);
                if (here is { Current: > 0 } c)
                {
                    var label = c.Current == 1 ? "1 risk" : $"{c.Current} risks";
                    svg.Append(CultureInfo.InvariantCulture,
                        $"<a href=\"{E(cellLink(l, i))}\" class=\"steward-heatmap__link\"><title>{E($"{label} at likelihood {l} × impact {i} = {l * i}: list them")}</title>" +
                        $"<text x=\"{F(X(i) + Cell / 2.0)}\" y=\"{F(Y(l) + CellHeight / 2.0 + 8)}\" text-anchor=\"middle\" class=\"steward-heatmap__count\" fill=\"{text}\">{c.Current}</text>" +
                        $"<text x=\"{F(X(i) + Cell / 2.0)}\" y=\"{F(Y(l) + CellHeight / 2.0 + 26)}\" text-anchor=\"middle\" class=\"steward-heatmap__code\" fill=\"{text}\">{(c.Current == 1 ? "risk" : "risks")}</text></a>");
                }
                if (showInherent && here is { Inherent: > 0 } h)
                    svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(X(i) + 6)}\" y=\"{F(Y(l) + CellHeight - 6)}\" class=\"steward-heatmap__inherent\" fill=\"{text}\">{h.Inherent} inherent</text>");
                if (selected == score)
                    svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(X(i) + 3)}\" y=\"{F(Y(l) + 3)}\" width=\"{Cell - 6}\" height=\"{CellHeight - 6}\" fill=\"none\" stroke=\"#0b0c0c\" stroke-width=\"5\" class=\"steward-heatmap__selected\"/>");
            }
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 8}\" y=\"{F(Y(l) + CellHeight / 2.0 + 4)}\" text-anchor=\"end\" class=\"steward-heatmap__label\">{E($"{l} {m.LikelihoodLabel(l)}")}</text>");
        }
        for (var i = 1; i <= m.Impacts; i++)
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(X(i) + Cell / 2.0)}\" y=\"{F(Top + m.Likelihoods * CellHeight + 18)}\" text-anchor=\"middle\" class=\"steward-heatmap__label\">{E($"{i} {m.ImpactLabel(i)}")}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(Left + m.Impacts * Cell / 2.0)}\" y=\"{F(Top + m.Likelihoods * CellHeight + 44)}\" text-anchor=\"middle\" class=\"steward-heatmap__axis\">Impact</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"16\" y=\"{F(Top + m.Likelihoods * CellHeight / 2.0)}\" text-anchor=\"middle\" class=\"steward-heatmap__axis\" transform=\"rotate(-90 16 {F(Top + m.Likelihoods * CellHeight / 2.0)})\">Likelihood</text>");

        foreach (var move in moves)
        {
            var (p, c) = (move.From, move.To);
            svg.Append(CultureInfo.InvariantCulture,
                $"<line x1=\"{F(X(p.Impact) + Cell * 0.82)}\" y1=\"{F(Y(p.Likelihood) + CellHeight * 0.6)}\" x2=\"{F(X(c.Impact) + Cell * 0.82)}\" y2=\"{F(Y(c.Likelihood) + CellHeight * 0.6)}\" class=\"steward-heatmap__move\" marker-end=\"url(#heatmap-arrow)\"><title>{E($"{move.Who}: {p.Value} to {c.Value}")}</title></line>");
        }

        var legendY = height - 22;
        var bx = Left;
        foreach (var band in matrix.Bands.Values.OrderBy(b => b.Rank))
        {
            var name = Common.Show.Word(band.Name);
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{bx}\" y=\"{legendY - 12}\" width=\"16\" height=\"16\" fill=\"{band.Colour}\" stroke=\"#0b0c0c\" stroke-width=\"1\"/><text x=\"{bx + 22}\" y=\"{legendY + 1}\" class=\"steward-heatmap__label\">{E(name)}</text>");
            bx += 30 + name.Length * 8;
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
