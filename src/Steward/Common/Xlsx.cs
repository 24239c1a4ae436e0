using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Steward.Domain;

namespace Steward.Common;

/// <summary>
/// A spreadsheet cell: text, or a number with its display format (<see cref="Show.SpreadsheetFormat"/>); optionally a
/// background colour (#rrggbb, <see cref="Show.RagFill"/>) — never the only sign of what it means.
/// </summary>
public readonly record struct SheetCell(string? Text, decimal? Number = null, string? Format = null, string? Fill = null)
{
    public static implicit operator SheetCell(string? text) => new(text);
}

/// <summary>One worksheet: a name (made unique and valid here), a header row and rows of cells.</summary>
public sealed record Sheet(string Name, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<SheetCell>> Rows);

/// <summary>
/// Excel workbooks (.xlsx, Office Open XML) for every table Steward gives out: numbers as numeric cells with their
/// number format, text as text neutralised as CSV exports are (<see cref="Csv.Neutralise"/>: a value starting =, +, -,
/// @, tab or carriage return never becomes a formula), the header row bold and frozen, and a filter on every column.
/// Sheet names are cut to Excel's 31 characters, stripped of the characters it refuses, and made unique.
/// </summary>
public static class Xlsx
{
    /// <summary>The workbook's bytes; <paramref name="title"/> goes into its document properties.</summary>
    public static byte[] Write(string title, IEnumerable<Sheet> sheets)
    {
        var list = sheets.ToList();
        var styles = list.SelectMany(s => s.Rows).SelectMany(r => r).Select(StyleOf).Where(x => x != default).Distinct().ToList();
        using var stream = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            doc.PackageProperties.Title = title;
            var workbookPart = doc.AddWorkbookPart();
            workbookPart.Workbook = new Workbook();
            AddStyles(workbookPart, styles);
            var sheetsElement = workbookPart.Workbook.AppendChild(new Sheets());
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            uint id = 1;
            foreach (var sheet in list)
            {
                var part = workbookPart.AddNewPart<WorksheetPart>();
                part.Worksheet = Worksheet(sheet, styles);
                sheetsElement.Append(new DocumentFormat.OpenXml.Spreadsheet.Sheet { Id = workbookPart.GetIdOfPart(part), SheetId = id++, Name = UniqueName(sheet.Name, names) });
            }
            workbookPart.Workbook.Save();
        }
        return stream.ToArray();
    }

    /// <summary>
    /// A CSV export (Steward's own, first row the header) as a one-sheet workbook: plain numbers ("98.36", "-4") become
    /// numeric cells, everything else stays text as the file has it (its neutralising apostrophes removed: the workbook
    /// neutralises text itself).
    /// </summary>
    public static byte[] FromCsv(string title, string sheetName, string csv)
    {
        using var reader = new CsvRecordReader(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv)));
        var header = reader.Next()?.Fields ?? [];
        var rows = new List<IReadOnlyList<SheetCell>>();
        while (reader.Next() is { } record)
            rows.Add(record.Fields.Select(f => Numbers.TryParse(f, out var n) ? new SheetCell(f, n) : new SheetCell(Csv.Unneutralise(f))).ToList());
        return Write(title, [new Sheet(sheetName, header, rows)]);
    }

    /// <summary>What a cell's style is made of: the number format (numbers only) and the fill.</summary>
    private static (string? Format, string? Fill) StyleOf(SheetCell cell) => (cell.Number is null ? null : cell.Format, cell.Fill);

    private static Worksheet Worksheet(Sheet sheet, List<(string? Format, string? Fill)> styles)
    {
        var columns = Math.Max(1, sheet.Headers.Count);
        var data = new SheetData();
        var header = new Row { RowIndex = 1 };
        for (var c = 0; c < sheet.Headers.Count; c++) header.Append(TextCell(Reference(c, 1), sheet.Headers[c], style: 1));
        data.Append(header);
        uint r = 2;
        foreach (var row in sheet.Rows)
        {
            var line = new Row { RowIndex = r };
            for (var c = 0; c < row.Count; c++)
            {
                var cell = row[c];
                var style = StyleOf(cell) is var key && key != default ? (uint)(2 + styles.IndexOf(key)) : 0;
                if (cell.Number is { } n)
                    line.Append(new Cell
                    {
                        CellReference = Reference(c, r), DataType = CellValues.Number,
                        CellValue = new CellValue(n.ToString(CultureInfo.InvariantCulture)), StyleIndex = style,
                    });
                else if (!string.IsNullOrEmpty(cell.Text)) line.Append(TextCell(Reference(c, r), cell.Text, style));
                else if (cell.Fill is not null) line.Append(new Cell { CellReference = Reference(c, r), StyleIndex = style });
            }
            data.Append(line);
            r++;
        }
        // Widths from the longest text in each column (within reason): Excel does not size columns itself.
        var widths = Enumerable.Range(0, columns).Select(c =>
            Math.Clamp(sheet.Rows.Select(row => c < row.Count ? (row[c].Text?.Length ?? 8) : 0).Append(c < sheet.Headers.Count ? sheet.Headers[c].Length : 8).Max() + 2, 8, 60)).ToList();
        var worksheet = new Worksheet(
            new SheetViews(new SheetView(new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen }) { WorkbookViewId = 0 }),
            new Columns(widths.Select((w, i) => new Column { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = w, CustomWidth = true })),
            data);
        if (sheet.Headers.Count > 0) worksheet.Append(new AutoFilter { Reference = $"A1:{Reference(columns - 1, (uint)Math.Max(1, sheet.Rows.Count + 1))}" });
        return worksheet;
    }

    private static Cell TextCell(string reference, string text, uint style) => new()
    {
        CellReference = reference, DataType = CellValues.InlineString, StyleIndex = style,
        InlineString = new InlineString(new Text(Csv.Neutralise(text)) { Space = SpaceProcessingModeValues.Preserve }),
    };

    /// <summary>"A1"-style reference of a zero-based column and a one-based row.</summary>
    private static string Reference(int column, uint row)
    {
        var name = "";
        for (var c = column + 1; c > 0; c = (c - 1) / 26) name = (char)('A' + (c - 1) % 26) + name;
        return name + row.ToString(CultureInfo.InvariantCulture);
    }

    private static string UniqueName(string name, HashSet<string> taken)
    {
        var clean = new string(name.Where(ch => ch is not ('[' or ']' or ':' or '*' or '?' or '/' or '\\')).ToArray()).Trim().Trim('\'');
        if (clean.Length == 0) clean = "Sheet";
        clean = clean.Length > 31 ? clean[..31] : clean;
        var candidate = clean;
        for (var i = 2; !taken.Add(candidate); i++)
        {
            var suffix = $" ({i})";
            candidate = (clean.Length + suffix.Length > 31 ? clean[..(31 - suffix.Length)] : clean) + suffix;
        }
        return candidate;
    }

    /// <summary>Style 0 plain, 1 the bold header, then one per number format and fill in <paramref name="styles"/>' order.</summary>
    private static void AddStyles(WorkbookPart workbook, List<(string? Format, string? Fill)> styles)
    {
        var part = workbook.AddNewPart<WorkbookStylesPart>();
        var formats = styles.Select(x => x.Format).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var fills = styles.Select(x => x.Fill).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var numberFormats = new NumberingFormats(formats.Select((f, i) => new NumberingFormat { NumberFormatId = (uint)(164 + i), FormatCode = f })) { Count = (uint)formats.Count };
        var cellFormats = new CellFormats(
            new CellFormat { FontId = 0, FillId = 0, BorderId = 0, NumberFormatId = 0 },
            new CellFormat { FontId = 1, FillId = 0, BorderId = 0, NumberFormatId = 0, ApplyFont = true });
        foreach (var (format, fill) in styles)
            cellFormats.Append(new CellFormat
            {
                FontId = 0, BorderId = 0,
                NumberFormatId = format is null ? 0 : (uint)(164 + formats.IndexOf(format)), ApplyNumberFormat = format is not null,
                FillId = fill is null ? 0 : (uint)(2 + fills.IndexOf(fill)), ApplyFill = fill is not null,
            });
        var fillElements = new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 }));
        foreach (var fill in fills)
            fillElements.Append(new Fill(new PatternFill(new ForegroundColor { Rgb = "FF" + fill.TrimStart('#').ToUpperInvariant() }) { PatternType = PatternValues.Solid }));
        part.Stylesheet = new Stylesheet(
            numberFormats,
            new Fonts(new Font(new FontSize { Val = 11 }, new FontName { Val = "Arial" }), new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "Arial" })),
            fillElements,
            new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder())),
            cellFormats);
        part.Stylesheet.Save();
    }
}
