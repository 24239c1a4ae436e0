using System.Reflection;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;
using PdfSharp.UniversalAccessibility;
using Steward.Common;
using Steward.Domain;
using Steward.Features.Indicators;

namespace Steward.Features.Reports;

/// <summary>
/// The pack as a tagged PDF (PDFsharp's universal accessibility structure: headings, paragraphs, lists, tables with
/// header cells, figures with their alternative text; page furniture marked as artefacts), on A4 pages numbered "Page n
/// of m", with a contents list giving each section's page, a bookmark per section, table header rows repeated on every
/// page and charts drawn as vectors beside their table of figures. Text is DejaVu Sans, embedded (a subset), so it is
/// extractable by ordinary tools and needs no font on the machine. Laid out twice: once to learn where each section
/// starts and how many pages there are, once to write.
/// </summary>
public static class PackPdf
{
    private const double PageWidth = 595.28, PageHeight = 841.89, Left = 50, Right = 50, Top = 56, Bottom = 64;
    private const double ContentWidth = PageWidth - Left - Right;
    private const string Family = "DejaVu Sans";

    static PackPdf() => GlobalFontSettings.FontResolver = new EmbeddedFonts();

    /// <summary>The document's bytes.</summary>
    public static byte[] Render(PackDocument pack)
    {
        var first = new Layout(pack, tagged: false, totalPages: 0, sectionPages: null);
        first.Run();
        var layout = new Layout(pack, tagged: true, first.Pages, first.SectionPages);
        layout.Run();
        using var stream = new MemoryStream();
        layout.Document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    /// <summary>One pass over the pack: pages, positions, and (when tagged) the structure tree.</summary>
    private sealed class Layout
    {
        private static readonly XFont Body = new(Family, 9.5), Bold = new(Family, 9.5, XFontStyleEx.Bold), Small = new(Family, 8), SmallBold = new(Family, 8, XFontStyleEx.Bold),
            Smaller = new(Family, 7), SmallerBold = new(Family, 7, XFontStyleEx.Bold),
            H1 = new(Family, 15, XFontStyleEx.Bold), H2 = new(Family, 12, XFontStyleEx.Bold), TitleFont = new(Family, 19, XFontStyleEx.Bold), Caption = new(Family, 11);
        private static readonly XColor Rule = XColor.FromArgb(0xB1, 0xB4, 0xB6), HeaderFill = XColor.FromArgb(0xF3, 0xF2, 0xF1), ExemptRed = XColor.FromArgb(0xD4, 0x35, 0x1C);

        private readonly PackDocument _pack;
        private readonly bool _tagged;
        private readonly int _totalPages;
        private readonly IReadOnlyDictionary<string, int>? _knownSectionPages;
        private readonly StructureBuilder? _sb;
        private XGraphics _gfx = null!;
        private PdfPage _page = null!;
        private double _y;

        public Layout(PackDocument pack, bool tagged, int totalPages, IReadOnlyDictionary<string, int>? sectionPages)
        {
            (_pack, _tagged, _totalPages, _knownSectionPages) = (pack, tagged, totalPages, sectionPages);
            Document = new PdfDocument();
            Document.Info.Title = $"{pack.Title}: {pack.Cover[0].Value}";
            Document.Info.Author = pack.Organisation;
            Document.Info.Subject = pack.Title;
            if (tagged)
            {
                var ua = UAManager.ForDocument(Document);
                ua.SetDocumentLanguage("en-GB");
                _sb = ua.StructureBuilder;
            }
        }

        public PdfDocument Document { get; }
        public int Pages => Document.PageCount;
        public Dictionary<string, int> SectionPages { get; } = [];

        public void Run()
        {
            NewPage();
            Text(_pack.Organisation, Caption, PdfBlockLevelElementTag.Paragraph);
            Text(_pack.Title, TitleFont, PdfBlockLevelElementTag.Heading1, before: 4, after: 10);
            if (_pack.HasExemptContent) Boxed("Part II: this version contains exempt information, marked where it appears. Not for publication.");
            Table(new PackTable("Cover report", [new PackColumn("Item", Width: 2), new PackColumn("Detail", Width: 5)],
                _pack.Cover.Select(c => (IReadOnlyList<PackCell>)[new PackCell(c.Label, RowHeader: true), c.Value]).ToList()), header: false);
            Contents();
            foreach (var section in _pack.Sections)
            {
                if (section.NewPage && _y > Top + 1) NewPage();
                else Ensure(90);
                SectionPages[section.Number] = Pages;
                Document.Outlines.Add(section.Heading, _page, true);
                Text(section.Heading, H1, PdfBlockLevelElementTag.Heading1, before: 10, after: 6);
                foreach (var block in section.Blocks) Block(block);
            }
            _gfx.Dispose();
        }

        private void Contents()
        {
            Text("Contents", H1, PdfBlockLevelElementTag.Heading1, before: 14, after: 6);
            Begin(PdfGroupingElementTag.TableOfContents);
            foreach (var section in _pack.Sections)
            {
                Ensure(16);
                Begin(PdfGroupingElementTag.TableOfContentsItem);
                var page = _knownSectionPages?.GetValueOrDefault(section.Number) ?? 0;
                _gfx.DrawString(Visual(section.Heading, Body), Body, XBrushes.Black, new XPoint(Left, _y + Body.Height * 0.8));
                if (page > 0) _gfx.DrawString(page.ToString(), Body, XBrushes.Black, new XPoint(PageWidth - Right, _y + Body.Height * 0.8), XStringFormats.BaseLineRight);
                End();
                _y += 16;
            }
            End();
        }

        private void Block(PackBlock block)
        {
            switch (block)
            {
                case PackHeading x:
                    Ensure(80);
                    Text(x.Text, H2, PdfBlockLevelElementTag.Heading2, before: 10, after: 4);
                    break;
                case PackParagraph x:
                    Paragraph(x.Text, x.Number);
                    break;
                case PackList x:
                    Begin(PdfBlockLevelElementTag.List);
                    foreach (var item in x.Items) Paragraph(item, null, bullet: true);
                    End();
                    _y += 4;
                    break;
                case PackFacts x:
                    Table(new PackTable("", [new PackColumn("", Width: 2), new PackColumn("", Width: 5)],
                        x.Facts.Select(f => (IReadOnlyList<PackCell>)[new PackCell(f.Label, RowHeader: true), f.Value]).ToList()), header: false);
                    break;
                case PackTable x:
                    Table(x, header: true);
                    break;
                case PackChart x:
                    Chart(x);
                    Paragraph(x.Description, null);
                    Table(x.Data, header: true);
                    break;
                case PackExempt x:
                    Boxed(x.Notice);
                    foreach (var inner in x.Blocks) Block(inner);
                    Boxed("End of exempt information.");
                    break;
            }
        }

        // --- pages -----------------------------------------------------------------------------------------------------

        private void NewPage()
        {
            // The structure builder closes the old page's marked content when a page is added: its graphics must still be open.
            var previous = _gfx;
            _page = Document.AddPage();
            previous?.Dispose();
            (_page.Width, _page.Height) = (XUnit.FromPoint(PageWidth), XUnit.FromPoint(PageHeight));
            _gfx = XGraphics.FromPdfPage(_page);
            _y = Top;
            // The page number is furniture, not content: an artefact a screen reader skips.
            _sb?.BeginArtifact();
            var number = Document.PageCount;
            _gfx.DrawString(_totalPages > 0 ? $"Page {number} of {_totalPages}" : $"Page {number}", Small, XBrushes.Black,
                new XPoint(PageWidth / 2, PageHeight - Bottom / 2), XStringFormats.BaseLineCenter);
            _sb?.End();
        }

        private void Ensure(double height)
        {
            if (_y + height > PageHeight - Bottom) NewPage();
        }

        private void Begin(PdfBlockLevelElementTag tag) => _sb?.BeginElement(tag);
        private void Begin(PdfGroupingElementTag tag) => _sb?.BeginElement(tag);
        private void End() => _sb?.End();

        // --- text ------------------------------------------------------------------------------------------------------

        private void Text(string text, XFont font, PdfBlockLevelElementTag tag, double before = 0, double after = 4)
        {
            _y += before;
            Begin(tag);
            foreach (var line in Wrap(text, font, ContentWidth))
            {
                Ensure(font.Height * 1.25);
                _gfx.DrawString(line, font, XBrushes.Black, new XPoint(Left, _y + font.Height));
                _y += font.Height * 1.25;
            }
            End();
            _y += after;
        }

        private void Paragraph(string text, string? number, bool bullet = false)
        {
            var indent = number is not null ? 30 : bullet ? 20 : 0;
            var lines = Wrap(text, Body, ContentWidth - indent);
            var lineHeight = Body.Height * 1.3;
            if (bullet) Begin(PdfBlockLevelElementTag.ListItem);
            Begin(bullet ? PdfBlockLevelElementTag.ListBody : PdfBlockLevelElementTag.Paragraph);
            for (var i = 0; i < lines.Count; i++)
            {
                Ensure(lineHeight);
                if (i == 0 && number is not null) _gfx.DrawString(number, Bold, XBrushes.Black, new XPoint(Left, _y + Body.Height));
                if (i == 0 && bullet) _gfx.DrawString("•", Body, XBrushes.Black, new XPoint(Left + 8, _y + Body.Height));
                _gfx.DrawString(lines[i], Body, XBrushes.Black, new XPoint(Left + indent, _y + Body.Height));
                _y += lineHeight;
            }
            End();
            if (bullet) End();
            _y += bullet ? 1 : 5;
        }

        private void Boxed(string text)
        {
            var lines = Wrap(text, Bold, ContentWidth - 16);
            var height = lines.Count * Bold.Height * 1.3 + 12;
            Ensure(height + 6);
            _sb?.BeginArtifact();
            _gfx.DrawRectangle(new XPen(ExemptRed, 2), Left, _y, ContentWidth, height);
            _sb?.End();
            Begin(PdfBlockLevelElementTag.Paragraph);
            var y = _y + 6;
            foreach (var line in lines)
            {
                _gfx.DrawString(line, Bold, XBrushes.Black, new XPoint(Left + 8, y + Bold.Height));
                y += Bold.Height * 1.3;
            }
            End();
            _y += height + 8;
        }

        /// <summary>
        /// Lines of at most <paramref name="width"/> points, broken at spaces (a word too long for a line is broken where it
        /// must be), each as it is drawn (<see cref="Visual"/>).
        /// </summary>
        private List<string> Wrap(string text, XFont font, double width)
        {
            var lines = new List<string>();
            foreach (var paragraph in text.Replace("\r", "").Replace('\t', ' ').Split('\n'))
            {
                var line = "";
                foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    var candidate = line.Length == 0 ? word : line + " " + word;
                    if (_gfx.MeasureString(candidate, font).Width <= width)
                    {
                        line = candidate;
                        continue;
                    }
                    if (line.Length > 0) lines.Add(line);
                    line = word;
                    for (var fit = Fitting(line, font, width); fit < line.Length; fit = Fitting(line, font, width))
                    {
                        lines.Add(line[..fit]);
                        line = line[fit..];
                    }
                }
                lines.Add(line);
            }
            return lines.Select(l => Visual(l, font)).ToList();
        }

        /// <summary>
        /// How much of <paramref name="text"/> (in whole text elements: an emoji, a letter with its marks) fits
        /// <paramref name="width"/> points: at least one element. Found by doubling and halving, so a word of thousands
        /// of characters costs a few measurements per line, not one per character.
        /// </summary>
        private int Fitting(string text, XFont font, double width)
        {
            var starts = System.Globalization.StringInfo.ParseCombiningCharacters(text);
            int End(int count) => count >= starts.Length ? text.Length : starts[count];
            bool Fits(int count) => _gfx.MeasureString(text[..End(count)], font).Width <= width;
            int fits = 1, over = 1;
            while (over < starts.Length && Fits(over)) (fits, over) = (over, Math.Min(over * 2, starts.Length));
            if (over >= starts.Length && Fits(starts.Length)) return text.Length;
            while (over - fits > 1)
            {
                var mid = (fits + over) / 2;
                if (Fits(mid)) fits = mid; else over = mid;
            }
            return End(fits);
        }

        /// <summary>A line as it is drawn (<see cref="VisualOrder"/>): right-to-left text turned round and joined, what the font lacks shown as U+FFFD.</summary>
        private static string Visual(string line, XFont font) => VisualOrder.ForDrawing(line, c => GlyphHelper.GlyphIndexFromCodePoint(c, font) != 0);

        // --- tables ----------------------------------------------------------------------------------------------------

        private void Table(PackTable table, bool header)
        {
            const double pad = 3, swatch = 7;
            // A wide table (Appendix B's ten columns of figures) is set a size smaller so that its figures fit their columns.
            var (Small, SmallBold) = table.Columns.Count > 8 ? (Smaller, SmallerBold) : (Layout.Small, Layout.SmallBold);
            var total = table.Columns.Sum(c => c.Width);
            var widths = table.Columns.Select(c => ContentWidth * c.Width / total).ToList();
            var lineHeight = Small.Height * 1.2;
            List<List<string>> Cells(IReadOnlyList<PackCell> row, bool head) =>
                row.Select((cell, i) => Wrap(cell.Text, head || cell.RowHeader ? SmallBold : Small,
                    widths[i] - 2 * pad - (cell.Swatch is not null ? swatch + 3 : 0))).ToList();
            var headerCells = Cells(table.Columns.Select(c => new PackCell(c.Header)).ToList(), head: true);
            var headerHeight = headerCells.Max(c => c.Count) * lineHeight + 2 * pad;

            if (table.Caption.Length > 0)
            {
                Ensure(Bold.Height * 1.4 + headerHeight + lineHeight * 2 + 2 * pad);
                Begin(PdfGroupingElementTag.Caption);
                _gfx.DrawString(Visual(table.Caption, Bold), Bold, XBrushes.Black, new XPoint(Left, _y + Bold.Height));
                End();
                _y += Bold.Height * 1.5;
            }
            Begin(PdfBlockLevelElementTag.Table);
            void DrawHeader()
            {
                if (!header) return;
                Begin(PdfBlockLevelElementTag.TableRow);
                _sb?.BeginArtifact();
                _gfx.DrawRectangle(new XSolidBrush(HeaderFill), Left, _y, ContentWidth, headerHeight);
                _sb?.End();
                var x = Left;
                for (var i = 0; i < widths.Count; i++)
                {
                    Begin(PdfBlockLevelElementTag.TableHeaderCell);
                    Lines(headerCells[i], SmallBold, x, widths[i], table.Columns[i].Numeric, null);
                    End();
                    x += widths[i];
                }
                End();
                _y += headerHeight;
                Line(1);
            }
            Ensure(headerHeight + lineHeight + 2 * pad);
            DrawHeader();
            // Lines a page holds below the header: a row with more (a comment of thousands of characters) is continued
            // on the next page, header repeated, rather than run off the bottom of this one.
            var pageLines = Math.Max(1, (int)((PageHeight - Bottom - Top - (header ? headerHeight + 1 : 0) - 2 * pad) / lineHeight));
            foreach (var row in table.Rows)
            {
                var cells = Cells(row, head: false);
                var lineCount = cells.Max(c => c.Count);
                if (_y + lineCount * lineHeight + 2 * pad > PageHeight - Bottom && (lineCount <= pageLines || _y + 3 * lineHeight + 2 * pad > PageHeight - Bottom))
                {
                    NewPage();
                    DrawHeader(); // the header row again at the top of each page
                }
                for (var from = 0; from < lineCount;)
                {
                    if (from > 0)
                    {
                        NewPage();
                        DrawHeader();
                    }
                    var count = Math.Min(lineCount - from, Math.Max(1, (int)((PageHeight - Bottom - _y - 2 * pad) / lineHeight)));
                    Begin(PdfBlockLevelElementTag.TableRow);
                    var x = Left;
                    for (var i = 0; i < widths.Count; i++)
                    {
                        var cell = i < row.Count ? row[i] : new PackCell("");
                        Begin(cell.RowHeader ? PdfBlockLevelElementTag.TableHeaderCell : PdfBlockLevelElementTag.TableDataCell);
                        var colour = from == 0 && cell.Swatch is { } hex ? Colour(hex) : (XColor?)null;
                        // A continued row names itself again: its row header's first line, "(continued)".
                        var lines = from > 0 && cell.RowHeader && cells[i].Count > 0 ? [cells[i][0] + " (continued)"] : cells[i].Skip(from).Take(count).ToList();
                        Lines(lines, cell.RowHeader ? SmallBold : Small, x, widths[i], i < table.Columns.Count && table.Columns[i].Numeric, colour);
                        End();
                        x += widths[i];
                    }
                    End();
                    _y += count * lineHeight + 2 * pad;
                    from += count;
                }
                Line(0.5);
            }
            End();
            _y += 10;

            void Lines(List<string> lines, XFont font, double x, double width, bool numeric, XColor? colour)
            {
                var textX = x + pad;
                if (colour is { } fill)
                {
                    _sb?.BeginArtifact();
                    _gfx.DrawRectangle(new XPen(XColors.Black, 0.5), new XSolidBrush(fill), textX, _y + pad + 1, swatch, swatch);
                    _sb?.End();
                    textX += swatch + 3;
                }
                var y = _y + pad;
                foreach (var line in lines)
                {
                    if (numeric) _gfx.DrawString(line, font, XBrushes.Black, new XPoint(x + width - pad, y + font.Height * 0.85), XStringFormats.BaseLineRight);
                    else _gfx.DrawString(line, font, XBrushes.Black, new XPoint(textX, y + font.Height * 0.85));
                    y += lineHeight;
                }
            }
        }

        private void Line(double thickness)
        {
            _sb?.BeginArtifact();
            _gfx.DrawLine(new XPen(thickness >= 1 ? XColors.Black : Rule, thickness), Left, _y, Left + ContentWidth, _y);
            _sb?.End();
        }

        /// <summary>A #rrggbb colour, opaque.</summary>
        private static XColor Colour(string hex) => XColor.FromArgb(Convert.ToInt32(hex.TrimStart('#'), 16) | unchecked((int)0xFF000000));

        // --- charts ----------------------------------------------------------------------------------------------------

        /// <summary>The trend as vectors: the target dashed, the results a line with a point per period in its RAG colour, the first and last periods and the scale labelled.</summary>
        private void Chart(PackChart chart)
        {
            const double height = 170, axis = 46;
            var title = Wrap(chart.Title, Bold, ContentWidth);
            Ensure(height + 12 + title.Count * Bold.Height * 1.3);
            Begin(PdfGroupingElementTag.Caption);
            foreach (var line in title)
            {
                _gfx.DrawString(line, Bold, XBrushes.Black, new XPoint(Left, _y + Bold.Height));
                _y += Bold.Height * 1.3;
            }
            End();
            _y += 4;
            var box = new XRect(Left, _y, ContentWidth, height);
            _sb?.BeginElement(PdfIllustrationElementTag.Figure, chart.Description, box);
            var values = chart.Points.SelectMany(p => new[] { p.Value, p.Target }).OfType<decimal>().ToList();
            if (values.Count > 0 && chart.Points.Count > 0)
            {
                var (lo, hi, step) = TrendChart.Scale(values.Min(), values.Max());
                var plot = new XRect(Left + axis, _y + 6, ContentWidth - axis - 10, height - 30);
                double X(int i) => chart.Points.Count == 1 ? plot.Left + plot.Width / 2 : plot.Left + plot.Width * i / (chart.Points.Count - 1);
                double Y(decimal v) => hi == lo ? plot.Top + plot.Height / 2 : plot.Bottom - plot.Height * (double)((v - lo) / (hi - lo));
                for (var v = lo; v <= hi; v += step)
                {
                    _gfx.DrawLine(new XPen(Rule, 0.5), plot.Left, Y(v), plot.Right, Y(v));
                    _gfx.DrawString(Numbers.Format(v, chart.Decimals), Small, XBrushes.Black, new XPoint(plot.Left - 4, Y(v) + 3), XStringFormats.BaseLineRight);
                }
                DrawSeries(chart.Points.Select(p => p.Target).ToList(), new XPen(XColors.Black, 1.2) { DashStyle = XDashStyle.Dash });
                DrawSeries(chart.Points.Select(p => p.Value).ToList(), new XPen(XColor.FromArgb(0x16, 0x54, 0x8A), 2));
                for (var i = 0; i < chart.Points.Count; i++)
                    if (chart.Points[i].Value is { } v)
                        _gfx.DrawEllipse(new XPen(XColors.Black, 0.5), new XSolidBrush(chart.Points[i].Rag == Rag.None ? XColors.White : Colour(PackCell.RagColour(chart.Points[i].Rag))), X(i) - 3, Y(v) - 3, 6, 6);
                _gfx.DrawString(Show.Period(chart.Points[0].Period, chart.Frequency), Small, XBrushes.Black, new XPoint(plot.Left, plot.Bottom + 12), XStringFormats.BaseLineLeft);
                _gfx.DrawString(Show.Period(chart.Points[^1].Period, chart.Frequency), Small, XBrushes.Black, new XPoint(plot.Right, plot.Bottom + 12), XStringFormats.BaseLineRight);
                _gfx.DrawString("Result (solid line, points by RAG); target (dashed line)", Small, XBrushes.Black, new XPoint(plot.Left + plot.Width / 2, plot.Bottom + 24), XStringFormats.BaseLineCenter);

                void DrawSeries(List<decimal?> series, XPen pen)
                {
                    for (var i = 1; i < series.Count; i++)
                        if (series[i - 1] is { } a && series[i] is { } b) _gfx.DrawLine(pen, X(i - 1), Y(a), X(i), Y(b));
                }
            }
            _sb?.End();
            _y += height + 6;
        }
    }

    /// <summary>DejaVu Sans, regular and bold, from the app's own resources: the PDF needs no font on the machine.</summary>
    private sealed class EmbeddedFonts : IFontResolver
    {
        public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
            new(bold ? "DejaVuSans-Bold" : "DejaVuSans", mustSimulateBold: false, mustSimulateItalic: italic);

        public byte[]? GetFont(string faceName)
        {
            using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Steward.Fonts.{faceName}.ttf")
                               ?? throw new InvalidOperationException($"The font {faceName} is missing from the app's resources.");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
    }
}
