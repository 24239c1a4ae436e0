using System.Text;

namespace Steward.Common;

/// <summary>One CSV record and the line of the file it starts on (the header is line 1).</summary>
public sealed record CsvRecord(int Line, IReadOnlyList<string> Fields);

/// <summary>
/// CSV as councils' spreadsheets write it (RFC 4180): comma-separated, fields with commas, quotes or
/// line breaks in double quotes, UTF-8 with or without a byte-order mark. Line numbers are kept so
/// every message can name the line. Blank lines are skipped.
/// </summary>
public static class Csv
{
    /// <summary>Decodes UTF-8 strictly; a file in another encoding is an error naming the line.</summary>
    public static bool TryDecode(byte[] content, out string text, out int badLine)
    {
        var start = content.Length >= 3 && content[0] == 0xEF && content[1] == 0xBB && content[2] == 0xBF ? 3 : 0;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(content, start, content.Length - start);
            badLine = 0;
            return true;
        }
        catch (DecoderFallbackException e)
        {
            var upTo = Math.Max(0, Math.Min(content.Length, start + e.Index));
            badLine = 1 + content.AsSpan(start, Math.Max(0, upTo - start)).Count((byte)'\n');
            text = "";
            return false;
        }
    }

    /// <summary>
    /// Reads records; returns the line and message of the first malformed field, if any.
    /// Blank lines, and rows whose every field is empty (",,,," from spreadsheets), are skipped.
    /// </summary>
    public static (List<CsvRecord> Records, (int Line, string Message)? Error) Read(string text)
    {
        var records = new List<CsvRecord>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var i = 0;
        var atFieldStart = true;

        void EndRecord()
        {
            fields.Add(field.ToString());
            field.Clear();
            if (fields.Any(f => !string.IsNullOrWhiteSpace(f))) records.Add(new CsvRecord(recordLine, fields.ToList()));
            fields.Clear();
            atFieldStart = true;
        }

        while (i < text.Length)
        {
            var c = text[i];
            if (atFieldStart && c == '"')
            {
                atFieldStart = false;
                var quoteLine = line;
                i++;
                while (true)
                {
                    if (i >= text.Length) return (records, (quoteLine, "a quoted field is not closed"));
                    var q = text[i];
                    if (q == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i += 2; continue; }
                        i++;
                        break;
                    }
                    if (q == '\n') line++;
                    field.Append(q);
                    i++;
                }
                if (i < text.Length && text[i] is not (',' or '\r' or '\n'))
                    return (records, (line, "text follows a closing quote: put the whole field in quotes and double any quote inside it"));
                continue;
            }
            switch (c)
            {
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    atFieldStart = true;
                    break;
                case '\r':
                    break;
                case '\n':
                    EndRecord();
                    line++;
                    recordLine = line;
                    break;
                case '"':
                    return (records, (line, "a quote inside an unquoted field: put the whole field in quotes and double the quote"));
                default:
                    field.Append(c);
                    atFieldStart = false;
                    break;
            }
            i++;
        }
        if (field.Length > 0 || fields.Count > 0) EndRecord();
        return (records, null);
    }

    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 || value != value.Trim() ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }

    public static string Line(params string?[] fields) => string.Join(',', fields.Select(Field));
}
