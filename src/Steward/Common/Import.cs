using System.Security.Cryptography;
using System.Text;
using Steward.Domain;

namespace Steward.Common;

/// <summary>
/// A file handed to an import: its name as the user gave it, and a way to open its bytes from the start, as often as
/// asked. It is read as a stream, never held in memory whole: once to check it, a second time to write a results file's
/// rows, and once more only to find the line of bytes that are not UTF-8.
/// </summary>
public sealed class ImportFile(string name, Func<Stream> open)
{
    public string Name { get; } = name;

    /// <summary>Opens the file's bytes from the start; the caller disposes the stream.</summary>
    public Stream Open() => open();

    /// <summary>A file on disk, opened for sequential reading.</summary>
    public static ImportFile FromPath(string path) =>
        new(path, () => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan));

    /// <summary>A file already in memory (tests, small uploads).</summary>
    public static ImportFile FromBytes(string name, byte[] content) => new(name, () => new MemoryStream(content, writable: false));
}

/// <summary>One problem with an import, named the way the user can find it: FILE:LINE: column NAME: message.</summary>
public sealed record ImportError(string File, int Line, string Column, string Message)
{
    public override string ToString() => $"{File}:{Line}: column {Column}: {Message}";
}

/// <summary>The errors of one import call, in file, line and column order.</summary>
public sealed class ImportErrors
{
    private readonly List<(int FileIndex, ImportError Error, int Seq)> _errors = [];
    private readonly Dictionary<string, int> _fileOrder = new();

    public void RegisterFile(string name)
    {
        if (!_fileOrder.ContainsKey(name)) _fileOrder[name] = _fileOrder.Count;
    }

    public void Add(string file, int line, string column, string message)
    {
        RegisterFile(file);
        _errors.Add((_fileOrder[file], new ImportError(file, line, column, message), _errors.Count));
    }

    public bool Any => _errors.Count > 0;

    public int Count => _errors.Count;

    public IReadOnlyList<ImportError> Sorted =>
        _errors.OrderBy(e => e.FileIndex).ThenBy(e => e.Error.Line).ThenBy(e => e.Seq).Select(e => e.Error).ToList();
}

/// <summary>A kind of import file, known by its columns.</summary>
public sealed record FileKind(string Name, IReadOnlyList<string> Required, IReadOnlyList<string> Optional)
{
    public bool Knows(string column) => Required.Contains(column) || Optional.Contains(column);
}

/// <summary>
/// A CSV file read for import: columns matched by name (case-insensitive, any order), its rows streamed from the
/// file once, in order, through <see cref="Records"/>. Spreadsheet leftovers are accepted the same way in every
/// kind of file: blank lines (before the header too), rows whose cells are all empty, and columns with a blank
/// header whose cells are all empty.
/// </summary>
public sealed class ImportTable : IDisposable
{
    private readonly ImportErrors _errors;
    private readonly HashAlgorithm _hash;
    private readonly List<int> _unnamed;
    private readonly int _named;
    private CsvRecordReader? _reader;
    private bool _enumerated;
    private bool _readToEnd;

    private ImportTable(ImportFile file, FileKind kind, int headerLine, IReadOnlyList<string> header, Dictionary<string, int> columns,
        CsvRecordReader reader, HashAlgorithm hash, ImportErrors errors)
    {
        File = file;
        Kind = kind;
        HeaderLine = headerLine;
        Header = header;
        Columns = columns;
        _reader = reader;
        _hash = hash;
        _errors = errors;
        _unnamed = Enumerable.Range(0, header.Count).Where(i => header[i].Length == 0).ToList();
        _named = columns.Count == 0 ? 0 : columns.Values.Max() + 1;
    }

    public ImportFile File { get; }
    public FileKind Kind { get; }

    /// <summary>The line of the header: 1, unless blank lines come before it.</summary>
    public int HeaderLine { get; }

    /// <summary>The header's names, trimmed and lower-case ("" for a column without a name).</summary>
    public IReadOnlyList<string> Header { get; }

    public IReadOnlyDictionary<string, int> Columns { get; }

    /// <summary>Rows read so far (all of them once <see cref="Records"/> has been enumerated), not counting skipped empty ones.</summary>
    public int RowCount { get; private set; }

    public bool HasColumn(string name) => Columns.ContainsKey(name);

    /// <summary>
    /// Reads a file's header and recognises its kind: the one whose required columns the header contains.
    /// Returns null (with errors added) when the file cannot be read or its header is wrong.
    /// </summary>
    public static ImportTable? Read(ImportFile file, IReadOnlyList<FileKind> kinds, ImportErrors errors)
    {
        errors.RegisterFile(file.Name);
        var hash = SHA256.Create();
        var reader = new CsvRecordReader(new CryptoStream(file.Open(), hash, CryptoStreamMode.Read));
        var table = ReadHeader(file, kinds, errors, reader, hash);
        if (table is null)
        {
            reader.Dispose();
            hash.Dispose();
        }
        return table;
    }

    private static ImportTable? ReadHeader(ImportFile file, IReadOnlyList<FileKind> kinds, ImportErrors errors, CsvRecordReader reader, HashAlgorithm hash)
    {
        if (!TryNext(file, reader, errors, out var first)) return null;
        if (first is null)
        {
            errors.Add(file.Name, 1, "(header)", "the file is empty: the first line must name the columns");
            return null;
        }

        var line = first.Line;
        var header = first.Fields.Select(h => h.Trim().ToLowerInvariant()).ToList();
        var columns = new Dictionary<string, int>();
        var ok = true;
        for (var i = 0; i < header.Count; i++)
        {
            if (header[i].Length > 0 && !columns.TryAdd(header[i], i))
            {
                errors.Add(file.Name, line, header[i], "the column is named twice");
                ok = false;
            }
        }

        var kind = kinds.FirstOrDefault(k => k.Required.All(columns.ContainsKey));
        if (kind is null)
        {
            // Name what is missing for the kind the header comes closest to.
            var closest = kinds.MaxBy(k => k.Required.Count(columns.ContainsKey) * 100 + k.Optional.Count(columns.ContainsKey))!;
            if (closest.Required.Concat(closest.Optional).Count(c => c != "code" && columns.ContainsKey(c)) < 2)
            {
                errors.Add(file.Name, line, "(header)",
                    "cannot tell what this file holds: " + string.Join("; ", kinds.Select(k => $"{(k.Name is "matrix" or "capital programme" ? $"the {k.Name} needs" : k.Name + " need")} the columns {string.Join(",", k.Required)}")));
                return null;
            }
            foreach (var missing in closest.Required.Where(c => !columns.ContainsKey(c)))
                errors.Add(file.Name, line, missing, $"required column is missing (a file of {closest.Name} needs {string.Join(",", closest.Required)})");
            kind = closest;
            ok = false;
        }
        foreach (var (name, _) in columns.OrderBy(c => c.Value))
        {
            if (!kind.Knows(name))
            {
                errors.Add(file.Name, line, name, $"unknown column for a file of {kind.Name} (known: {string.Join(",", kind.Required.Concat(kind.Optional))})");
                ok = false;
            }
        }
        return ok ? new ImportTable(file, kind, line, header, columns, reader, hash, errors) : null;
    }

    /// <summary>Reads the next record; false (with the error added) when the file is malformed or not UTF-8.</summary>
    private static bool TryNext(ImportFile file, CsvRecordReader reader, ImportErrors errors, out CsvRecord? record)
    {
        record = null;
        try
        {
            record = reader.Next();
            return true;
        }
        catch (MalformedCsvException e)
        {
            errors.Add(file.Name, e.Line, "(all)", e.Message);
        }
        catch (DecoderFallbackException)
        {
            using var again = file.Open();
            errors.Add(file.Name, Csv.LineOfInvalidUtf8(again) ?? 1, "(all)", "the file is not UTF-8 text: save it as \"CSV UTF-8\"");
        }
        return false;
    }

    /// <summary>
    /// The data rows, streamed from the file: can be enumerated once. A row with too many or too few cells, or with
    /// text under a column without a name, is an error and is left out; a malformed line ends the rows with an error.
    /// </summary>
    public IEnumerable<CsvRecord> Records
    {
        get
        {
            if (_enumerated) throw new InvalidOperationException($"The rows of {File.Name} are read once, as they stream from the file.");
            _enumerated = true;
            return Stream();
        }
    }

    private IEnumerable<CsvRecord> Stream()
    {
        var name = File.Name;
        while (_reader is not null)
        {
            if (!TryNext(File, _reader, _errors, out var r)) break;
            if (r is null)
            {
                _readToEnd = true;
                break;
            }
            RowCount++;
            var fields = r.Fields;
            if (fields.Count < _named)
            {
                _errors.Add(name, r.Line, Header[fields.Count] is { Length: > 0 } h ? h : $"{fields.Count + 1}",
                    $"the row has {fields.Count} fields but the header names {Header.Count} columns");
                continue;
            }
            if (Enumerable.Range(Header.Count, Math.Max(0, fields.Count - Header.Count)).FirstOrDefault(i => !string.IsNullOrWhiteSpace(fields[i]), -1) is >= 0)
            {
                _errors.Add(name, r.Line, $"{Header.Count + 1}", $"the row has {fields.Count} fields but the header names {Header.Count} columns");
                continue;
            }
            if (_unnamed.FirstOrDefault(i => i < fields.Count && !string.IsNullOrWhiteSpace(fields[i]), -1) is var unnamed and >= 0)
            {
                _errors.Add(name, r.Line, $"{unnamed + 1}", "the column has no name in the header, so its cells must be empty: name the column or delete it");
                continue;
            }
            yield return r;
        }
        Close();
    }

    /// <summary>SHA-256 of the file's bytes, in lower-case hex (from the rows' own read when it reached the end).</summary>
    public string Sha256()
    {
        if (_readToEnd && _hash.Hash is { } read) return Convert.ToHexStringLower(read);
        using var stream = File.Open();
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private void Close()
    {
        _reader?.Dispose();
        _reader = null;
    }

    public void Dispose()
    {
        Close();
        _hash.Dispose();
    }

    public ImportRow Row(CsvRecord record, ImportErrors errors) => new(this, record, errors);
}

/// <summary>Typed access to one row's cells; every bad cell becomes an error naming line and column.</summary>
public sealed class ImportRow(ImportTable table, CsvRecord record, ImportErrors errors)
{
    public int Line => record.Line;
    public string FileName => table.File.Name;

    public bool Has(string column) => table.HasColumn(column);

    private HashSet<string>? _refused;

    /// <summary>
    /// The trimmed cell, or null when the column is absent; empty when the cell is empty. The apostrophe an export
    /// puts before text a spreadsheet would take for a formula ("'=1+2") is removed (<see cref="Csv.Unneutralise"/>).
    /// Text Steward does not accept (<see cref="Domain.TextRules"/>) is an error of the row, naming the cell, and reads
    /// as null.
    /// </summary>
    public string? Cell(string column)
    {
        if (!table.Columns.TryGetValue(column, out var i)) return null;
        var value = Csv.Unneutralise(record.Fields[i].Trim());
        if (Domain.TextRules.Problem(value) is not { } problem) return value;
        if ((_refused ??= []).Add(column)) Error(column, $"the cell {problem}");
        return null;
    }

    public void Error(string column, string message)
    {
        errors.Add(table.File.Name, record.Line, column, message);
        ErrorCount++;
    }

    /// <summary>Errors reported for this row so far.</summary>
    public int ErrorCount { get; private set; }

    public string Required(string column, int maxLength = 500)
    {
        var v = Cell(column) ?? "";
        if (v.Length == 0) Error(column, "is empty");
        else if (v.Length > maxLength) Error(column, $"is longer than {maxLength} characters");
        return v;
    }

    /// <summary>Optional text: null when absent (leave unchanged), "" when empty (clear).</summary>
    public string? Text(string column, int maxLength = 4000)
    {
        var v = Cell(column);
        if (v is not null && v.Length > maxLength) Error(column, $"is longer than {maxLength} characters");
        return v;
    }

    /// <summary>A number, or null when the cell is empty or absent. <paramref name="ok"/> is false after an error.</summary>
    public decimal? Number(string column, out bool ok)
    {
        ok = true;
        var v = Cell(column);
        if (string.IsNullOrEmpty(v)) return null;
        if (Numbers.TryParse(v, out var d)) return d;
        ok = false;
        if (Numbers.IsOutOfRange(v))
        {
            Error(column, $"'{v}' {Numbers.RangeMessage}");
            return null;
        }
        var hint = v.Contains('%') || v.Contains(',') || v.Any(char.IsLetter)
            ? " (write plain digits with '.' for decimals: no '%', units or thousands separators)"
            : "";
        Error(column, $"'{v}' is not a number{hint}");
        return null;
    }

    /// <summary>A date written YYYY-MM-DD from <paramref name="from"/> to 2100, or null when the cell is empty or absent (an error when <paramref name="required"/>).</summary>
    public DateOnly? Date(string column, bool required = false, int from = 2000)
    {
        var text = Cell(column) ?? "";
        if (text.Length == 0)
        {
            if (required) Error(column, "is empty");
            return null;
        }
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d)
            && d.Year >= from && d.Year <= 2100) return d;
        Error(column, $"'{text}' is not a date from {from} to 2100: write YYYY-MM-DD");
        return null;
    }

    /// <summary>A required rating: green, amber or red (any case); null after an error.</summary>
    public Rag? Rating(string column)
    {
        var text = Cell(column) ?? "";
        if (Words.TryParse(text, out Rag? rag, ("green", Domain.Rag.Green), ("amber", Domain.Rag.Amber), ("red", Domain.Rag.Red))) return rag;
        Error(column, text.Length == 0 ? "is empty: write green, amber or red" : $"'{text}' is not green, amber or red");
        return null;
    }

    public bool? Boolean(string column)
    {
        var v = Cell(column);
        if (string.IsNullOrEmpty(v)) return null;
        if (Words.TryParse(v, out bool? b, ("true", true), ("false", false))) return b;
        Error(column, $"'{v}' is not true or false");
        return null;
    }
}

/// <summary>The keys an import call has seen, so that a duplicate anywhere in the call names both lines.</summary>
public sealed class SeenKeys<TKey> where TKey : notnull
{
    private readonly Dictionary<TKey, (string File, int Line)> _seen = new();

    /// <summary>True the first time a key is seen; else reports "{what} is also at FILE:LINE" on the row's column.</summary>
    public bool FirstTime(TKey key, ImportRow row, string column, string what)
    {
        if (_seen.TryGetValue(key, out var first))
        {
            row.Error(column, $"{what} is also at {first.File}:{first.Line}");
            return false;
        }
        _seen[key] = (row.FileName, row.Line);
        return true;
    }
}

/// <summary>
/// <see cref="SeenKeys{TKey}"/> for the rows of results files, which run to millions: each code is numbered once, and a
/// code and a period are kept as one 64-bit number with the file as an index, some 30 bytes a row.
/// </summary>
public sealed class SeenCodePeriods
{
    private readonly Dictionary<string, int> _codes = new(StringComparer.Ordinal);
    private readonly List<string> _files = [];
    private readonly Dictionary<long, (int File, int Line)> _seen = new(PackedKeys.Comparer);

    /// <summary>
    /// True the first time a code (its <paramref name="codeKey"/>, as <c>Indicator.Key</c> gives it) and period are seen;
    /// else reports "{code} {period} is also at FILE:LINE" on the row's <paramref name="column"/>, with the code as written.
    /// </summary>
    public bool FirstTime(string codeKey, Period period, ImportRow row, string column, string code)
    {
        if (!_codes.TryGetValue(codeKey, out var index)) _codes[codeKey] = index = _codes.Count;
        var key = PackedKeys.Of(index, period);
        if (_seen.TryGetValue(key, out var first))
        {
            row.Error(column, $"{code} {period} is also at {_files[first.File]}:{first.Line}");
            return false;
        }
        var file = _files.Count > 0 && ReferenceEquals(_files[^1], row.FileName) ? _files.Count - 1 : _files.IndexOf(row.FileName);
        if (file < 0)
        {
            file = _files.Count;
            _files.Add(row.FileName);
        }
        _seen[key] = (file, row.Line);
        return true;
    }
}

/// <summary>
/// Thrown while an import writes, when a file read a second time (to write its rows) is no longer the file that was
/// checked: its bytes changed between the two reads. The import's transaction is rolled back; <see cref="Error"/> says so.
/// </summary>
public sealed class ImportFileChangedException(ImportError error) : Exception(error.ToString())
{
    public ImportError Error { get; } = error;

    /// <summary>The error for <paramref name="file"/>, named at its header line.</summary>
    public static ImportFileChangedException For(ImportTable file) =>
        new(new ImportError(file.File.Name, file.HeaderLine, "(all)",
            "the file changed while it was being imported (it is read once to check it and again to write it): nothing was imported, run the import again"));
}

/// <summary>
/// Keys of a number (an indicator's id, a code's index) and a period packed into one 64-bit number, and a comparer that
/// hashes them well: <c>long</c>'s own hash XORs the two halves, which puts a million keys of a few thousand codes and
/// periods into a few thousand buckets.
/// </summary>
public static class PackedKeys
{
    /// <summary>The key of <paramref name="number"/> (any int) and <paramref name="period"/>.</summary>
    public static long Of(int number, Period period) => (long)number << 32 | (uint)period.Key;

    /// <summary>Equality of packed keys, hashed by multiplying by a large odd constant and keeping the high bits.</summary>
    public static IEqualityComparer<long> Comparer { get; } = new MixingComparer();

    private sealed class MixingComparer : IEqualityComparer<long>
    {
        public bool Equals(long x, long y) => x == y;

        public int GetHashCode(long key) => (int)((ulong)key * 0x9E3779B97F4A7C15UL >> 32);
    }
}
