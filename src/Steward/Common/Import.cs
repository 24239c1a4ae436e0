using System.Security.Cryptography;
using Steward.Domain;

namespace Steward.Common;

/// <summary>A file handed to an import: its name as the user gave it, and its bytes.</summary>
public sealed record ImportFile(string Name, byte[] Content)
{
    public string Sha256 => Convert.ToHexStringLower(SHA256.HashData(Content));
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

/// <summary>A CSV file read for import: columns matched by name (case-insensitive, any order).</summary>
public sealed class ImportTable
{
    private ImportTable(ImportFile file, FileKind kind, Dictionary<string, int> columns, List<CsvRecord> records)
    {
        File = file;
        Kind = kind;
        Columns = columns;
        Records = records;
    }

    public ImportFile File { get; }
    public FileKind Kind { get; }
    public IReadOnlyDictionary<string, int> Columns { get; }
    public IReadOnlyList<CsvRecord> Records { get; }

    public bool HasColumn(string name) => Columns.ContainsKey(name);

    /// <summary>
    /// Reads a file and recognises its kind: the one whose required columns the header contains.
    /// Returns null (with errors added) when the file cannot be read or its header is wrong.
    /// </summary>
    public static ImportTable? Read(ImportFile file, IReadOnlyList<FileKind> kinds, ImportErrors errors)
    {
        errors.RegisterFile(file.Name);
        if (!Csv.TryDecode(file.Content, out var text, out var badLine))
        {
            errors.Add(file.Name, badLine, "(all)", "the file is not UTF-8 text: save it as \"CSV UTF-8\"");
            return null;
        }
        var (records, malformed) = Csv.Read(text);
        if (malformed is { } m)
        {
            errors.Add(file.Name, m.Line, "(all)", m.Message);
            return null;
        }
        if (records.Count == 0 || records[0].Line != 1)
        {
            errors.Add(file.Name, 1, "(header)", "the file is empty: the first line must name the columns");
            return null;
        }

        var header = records[0].Fields.Select(h => h.Trim().ToLowerInvariant()).ToList();
        var columns = new Dictionary<string, int>();
        var ok = true;
        for (var i = 0; i < header.Count; i++)
        {
            if (header[i].Length == 0)
            {
                errors.Add(file.Name, 1, $"{i + 1}", "a column has no name");
                ok = false;
            }
            else if (!columns.TryAdd(header[i], i))
            {
                errors.Add(file.Name, 1, header[i], "the column is named twice");
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
                errors.Add(file.Name, 1, "(header)",
                    "cannot tell what this file holds: " + string.Join("; ", kinds.Select(k => $"{(k.Name == "matrix" ? "the matrix needs" : k.Name + " need")} the columns {string.Join(",", k.Required)}")));
                return null;
            }
            foreach (var missing in closest.Required.Where(c => !columns.ContainsKey(c)))
                errors.Add(file.Name, 1, missing, $"required column is missing (a file of {closest.Name} needs {string.Join(",", closest.Required)})");
            kind = closest;
            ok = false;
        }
        foreach (var (name, _) in columns.OrderBy(c => c.Value))
        {
            if (!kind.Knows(name))
            {
                errors.Add(file.Name, 1, name, $"unknown column for a file of {kind.Name} (known: {string.Join(",", kind.Required.Concat(kind.Optional))})");
                ok = false;
            }
        }
        if (!ok) return null;

        var rows = records.Skip(1).ToList();
        var valid = new List<CsvRecord>(rows.Count);
        foreach (var r in rows)
        {
            if (r.Fields.Count > header.Count)
            {
                errors.Add(file.Name, r.Line, $"{header.Count + 1}", $"the row has {r.Fields.Count} fields but the header names {header.Count} columns");
                continue;
            }
            if (r.Fields.Count < header.Count)
            {
                errors.Add(file.Name, r.Line, header[r.Fields.Count], $"the row has {r.Fields.Count} fields but the header names {header.Count} columns");
                continue;
            }
            valid.Add(r);
        }
        return new ImportTable(file, kind, columns, valid);
    }

    public ImportRow Row(CsvRecord record, ImportErrors errors) => new(this, record, errors);
}

/// <summary>Typed access to one row's cells; every bad cell becomes an error naming line and column.</summary>
public sealed class ImportRow(ImportTable table, CsvRecord record, ImportErrors errors)
{
    public int Line => record.Line;
    public string FileName => table.File.Name;

    public bool Has(string column) => table.HasColumn(column);

    /// <summary>The trimmed cell, or null when the column is absent. Empty when the cell is empty.</summary>
    public string? Cell(string column) => table.Columns.TryGetValue(column, out var i) ? record.Fields[i].Trim() : null;

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

    public bool? Boolean(string column)
    {
        var v = Cell(column);
        if (string.IsNullOrEmpty(v)) return null;
        if (v.Equals("true", StringComparison.OrdinalIgnoreCase)) return true;
        if (v.Equals("false", StringComparison.OrdinalIgnoreCase)) return false;
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
