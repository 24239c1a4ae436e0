using System.Buffers;
using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace Steward.Common;

/// <summary>One CSV record and the line of the file it starts on (the file's own line numbers: the first line is 1).</summary>
public sealed record CsvRecord(int Line, IReadOnlyList<string> Fields);

/// <summary>A file that is not well-formed CSV (or not UTF-8), with the line to look at.</summary>
public sealed class MalformedCsvException(int line, string message) : Exception(message)
{
    /// <summary>The line of the file, from 1.</summary>
    public int Line { get; } = line;
}

/// <summary>
/// Reads CSV as councils' spreadsheets write it (RFC 4180, through CsvHelper's parser) one record at a time,
/// from a stream, so a file of any size is never held in memory: comma-separated, fields with commas, quotes or
/// line breaks in double quotes, LF or CRLF line ends, UTF-8 with or without a byte-order mark. Blank lines and
/// rows whose every field is empty or white space (",,,," from spreadsheets) are skipped. Each record carries the
/// line it starts on, so every message can name it.
/// </summary>
public sealed class CsvRecordReader : IDisposable
{
    private readonly StreamReader _text;
    private readonly CsvParser _parser;
    private string? _badField;

    /// <summary>Reads from <paramref name="stream"/> (disposed with the reader), decoding UTF-8 strictly.</summary>
    public CsvRecordReader(Stream stream)
    {
        // The encoding's preamble is the UTF-8 byte-order mark, so the reader skips one; any other bytes that are
        // not UTF-8 throw a DecoderFallbackException from Next().
        _text = new StreamReader(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true, throwOnInvalidBytes: true),
            detectEncodingFromByteOrderMarks: false);
        _parser = new CsvParser(_text, new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = ",",
            Mode = CsvMode.RFC4180,
            IgnoreBlankLines = true,
            TrimOptions = TrimOptions.None,
            BadDataFound = args => _badField ??= args.Field,
        });
    }

    /// <summary>
    /// The next record with at least one non-blank field, or null at the end of the file.
    /// Throws <see cref="MalformedCsvException"/> for a quote out of place, naming its line, and
    /// <see cref="DecoderFallbackException"/> for bytes that are not UTF-8 (see <see cref="Csv.LineOfInvalidUtf8"/>).
    /// </summary>
    public CsvRecord? Next()
    {
        while (_parser.Read())
        {
            _badField = null;
            var fields = new string[_parser.Count];
            var bad = -1;
            for (var i = 0; i < fields.Length; i++)
            {
                fields[i] = _parser[i];
                if (_badField is not null && bad < 0)
                {
                    bad = i;
                    fields[i] = _badField;
                }
            }
            // The parser counts the lines a record ends on; it starts that many line breaks earlier.
            var line = _parser.RawRow - fields.Sum(Csv.LineBreaks);
            if (bad >= 0) throw Malformed(line + fields.Take(bad).Sum(Csv.LineBreaks), fields[bad]);
            if (fields.All(string.IsNullOrWhiteSpace)) continue;
            return new CsvRecord(line, fields);
        }
        return null;
    }

    private static MalformedCsvException Malformed(int line, string raw)
    {
        if (!raw.StartsWith('"'))
            return new(line, "a quote inside an unquoted field: put the whole field in quotes and double the quote");
        for (var i = 1; i < raw.Length; i++)
        {
            if (raw[i] != '"') continue;
            if (i + 1 < raw.Length && raw[i + 1] == '"') { i++; continue; }
            return new(line + Csv.LineBreaks(raw[..i]), "text follows a closing quote: put the whole field in quotes and double any quote inside it");
        }
        return new(line, "a quoted field is not closed");
    }

    public void Dispose()
    {
        _parser.Dispose();
        _text.Dispose();
    }
}

/// <summary>CSV helpers shared by imports and exports.</summary>
public static class Csv
{
    /// <summary>Line breaks in a field: CRLF, LF or CR each count once.</summary>
    public static int LineBreaks(string text)
    {
        var n = 0;
        for (var i = 0; i < text.Length; i++)
            if (text[i] == '\r' || (text[i] == '\n' && (i == 0 || text[i - 1] != '\r'))) n++;
        return n;
    }

    /// <summary>The line (from 1) holding the first bytes that are not UTF-8; null when the whole stream is UTF-8. Reads the stream to that point.</summary>
    public static int? LineOfInvalidUtf8(Stream stream)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        var chars = ArrayPool<char>.Shared.Rent(64 * 1024);
        try
        {
            var line = 1;
            var kept = 0;
            while (true)
            {
                var read = stream.Read(buffer, kept, buffer.Length - kept);
                var length = kept + read;
                var final = read == 0;
                var status = System.Text.Unicode.Utf8.ToUtf16(buffer.AsSpan(0, length), chars, out var used, out _,
                    replaceInvalidSequences: false, isFinalBlock: final);
                line += buffer.AsSpan(0, used).Count((byte)'\n');
                if (status == OperationStatus.InvalidData) return line;
                if (final) return null;
                kept = length - used;
                buffer.AsSpan(used, kept).CopyTo(buffer);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>
    /// The characters that make a spreadsheet read a cell as a formula (or, for tab and carriage return, shift it):
    /// a text cell starting with one of them is written behind a <see cref="Neutraliser"/>.
    /// </summary>
    public static readonly SearchValues<char> FormulaStarts = SearchValues.Create("=+-@\t\r");

    /// <summary>The apostrophe that makes a spreadsheet show a cell as text.</summary>
    public const char Neutraliser = '\'';

    /// <summary>
    /// A cell as written to an export: text that a spreadsheet would run as a formula gets a leading apostrophe
    /// ("=1+2" → "'=1+2"), as does text that already looks neutralised ("'=x" → "''=x"), so that
    /// <see cref="Unneutralise"/> always gives back the original. Numbers ("-2.1") are left as they are.
    /// </summary>
    public static string Neutralise(string text) =>
        NeedsNeutraliser(text) && !IsPlainNumber(text) ? Neutraliser + text : text;

    /// <summary>The cell as it was before <see cref="Neutralise"/>: one leading apostrophe removed where it neutralises a formula.</summary>
    public static string Unneutralise(string cell) =>
        cell.Length > 1 && cell[0] == Neutraliser && NeedsNeutraliser(cell.AsSpan(1)) ? cell[1..] : cell;

    /// <summary>Apostrophes (any number) followed by a formula character.</summary>
    private static bool NeedsNeutraliser(ReadOnlySpan<char> text)
    {
        var rest = text.TrimStart(Neutraliser);
        return rest.Length > 0 && FormulaStarts.Contains(rest[0]);
    }

    private static bool IsPlainNumber(string text) =>
        decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _)
        && text[0] == '-' && text.Length > 1 && char.IsAsciiDigit(text[^1]);
}

/// <summary>
/// The one writer of every CSV export (web and CLI), through CsvHelper: comma-separated, LF line ends, a field
/// quoted when it holds a comma, quote or line break or starts or ends with white space, and every cell neutralised
/// against spreadsheet formulas (<see cref="Csv.Neutralise"/>), which imports undo.
/// </summary>
public sealed class CsvExport : IDisposable
{
    private readonly CsvWriter _csv;

    /// <summary>Writes to <paramref name="writer"/>, which is left open.</summary>
    public CsvExport(TextWriter writer) =>
        _csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture) { NewLine = "\n", InjectionOptions = InjectionOptions.None }, leaveOpen: true);

    /// <summary>Writes one record; null cells are empty.</summary>
    public void Row(params IEnumerable<string?> cells)
    {
        foreach (var cell in cells)
        {
            var text = Csv.Neutralise(cell ?? "");
            var quote = text.Length > 0 && (text.AsSpan().IndexOfAny(",\"\r\n") >= 0 || char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1]));
            _csv.WriteField(text, quote);
        }
        _csv.NextRecord();
    }

    /// <summary>The text of a CSV file written by <paramref name="write"/>.</summary>
    public static string ToText(Action<CsvExport> write)
    {
        var text = new StringWriter { NewLine = "\n" };
        using (var csv = new CsvExport(text)) write(csv);
        return text.ToString();
    }

    public void Dispose()
    {
        _csv.Flush();
        _csv.Dispose();
    }
}
