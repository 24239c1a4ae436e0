using System.Net;
using System.Security.Cryptography;
using System.Text;
using Steward.Domain;
using Steward.Features.Indicators;

namespace Steward.Features.Reports;

/// <summary>
/// The pack as one self-contained, accessible HTML file (styles inline, charts as SVG with their tables): headings in
/// order, numbered paragraphs, tables with captions and header cells, RAG as words with a colour beside them. Its print
/// stylesheet gives A4 pages numbered "Page n of m", each numbered section that asks for it on a new page, and table
/// header rows repeated on every page.
/// </summary>
public static class PackHtml
{
    private const string Style = """
        body { font-family: system-ui, "Segoe UI", Arial, sans-serif; font-size: 16px; line-height: 1.45; color: #0b0c0c; margin: 0; }
        main { max-width: 60rem; margin: 0 auto; padding: 1.5rem; }
        h1 { font-size: 2rem; margin: 0 0 1rem; } h2 { font-size: 1.5rem; margin: 2rem 0 0.75rem; } h3 { font-size: 1.2rem; margin: 1.75rem 0 0.5rem; }
        .caption { color: #484949; font-size: 1.1rem; margin: 0; }
        .exempt-banner, .exempt-notice { border: 3px solid #d4351c; padding: 0.5rem 0.75rem; font-weight: 700; }
        .exempt { border-left: 6px solid #d4351c; padding-left: 1rem; margin: 1rem 0; }
        table { border-collapse: collapse; width: 100%; table-layout: fixed; overflow-wrap: break-word; margin: 0.75rem 0 1.25rem; font-size: 0.9rem; }
        caption { text-align: left; font-weight: 700; font-size: 1rem; padding-bottom: 0.4rem; }
        th, td { border-bottom: 1px solid #b1b4b6; padding: 0.35rem 0.5rem 0.35rem 0; text-align: left; vertical-align: top; }
        thead th { border-bottom: 2px solid #0b0c0c; }
        .num { text-align: right; }
        .band::before { content: ""; display: inline-block; width: 0.8em; height: 0.8em; margin-right: 0.35em; vertical-align: -0.05em; border: 1px solid #0b0c0c; background: var(--c, #fff); }
        dl.facts { display: grid; grid-template-columns: 14rem 1fr; gap: 0.25rem 1rem; margin: 0.5rem 0 1rem; } dl.facts dt { font-weight: 700; } dl.facts dd { margin: 0; }
        .num-para { font-weight: 700; margin-right: 0.5rem; }
        nav ul { list-style: none; padding-left: 0; } nav li { margin: 0; } nav a { display: inline-block; padding: 0.3rem 0; }
        figure { margin: 0.5rem 0; } figure svg { max-width: 100%; height: auto; }
        .steward-chart { display: block; width: 100%; max-width: 720px; height: auto; margin-bottom: 1rem; }
        .steward-chart__grid { stroke: #cecece; stroke-width: 1; }
        .steward-chart__label, .steward-chart__empty { font-family: inherit; font-size: 14px; fill: #0b0c0c; }
        .steward-chart__line { stroke: #16548a; stroke-width: 2.5; }
        .steward-chart__target { stroke: #0b0c0c; stroke-width: 2; stroke-dasharray: 6 4; }
        .steward-chart__point { stroke: #0b0c0c; stroke-width: 1; fill: #fff; }
        .steward-chart__point--green { fill: #0f7a52; } .steward-chart__point--amber { fill: #f47738; } .steward-chart__point--red { fill: #ca3535; }
        .band { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
        @page { size: A4; margin: 18mm 15mm; @bottom-center { content: "Page " counter(page) " of " counter(pages); font-size: 9pt; } }
        @media print {
          main { max-width: none; padding: 0; } body { font-size: 10.5pt; }
          .new-page { break-before: page; } thead { display: table-header-group; } tr, figure, dl.facts { break-inside: avoid; }
          h2, h3 { break-after: avoid; } a { color: inherit; text-decoration: none; }
        }
        """;

    /// <summary>
    /// The Content-Security-Policy under which the page <see cref="Render"/> makes may be served: nothing but its own
    /// style sheet (by hash) and inline images; no scripts, no requests.
    /// </summary>
    public static string ContentSecurityPolicy(PackDocument pack) => Policy(Styles(pack));

    /// <summary>The same policy for a page <see cref="Render"/> made earlier (an issued pack's frozen file), from its style sheet.</summary>
    public static string ContentSecurityPolicy(string html)
    {
        var start = html.IndexOf("<style>", StringComparison.Ordinal) + "<style>".Length;
        var end = html.IndexOf("</style>", start, StringComparison.Ordinal);
        return Policy(start >= "<style>".Length && end > start ? html[start..end] : "");
    }

    private static string Policy(string styles) =>
        $"default-src 'none'; style-src 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(styles)))}'; img-src data:; " +
        "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /// <summary>The page's style sheet: the fixed rules, and a class per risk band colour the pack uses (no inline style attributes).</summary>
    private static string Styles(PackDocument pack)
    {
        var colours = AllBlocks(pack.Sections.SelectMany(s => s.Blocks)).OfType<PackTable>().SelectMany(t => t.Rows).SelectMany(r => r)
            .Select(c => ColourClass(c.Swatch)).OfType<string>().Distinct().Order(StringComparer.Ordinal);
        return Style + string.Concat(Enumerable.Range(1, 20).Select(k => $".pc-{k * 5} {{ width: {k * 5}%; }}\n")) + string.Concat(colours.Select(c => $".{c} {{ --c: #{c[5..]}; }}\n"));
    }

    private static IEnumerable<PackBlock> AllBlocks(IEnumerable<PackBlock> blocks) =>
        blocks.SelectMany(b => b switch
        {
            PackExempt x => AllBlocks(x.Blocks),
            PackChart x => [x, x.Data],
            _ => [b],
        });

    /// <summary>"band-651b1b" for a #rrggbb colour; null for none or anything else.</summary>
    private static string? ColourClass(string? colour) =>
        colour is { Length: 7 } c && c[0] == '#' && c[1..].All(char.IsAsciiHexDigit) ? "band-" + c[1..].ToLowerInvariant() : null;

    /// <summary>The whole HTML document, UTF-8 text.</summary>
    public static string Render(PackDocument pack)
    {
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        h.Append("<title>").Append(E($"{pack.Title} – {pack.Cover[0].Value}")).Append("</title>\n<style>").Append(Styles(pack)).Append("</style>\n</head>\n<body>\n<main>\n");
        h.Append("<p class=\"caption\">").Append(E(pack.Organisation)).Append("</p>\n");
        h.Append("<h1>").Append(E(pack.Title)).Append("</h1>\n");
        if (pack.HasExemptContent)
            h.Append("<p class=\"exempt-banner\">Part II: this version contains exempt information, marked where it appears. Not for publication.</p>\n");
        h.Append("<table class=\"cover\"><caption>Cover report</caption><tbody>\n");
        foreach (var (label, value) in pack.Cover)
            h.Append("<tr><th scope=\"row\">").Append(E(label)).Append("</th>\n<td>").Append(E(value)).Append("</td></tr>\n");
        h.Append("</tbody></table>\n");
        h.Append("<nav aria-labelledby=\"contents\"><h2 id=\"contents\">Contents</h2><ul>\n");
        foreach (var s in pack.Sections)
            h.Append("<li><a href=\"#section-").Append(s.Number).Append("\">").Append(E(s.Heading)).Append("</a></li>\n");
        h.Append("</ul></nav>\n");
        foreach (var s in pack.Sections)
        {
            h.Append("<section aria-labelledby=\"section-").Append(s.Number).Append("\">\n<h2 id=\"section-").Append(s.Number).Append('"')
                .Append(s.NewPage ? " class=\"new-page\"" : "").Append('>').Append(E(s.Heading)).Append("</h2>\n");
            foreach (var block in s.Blocks) Block(h, block);
            h.Append("</section>\n");
        }
        h.Append("</main>\n</body>\n</html>\n");
        return h.ToString();
    }

    private static void Block(StringBuilder h, PackBlock block)
    {
        switch (block)
        {
            case PackHeading x:
                h.Append("<h3>").Append(E(x.Text)).Append("</h3>\n");
                break;
            case PackParagraph x:
                h.Append("<p>");
                if (x.Number is { } n) h.Append("<span class=\"num-para\">").Append(E(n)).Append("</span>");
                h.Append(E(x.Text)).Append("</p>\n");
                break;
            case PackList x:
                h.Append("<ul>\n");
                foreach (var item in x.Items) h.Append("<li>").Append(E(item)).Append("</li>\n");
                h.Append("</ul>\n");
                break;
            case PackFacts x:
                h.Append("<dl class=\"facts\">\n");
                foreach (var (label, value) in x.Facts) h.Append("<dt>").Append(E(label)).Append("</dt>\n<dd>").Append(E(value)).Append("</dd>\n");
                h.Append("</dl>\n");
                break;
            case PackTable x:
                Table(h, x);
                break;
            case PackChart x:
                h.Append("<figure>\n").Append(TrendChart.Render(x.Points, x.Frequency, x.Unit, x.Decimals, x.Title, x.Description)).Append('\n');
                h.Append("<figcaption>").Append(E(x.Description)).Append("</figcaption>\n</figure>\n");
                Table(h, x.Data);
                break;
            case PackExempt x:
                h.Append("<div class=\"exempt\" role=\"region\" aria-label=\"Exempt information\">\n<p class=\"exempt-notice\">").Append(E(x.Notice)).Append("</p>\n");
                foreach (var inner in x.Blocks) Block(h, inner);
                h.Append("</div>\n");
                break;
        }
    }

    private static void Table(StringBuilder h, PackTable t)
    {
        h.Append("<table>\n<caption>").Append(E(t.Caption)).Append("</caption>\n<colgroup>");
        // Column shares as classes in fives of a per cent (the policy allows no inline styles).
        var total = t.Columns.Sum(c => c.Width);
        foreach (var c in t.Columns) h.Append("<col class=\"pc-").Append(Math.Clamp((int)Math.Round(20.0 * c.Width / total) * 5, 5, 100)).Append("\">");
        h.Append("</colgroup>\n<thead><tr>");
        foreach (var c in t.Columns) h.Append("<th scope=\"col\"").Append(c.Numeric ? " class=\"num\"" : "").Append('>').Append(E(c.Header)).Append("</th>\n");
        h.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in t.Rows)
        {
            h.Append("<tr>");
            for (var i = 0; i < row.Count; i++)
            {
                var cell = row[i];
                var tag = cell.RowHeader ? "th" : "td";
                var classes = new List<string>();
                if (i < t.Columns.Count && t.Columns[i].Numeric) classes.Add("num");
                if (ColourClass(cell.Swatch) is { } colourClass) classes.Add("band " + colourClass);
                h.Append('<').Append(tag).Append(cell.RowHeader ? " scope=\"row\"" : "");
                if (classes.Count > 0) h.Append(" class=\"").Append(string.Join(' ', classes)).Append('"');
                h.Append('>').Append(E(cell.Text)).Append("</").Append(tag).Append(">\n");
            }
            h.Append("</tr>\n");
        }
        h.Append("</tbody>\n</table>\n");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
