using System.Globalization;
using System.Net;
using System.Text;
using Steward.Domain;

namespace Steward.Features.Indicators;

/// <summary>One period on a trend chart.</summary>
public sealed record TrendPoint(Period Period, decimal? Value, decimal? Target, Rag Rag);

/// <summary>
/// A server-rendered SVG line chart of results against target. No script, no inline styles; the page
/// puts a table of the same numbers beside it for screen readers and for reading exact values.
/// </summary>
public static class TrendChart
{
    private const int Width = 720, Height = 300, Left = 72, Right = 44, Top = 16, Bottom = 56;

    public static string Render(IReadOnlyList<TrendPoint> points, Frequency frequency, Unit unit, int decimals, string title, string description)
    {
        var svg = new StringBuilder();
        var id = "chart-" + Math.Abs(title.GetHashCode(StringComparison.Ordinal)).ToString(CultureInfo.InvariantCulture);
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"steward-chart\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-title\">{E(title)}</title><desc id=\"{id}-desc\">{E(description)}</desc>");

        var numbers = points.SelectMany(p => new[] { p.Value, p.Target }).OfType<decimal>().ToList();
        if (points.Count == 0 || numbers.Count == 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"{Height / 2}\" text-anchor=\"middle\" class=\"steward-chart__empty\">No results to chart yet</text></svg>");
            return svg.ToString();
        }

        var (lo, hi, step) = Scale(numbers.Min(), numbers.Max());
        double X(int i) => Left + (points.Count == 1 ? (Width - Left - Right) / 2.0 : i * (Width - Left - Right) / (double)(points.Count - 1));
        double Y(decimal v) => Top + (double)((hi - v) / (hi - lo)) * (Height - Top - Bottom);
        string F(double d) => d.ToString("0.#", CultureInfo.InvariantCulture);

        // Grid and y labels
        for (var v = lo; v <= hi + step / 2; v += step)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{F(Y(v))}\" y2=\"{F(Y(v))}\" class=\"steward-chart__grid\" />");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 8}\" y=\"{F(Y(v) + 4)}\" text-anchor=\"end\" class=\"steward-chart__label\">{E(Numbers.Display(v, Math.Min(decimals, StepDecimals(step)), unit))}</text>");
        }
        // x labels: at most about 12, always the last
        var every = Math.Max(1, (int)Math.Ceiling(points.Count / 12.0));
        for (var i = 0; i < points.Count; i++)
        {
            if ((points.Count - 1 - i) % every != 0) continue;
            var label = frequency == Frequency.Monthly ? points[i].Period.ShortLabel : points[i].Period.Label(frequency);
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(X(i))}\" y=\"{Height - Bottom + 20}\" text-anchor=\"middle\" class=\"steward-chart__label\">{E(label)}</text>");
        }

        // Target: a dashed step line (targets change by period)
        var target = new StringBuilder();
        for (var i = 0; i < points.Count; i++)
        {
            if (points[i].Target is not { } t) continue;
            var x0 = points.Count == 1 ? X(i) - 20 : X(i) - (i == 0 ? 0 : (X(i) - X(i - 1)) / 2);
            var x1 = points.Count == 1 ? X(i) + 20 : X(i) + (i == points.Count - 1 ? 0 : (X(i + 1) - X(i)) / 2);
            target.Append(CultureInfo.InvariantCulture, $"M{F(x0)} {F(Y(t))}H{F(x1)}");
        }
        if (target.Length > 0) svg.Append(CultureInfo.InvariantCulture, $"<path d=\"{target}\" class=\"steward-chart__target\" fill=\"none\" />");

        // Results: a line broken at gaps, and a point per result in its RAG colour
        var line = new StringBuilder();
        var pen = false;
        for (var i = 0; i < points.Count; i++)
        {
            if (points[i].Value is not { } v) { pen = false; continue; }
            line.Append(CultureInfo.InvariantCulture, $"{(pen ? "L" : "M")}{F(X(i))} {F(Y(v))}");
            pen = true;
        }
        if (line.Length > 0) svg.Append(CultureInfo.InvariantCulture, $"<path d=\"{line}\" class=\"steward-chart__line\" fill=\"none\" />");
        for (var i = 0; i < points.Count; i++)
        {
            if (points[i].Value is not { } v) continue;
            svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{F(X(i))}\" cy=\"{F(Y(v))}\" r=\"5\" class=\"steward-chart__point steward-chart__point--{points[i].Rag.Name()}\" />");
        }

        // Legend
        var ly = Height - 14;
        svg.Append(CultureInfo.InvariantCulture, $"<path d=\"M{Left} {ly}h28\" class=\"steward-chart__line\" fill=\"none\" /><text x=\"{Left + 36}\" y=\"{ly + 4}\" class=\"steward-chart__label\">Result</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<path d=\"M{Left + 110} {ly}h28\" class=\"steward-chart__target\" fill=\"none\" /><text x=\"{Left + 146}\" y=\"{ly + 4}\" class=\"steward-chart__label\">Target</text>");
        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>
    /// A y axis from a round number below the data to one above it, in 1, 2 or 5 × 10ⁿ steps, with headroom: the highest
    /// value or target (and the lowest) sits inside the axis, never on its edge. An axis over data that is never negative
    /// does not go below 0.
    /// </summary>
    public static (decimal Lo, decimal Hi, decimal Step) Scale(decimal min, decimal max)
    {
        var nonNegative = min >= 0;
        if (min == max)
        {
            var pad = min == 0 ? 1 : Math.Abs(min) * 0.1m;
            min -= pad;
            max += pad;
        }
        var headroom = (max - min) * 0.05m;
        (min, max) = (min - headroom, max + headroom);
        if (nonNegative && min < 0) min = 0;
        var raw = (max - min) / 6;
        var magnitude = (decimal)Math.Pow(10, Math.Floor(Math.Log10((double)raw)));
        var step = new[] { 1m, 2m, 5m, 10m }.Select(m => m * magnitude).First(s => s >= raw);
        var lo = Math.Floor(min / step) * step;
        var hi = Math.Ceiling(max / step) * step;
        if (hi == lo) hi = lo + step;
        return (lo, hi, step);
    }

    private static int StepDecimals(decimal step) => step >= 1 ? 0 : (int)Math.Ceiling(-Math.Log10((double)step));

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
