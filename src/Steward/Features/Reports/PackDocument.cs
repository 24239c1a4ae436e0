using Steward.Domain;

namespace Steward.Features.Reports;

/// <summary>
/// The quarterly pack as one document, built once (<see cref="PackBuilder"/>) and rendered to each format (HTML, Word,
/// and in time PDF and Excel) by walking the same blocks, so every format says the same thing. Text is final: values
/// are already in their one display form (<see cref="Common.Show"/>); renderers only lay them out.
/// </summary>
/// <param name="Title">"Quarter 2 2017/18 Performance Report".</param>
/// <param name="Cover">The cover report's fields in the council's usual order (seed 002), label then value.</param>
/// <param name="Sections">Numbered sections, then appendices (whose <see cref="PackSection.Number"/> is a letter).</param>
/// <param name="PublicVersion">True when every exempt (Part II) item was left out.</param>
public sealed record PackDocument(string Title, string Organisation, IReadOnlyList<(string Label, string Value)> Cover, IReadOnlyList<PackSection> Sections,
    bool PublicVersion)
{
    /// <summary>Exempt items included (Part II version) and marked as such.</summary>
    public bool HasExemptContent => Sections.SelectMany(s => s.Blocks).Any(b => b is PackExempt);
}

/// <summary>A numbered section ("3", or "A" for an appendix) with its heading and blocks; <paramref name="NewPage"/> starts it on a new page in paged formats.</summary>
public sealed record PackSection(string Number, string Title, IReadOnlyList<PackBlock> Blocks, bool NewPage = false, bool Appendix = false)
{
    public string Heading => Appendix ? $"Appendix {Number}: {Title}" : $"{Number}. {Title}";
}

/// <summary>One piece of a section's content.</summary>
public abstract record PackBlock;

/// <summary>A sub-heading inside a section (level 2: an exception's report card, a risk).</summary>
public sealed record PackHeading(string Text) : PackBlock;

/// <summary>A paragraph, numbered "3.2" when <paramref name="Number"/> is set (council papers number their paragraphs).</summary>
public sealed record PackParagraph(string Text, string? Number = null) : PackBlock;

/// <summary>A bulleted list.</summary>
public sealed record PackList(IReadOnlyList<string> Items) : PackBlock;

/// <summary>Label and value pairs (a risk's owner, scores and dates; an indicator's lead officer and data owner).</summary>
public sealed record PackFacts(IReadOnlyList<(string Label, string Value)> Facts) : PackBlock;

/// <summary>
/// A table with a caption and header row (repeated on every page in paged formats). A cell may carry a RAG rating or a
/// band colour, shown as the word and, where the format can, a colour beside it (never colour alone).
/// </summary>
public sealed record PackTable(string Caption, IReadOnlyList<PackColumn> Columns, IReadOnlyList<IReadOnlyList<PackCell>> Rows) : PackBlock;

public sealed record PackColumn(string Header, bool Numeric = false, int Width = 1);

/// <param name="Rag">The cell is a RAG rating (its text says which).</param>
/// <param name="Colour">A risk band's colour, #rrggbb, beside its name.</param>
/// <param name="RowHeader">The row's header cell (an indicator or risk code and name).</param>
/// <param name="Number">The number the text shows, for spreadsheets (a numeric cell with <paramref name="Format"/>); null for text.</param>
/// <param name="Format">The spreadsheet number format of <paramref name="Number"/> (<see cref="Common.Show.SpreadsheetFormat"/>).</param>
public sealed record PackCell(string Text, Rag? Rag = null, string? Colour = null, bool RowHeader = false, decimal? Number = null, string? Format = null)
{
    public static implicit operator PackCell(string text) => new(text);

    /// <summary>The colour shown beside the text, #rrggbb: the RAG rating's, else the band's; null for none (and for "Not rated").</summary>
    public string? Swatch => Rag is { } rag && rag != Domain.Rag.None ? RagColour(rag) : Colour;

    /// <summary>Every format's colour for a RAG rating (Green, Amber, otherwise Red), #rrggbb.</summary>
    public static string RagColour(Rag rag) => rag switch
    {
        Domain.Rag.Green => "#00703c",
        Domain.Rag.Amber => "#f47738",
        _ => "#d4351c",
    };

    /// <summary>A whole number, shown and stored as one.</summary>
    public static PackCell Count(int n) => new(n.ToString("N0", System.Globalization.CultureInfo.GetCultureInfo("en-GB")), Number: n, Format: "#,##0");
}

/// <summary>
/// A trend chart of an indicator against its target: the points, the alternative text that describes it, and the same
/// figures as a table (<paramref name="Data"/>) beside it for every reader.
/// </summary>
public sealed record PackChart(string Title, string Description, IReadOnlyList<Indicators.TrendPoint> Points, Frequency Frequency, Unit Unit, int Decimals,
    PackTable Data) : PackBlock;

/// <summary>
/// Marks exempt (Part II) content in the Part II version: the blocks inside are printed under a notice naming the
/// paragraph of Schedule 12A to the Local Government Act 1972 that makes them exempt. Never present in a public version.
/// </summary>
public sealed record PackExempt(string Notice, IReadOnlyList<PackBlock> Blocks) : PackBlock;
