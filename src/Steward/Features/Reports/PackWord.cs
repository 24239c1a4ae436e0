using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Steward.Domain;

namespace Steward.Features.Reports;

/// <summary>
/// The pack as a Word document (.docx, Office Open XML), written with the Open XML SDK: every word in the main document
/// body (no embedded HTML), headings in Word's Heading 1 and 2 styles (so the navigation pane and a screen reader list
/// them), numbered paragraphs, tables with their header row repeated on every page and a caption above, RAG and band
/// cells shaded beside their word, a contents list, and "Page n of m" in the footer. Charts are native Word charts
/// (<see cref="PackWordChart"/>) with their description as alternative text, followed by the table of their figures.
/// </summary>
public static class PackWord
{
    private const string Font = "Arial";

    /// <summary>The document's bytes.</summary>
    public static byte[] Render(PackDocument pack)
    {
        using var stream = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            doc.PackageProperties.Title = pack.Title;
            doc.PackageProperties.Creator = pack.Organisation;
            doc.PackageProperties.Language = "en-GB";
            var main = doc.AddMainDocumentPart();
            AddStyles(main);
            AddNumbering(main);
            var footer = main.AddNewPart<FooterPart>();
            footer.Footer = new Footer(new Paragraph(
                new ParagraphProperties(new Justification { Val = JustificationValues.Center }),
                Run("Page "), Field("PAGE"), Run(" of "), Field("NUMPAGES")));
            var body = new Body();

            body.Append(Para(pack.Organisation, "Subtitle"));
            body.Append(Para(pack.Title, "Title"));
            if (pack.HasExemptContent)
                body.Append(Boxed("Part II: this version contains exempt information, marked where it appears. Not for publication."));
            body.Append(Para("Cover report", "Caption"));
            body.Append(Table([new PackColumn("Item", Width: 2), new PackColumn("Detail", Width: 5)],
                pack.Cover.Select(c => (IReadOnlyList<PackCell>)[new PackCell(c.Label, RowHeader: true), c.Value]).ToList(), header: false));
            body.Append(Para("Contents", "Heading1"));
            foreach (var s in pack.Sections) body.Append(Para(s.Heading, "ListParagraph"));

            foreach (var s in pack.Sections)
            {
                var heading = Para(s.Heading, "Heading1");
                if (s.NewPage) heading.ParagraphProperties!.Append(new PageBreakBefore());
                body.Append(heading);
                foreach (var block in s.Blocks) Block(main, body, block);
            }
            body.Append(new SectionProperties(
                new FooterReference { Type = HeaderFooterValues.Default, Id = main.GetIdOfPart(footer) },
                new PageSize { Width = 11906, Height = 16838 },
                new PageMargin { Top = 1134, Bottom = 1134, Left = 1021, Right = 1021, Header = 567, Footer = 567, Gutter = 0 }));
            main.Document = new Document(body);
            main.Document.Save();
        }
        return stream.ToArray();
    }

    private static void Block(MainDocumentPart main, OpenXmlElement body, PackBlock block)
    {
        switch (block)
        {
            case PackHeading x:
                body.Append(Para(x.Text, "Heading2"));
                break;
            case PackParagraph x:
                var p = Para("", "Normal");
                if (x.Number is { } n) p.Append(Run(n + "  ", bold: true));
                p.Append(Run(x.Text));
                body.Append(p);
                break;
            case PackList x:
                foreach (var item in x.Items)
                {
                    var li = Para(item, "ListParagraph");
                    li.ParagraphProperties!.Append(new NumberingProperties(new NumberingLevelReference { Val = 0 }, new NumberingId { Val = 1 }));
                    body.Append(li);
                }
                break;
            case PackFacts x:
                body.Append(Table([new PackColumn("", Width: 2), new PackColumn("", Width: 5)],
                    x.Facts.Select(f => (IReadOnlyList<PackCell>)[new PackCell(f.Label, RowHeader: true), f.Value]).ToList(), header: false));
                body.Append(Para("", "Normal"));
                break;
            case PackTable x:
                body.Append(Para(x.Caption, "Caption"));
                body.Append(Table(x.Columns, x.Rows, header: true));
                body.Append(Para("", "Normal"));
                break;
            case PackChart x:
                body.Append(Para($"Chart: {x.Title}. {x.Description}", "Normal"));
                body.Append(PackWordChart.Paragraph(main, x, (uint)main.ChartParts.Count() + 1));
                Block(main, body, x.Data);
                break;
            case PackExempt x:
                body.Append(Boxed(x.Notice));
                foreach (var inner in x.Blocks) Block(main, body, inner);
                body.Append(Boxed("End of exempt information."));
                break;
        }
    }

    private static Table Table(IReadOnlyList<PackColumn> columns, IReadOnlyList<IReadOnlyList<PackCell>> rows, bool header)
    {
        const int width = 9864; // A4 less the margins, in twentieths of a point
        var total = columns.Sum(c => c.Width);
        var widths = columns.Select(c => width * c.Width / total).ToList();
        var table = new Table(new TableProperties(
            new TableWidth { Width = width.ToString(), Type = TableWidthUnitValues.Dxa },
            new TableBorders(
                new TopBorder { Val = BorderValues.Single, Size = 4, Color = "B1B4B6" }, new BottomBorder { Val = BorderValues.Single, Size = 4, Color = "B1B4B6" },
                new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4, Color = "B1B4B6" }),
            new TableLayout { Type = TableLayoutValues.Fixed },
            new TableCellMarginDefault(new TopMargin { Width = "40", Type = TableWidthUnitValues.Dxa }, new BottomMargin { Width = "40", Type = TableWidthUnitValues.Dxa }),
            new TableLook { FirstRow = header, FirstColumn = true, Val = "04A0" }));
        table.Append(new TableGrid(widths.Select(w => new GridColumn { Width = w.ToString() })));
        if (header)
        {
            var row = new TableRow(new TableRowProperties(new TableHeader(), new CantSplit()));
            for (var i = 0; i < columns.Count; i++) row.Append(Cell(columns[i].Header, widths[i], columns[i].Numeric, bold: true, shade: "F3F2F1"));
            table.Append(row);
        }
        foreach (var cells in rows)
        {
            var row = new TableRow(new TableRowProperties(new CantSplit()));
            for (var i = 0; i < columns.Count; i++)
            {
                var cell = i < cells.Count ? cells[i] : new PackCell("");
                row.Append(Cell(cell.Text, widths[i], columns[i].Numeric, bold: cell.RowHeader, swatch: cell.Swatch?.TrimStart('#')));
            }
            table.Append(row);
        }
        return table;
    }

    /// <summary>A cell; a swatch is a small shaded square before the word (the word says what it is, the colour only repeats it).</summary>
    private static TableCell Cell(string text, int width, bool numeric, bool bold = false, string? shade = null, string? swatch = null)
    {
        var props = new TableCellProperties(new TableCellWidth { Width = width.ToString(), Type = TableWidthUnitValues.Dxa });
        if (shade is not null) props.Append(new Shading { Val = ShadingPatternValues.Clear, Color = "auto", Fill = shade });
        var p = new Paragraph(new ParagraphProperties(new SpacingBetweenLines { Before = "0", After = "0" },
            new Justification { Val = numeric ? JustificationValues.Right : JustificationValues.Left }));
        if (swatch is not null)
            p.Append(new Run(new RunProperties(new RunFonts { Ascii = "Segoe UI Symbol", HighAnsi = "Segoe UI Symbol" }, new Color { Val = swatch }), new Text("■ ") { Space = SpaceProcessingModeValues.Preserve }));
        p.Append(Run(text, bold));
        return new TableCell(props, p);
    }

    private static Paragraph Para(string text, string style)
    {
        var p = new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = style }));
        if (text.Length > 0) p.Append(Run(text));
        return p;
    }

    private static Paragraph Boxed(string text)
    {
        return new Paragraph(
            new ParagraphProperties(new ParagraphStyleId { Val = "Normal" }, new ParagraphBorders(
                new TopBorder { Val = BorderValues.Single, Size = 18, Color = "D4351C", Space = 4 }, new BottomBorder { Val = BorderValues.Single, Size = 18, Color = "D4351C", Space = 4 },
                new LeftBorder { Val = BorderValues.Single, Size = 18, Color = "D4351C", Space = 4 }, new RightBorder { Val = BorderValues.Single, Size = 18, Color = "D4351C", Space = 4 })),
            Run(text, bold: true));
    }

    /// <summary>
    /// A run of <paramref name="text"/> as typed: its line breaks as Word's line breaks and its tabs as tabs (a w:t's
    /// own line breaks and tabs show as spaces).
    /// </summary>
    private static Run Run(string text, bool bold = false)
    {
        var run = new Run();
        if (bold) run.Append(new RunProperties(new Bold()));
        var lines = text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
        for (var l = 0; l < lines.Length; l++)
        {
            if (l > 0) run.Append(new Break());
            var parts = lines[l].Split('\t');
            for (var t = 0; t < parts.Length; t++)
            {
                if (t > 0) run.Append(new TabChar());
                if (parts[t].Length > 0) run.Append(new Text(parts[t]) { Space = SpaceProcessingModeValues.Preserve });
            }
        }
        return run;
    }

    private static SimpleField Field(string name) => new(Run("1")) { Instruction = $" {name} " };

    private static void AddStyles(MainDocumentPart main)
    {
        var part = main.AddNewPart<StyleDefinitionsPart>();
        Style ParaStyle(string id, string name, int halfPoints, bool bold = false, int? outline = null, int before = 0, int after = 120, string? basedOn = "Normal", string colour = "0B0C0C")
        {
            // Children in the schema's order (Word refuses some documents whose properties are out of order).
            var props = new StyleParagraphProperties();
            if (outline is not null) props.Append(new KeepNext());
            props.Append(new SpacingBetweenLines { Before = before.ToString(), After = after.ToString() });
            if (outline is { } level) props.Append(new OutlineLevel { Val = level });
            var run = new StyleRunProperties(new RunFonts { Ascii = Font, HighAnsi = Font, ComplexScript = Font });
            if (bold) run.Append(new Bold());
            run.Append(new Color { Val = colour }, new FontSize { Val = halfPoints.ToString() }, new FontSizeComplexScript { Val = halfPoints.ToString() });
            var style = new Style(new StyleName { Val = name }, new PrimaryStyle(), props, run) { Type = StyleValues.Paragraph, StyleId = id };
            if (basedOn is not null) style.InsertAfter(new BasedOn { Val = basedOn }, style.StyleName);
            return style;
        }
        var normal = ParaStyle("Normal", "Normal", 22, basedOn: null);
        normal.Default = true;
        part.Styles = new Styles(
            new DocDefaults(new RunPropertiesDefault(new RunPropertiesBaseStyle(new Languages { Val = "en-GB" }))),
            normal,
            ParaStyle("Title", "Title", 40, bold: true, after: 240),
            ParaStyle("Subtitle", "Subtitle", 26, colour: "484949"),
            ParaStyle("Heading1", "heading 1", 32, bold: true, outline: 0, before: 360, after: 160),
            ParaStyle("Heading2", "heading 2", 26, bold: true, outline: 1, before: 280, after: 120),
            ParaStyle("Caption", "caption", 22, bold: true, before: 120, after: 60),
            ParaStyle("ListParagraph", "List Paragraph", 22, after: 60));
        part.Styles.Save();
    }

    private static void AddNumbering(MainDocumentPart main)
    {
        var part = main.AddNewPart<NumberingDefinitionsPart>();
        part.Numbering = new Numbering(
            new AbstractNum(new Level(
                    new NumberingFormat { Val = NumberFormatValues.Bullet }, new LevelText { Val = "•" }, new LevelJustification { Val = LevelJustificationValues.Left },
                    new PreviousParagraphProperties(new Indentation { Left = "567", Hanging = "283" }))
                { LevelIndex = 0 })
            { AbstractNumberId = 1 },
            new NumberingInstance(new AbstractNumId { Val = 1 }) { NumberID = 1 });
        part.Numbering.Save();
    }
}
