using System.Globalization;
using System.Net;
using System.Text;
using Steward.Domain;

namespace Steward.Features.Risks;

/// <summary>A risk on the heat map: where it is now, where it started, where it was at the last sign-off.</summary>
public sealed record HeatMapItem(string Code, RiskScore? Current, RiskScore? Inherent, RiskScore? Previous);

/// <summary>
/// The heat map as server-rendered SVG: the organisation's matrix, cells in their band colours, each risk's
/// code in its current cell; on request, inherent positions and arrows for movement since the last
/// sign-off. The page puts a table of the same positions beside it.
/// </summary>
public static class HeatMap
{
    private const int Cell = 140, CellHeight = 88, Left = 150, Top = 16, Bottom = 90;

    public static string Render(LoadedMatrix matrix, IReadOnlyList<HeatMapItem> items, bool showInherent, bool showMovement, string title)
    {
        var m = matrix.Model;
        var width = Left + m.Impacts * Cell + 16;
        // (Each cell: its score at the top right, the count of risks at the top left, their codes, then inherent positions.)
        var height = Top + m.Likelihoods * CellHeight + Bottom;
        var svg = new StringBuilder();
        string F(double d) => d.ToString("0.#", CultureInfo.InvariantCulture);
        double X(int impact) => Left + (impact - 1) * Cell;
        double Y(int likelihood) => Top + (m.Likelihoods - likelihood) * CellHeight;

        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"steward-heatmap\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-labelledby=\"heatmap-title heatmap-desc\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"heatmap-title\">{E(title)}</title><desc id=\"heatmap-desc\">Likelihood up, impact across; each risk's code sits in its current cell. The table that follows lists every position.</desc>");
        svg.Append("<defs><marker id=\"heatmap-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0 0L10 5L0 10z\" fill=\"#0b0c0c\"/></marker></defs>");

        for (var l = 1; l <= m.Likelihoods; l++)
        {
            for (var i = 1; i <= m.Impacts; i++)
            {
                var band = matrix.BandOf(new RiskScore(l, i));
                var fill = band?.Colour ?? "#f3f2f1";
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(X(i))}\" y=\"{F(Y(l))}\" width=\"{Cell}\" height=\"{CellHeight}\" fill=\"{fill}\" stroke=\"#ffffff\" stroke-width=\"2\"/>");
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(X(i) + Cell - 6)}\" y=\"{F(Y(l) + 14)}\" text-anchor=\"end\" class=\"steward-heatmap__score\" fill=\"{BandStyles.TextOn(fill)}\">{l * i}</text>");
                var here = items.Where(x => x.Current is { } c && c.Likelihood == l && c.Impact == i).Select(x => x.Code).ToList();
                var inherentHere = showInherent ? items.Where(x => x.Inherent is { } s && s.Likelihood == l && s.Impact == i).Select(x => x.Code).ToList() : [];
                // Up to three lines of two codes; a crowded cell shows four codes and how many more.
                var lines = Wrap(here, 2).Take(3).ToList();
                if (here.Count > 6) lines[^1] = $"+{here.Count - 4} more";
                if (here.Count > 1) svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(X(i) + 6)}\" y=\"{F(Y(l) + 14)}\" class=\"steward-heatmap__score\" fill=\"{BandStyles.TextOn(fill)}\">{here.Count} risks</text>");
                for (var n = 0; n < lines.Count; n++)
                    svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(X(i) + 6)}\" y=\"{F(Y(l) + 32 + n * 16)}\" class=\"steward-heatmap__code\" fill=\"{BandStyles.TextOn(fill)}\">{E(lines[n])}</text>");
                if (inherentHere.Count > 0)
                    svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(X(i) + 6)}\" y=\"{F(Y(l) + CellHeight - 6)}\" class=\"steward-heatmap__inherent\" fill=\"{BandStyles.TextOn(fill)}\">{E("inh. " + string.Join(" ", inherentHere.Take(3)) + (inherentHere.Count > 3 ? "…" : ""))}</text>");
            }
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 8}\" y=\"{F(Y(l) + CellHeight / 2.0 + 4)}\" text-anchor=\"end\" class=\"steward-heatmap__label\">{E($"{l} {m.LikelihoodLabel(l)}")}</text>");
        }
        for (var i = 1; i <= m.Impacts; i++)
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(X(i) + Cell / 2.0)}\" y=\"{F(Top + m.Likelihoods * CellHeight + 18)}\" text-anchor=\"middle\" class=\"steward-heatmap__label\">{E($"{i} {m.ImpactLabel(i)}")}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(Left + m.Impacts * Cell / 2.0)}\" y=\"{F(Top + m.Likelihoods * CellHeight + 44)}\" text-anchor=\"middle\" class=\"steward-heatmap__axis\">Impact</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"16\" y=\"{F(Top + m.Likelihoods * CellHeight / 2.0)}\" text-anchor=\"middle\" class=\"steward-heatmap__axis\" transform=\"rotate(-90 16 {F(Top + m.Likelihoods * CellHeight / 2.0)})\">Likelihood</text>");

        if (showMovement)
            foreach (var x in items)
                if (x.Current is { } c && x.Previous is { } p && (c.Likelihood != p.Likelihood || c.Impact != p.Impact))
                    svg.Append(CultureInfo.InvariantCulture,
                        $"<line x1=\"{F(X(p.Impact) + Cell * 0.8)}\" y1=\"{F(Y(p.Likelihood) + CellHeight / 2.0)}\" x2=\"{F(X(c.Impact) + Cell * 0.8)}\" y2=\"{F(Y(c.Likelihood) + CellHeight / 2.0)}\" class=\"steward-heatmap__move\" marker-end=\"url(#heatmap-arrow)\"><title>{E($"{x.Code}: {p.Value} to {c.Value}")}</title></line>");

        var legendY = height - 22;
        var bx = Left;
        foreach (var band in matrix.Bands.Values.OrderBy(b => b.Rank))
        {
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{bx}\" y=\"{legendY - 12}\" width=\"16\" height=\"16\" fill=\"{band.Colour}\" stroke=\"#0b0c0c\" stroke-width=\"1\"/><text x=\"{bx + 22}\" y=\"{legendY + 1}\" class=\"steward-heatmap__label\">{E(band.Name)}</text>");
            bx += 30 + band.Name.Length * 8;
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static IEnumerable<string> Wrap(IReadOnlyList<string> codes, int perLine)
    {
        for (var n = 0; n < codes.Count; n += perLine) yield return string.Join("  ", codes.Skip(n).Take(perLine));
    }

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
