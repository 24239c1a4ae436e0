using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Steward.Features.Demo;
using Steward.Tests.Support;

namespace Steward.Tests.Indicators;

/// <summary>
/// The demo councils' own CSV files (indicators, results, targets, risks, matrix, and the PMO register as exported), broken on purpose hundreds of times
/// with a fixed seed — cut short, lines dropped, swapped or repeated, the header repeated, columns shuffled, other
/// delimiters, byte-order marks, stray quotes, a 200,000-character field, control characters, Latin-1 and UTF-16 — and
/// imported. Never a crash: every import either succeeds or fails with messages that each name a line and column; and a
/// failed import leaves every table of the database exactly as it was (a checksum of every row of every table).
/// </summary>
public partial class ImportFuzzTests : IAsyncLifetime
{
    /// <summary>
    /// Mutated files tried (with a fixed seed, so a failure can be replayed): 2,500 on SQLite and 500 more on PostgreSQL
    /// each CI run — 3,000 files, about two and a half minutes.
    /// </summary>
    private int Tries => _db.Target.SqlitePath is null ? 500 : 2500;
    private const int Seed = 20261130;

    private TestDatabase _db = null!;
    private readonly TempFiles _files = new();

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        await DemoData.LoadIfEmptyAsync(_db.Target);
        // The PMO register's files are the demo's own exports of Digital Dacorum.
        foreach (var verb in ProjectSources)
        {
            var export = await StewardCli.RunAsync(_db, ["export", .. verb.Split(' '), "--org", "DBC"]);
            export.ExitCode.ShouldBe(0, export.Err);
            _sources[verb] = _files.Write($"dacorum-{verb.Split(' ')[0]}.csv", export.Out);
        }
    }

    private static readonly string[] ProjectSources = ["programmes", "projects --full", "milestones", "highlights", "milestone-dates"];
    private readonly Dictionary<string, string> _sources = new();

    public async Task DisposeAsync()
    {
        _files.Dispose();
        await _db.DisposeAsync();
    }

    private static readonly string[] Sources = ["dacorum-indicators.csv", "dacorum-results.csv", "dacorum-targets.csv", "dacorum-risks.csv", "dacorum-matrix.csv"];

    [GeneratedRegex(@"^.+:\d+: column .+: .+$")]
    private static partial Regex ErrorLine();

    [Fact]
    public async Task Broken_files_never_crash_always_name_a_line_and_change_nothing()
    {
        var random = new Random(Seed);
        var before = await ChecksumAsync();
        var (failed, succeeded) = (0, 0);
        for (var i = 0; i < Tries; i++)
        {
            var pick = random.Next(Sources.Length + ProjectSources.Length);
            var source = pick < Sources.Length ? Sources[pick] : Path.GetFileName(_sources[ProjectSources[pick - Sources.Length]]);
            var bytes = File.ReadAllBytes(pick < Sources.Length ? Seeds.DemoFile(source) : _sources[ProjectSources[pick - Sources.Length]]);
            var applied = new List<string>();
            for (var m = random.Next(1, 4); m > 0; m--) bytes = Mutate(bytes, random, applied);
            var path = _files.WriteBytes($"try-{i}-{source}", bytes);
            var what = $"try {i} ({source}: {string.Join(", ", applied)})";

            var run = await StewardCli.RunAsync(_db, "import", "--org", "DBC", path);
            run.ExitCode.ShouldBeOneOf([0, 1], $"{what}: {run.Err}");
            if (run.ExitCode == 0)
            {
                succeeded++;
                before = await ChecksumAsync(); // a file still well-formed imports; what it changed is the new baseline
                continue;
            }
            failed++;
            var lines = run.ErrLines;
            lines.Length.ShouldBeGreaterThan(1, what);
            lines[^1].ShouldMatch(@"^Nothing was imported: \d+ error\(s\)\.$", what);
            foreach (var line in lines[..^1]) line.ShouldMatch(ErrorLine().ToString(), what);
            (await ChecksumAsync()).ShouldBe(before, $"{what} failed but changed the database");
        }
        failed.ShouldBeGreaterThan(Tries / 2);
        succeeded.ShouldBeGreaterThan(0);
    }

    /// <summary>One random way of breaking a file; its name is added to <paramref name="applied"/>.</summary>
    private static byte[] Mutate(byte[] bytes, Random random, List<string> applied)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var lines = text.Split('\n').ToList();
        int AnyLine() => random.Next(lines.Count);
        string Join() => string.Join('\n', lines);
        switch (random.Next(14))
        {
            case 0:
                applied.Add("cut short");
                return bytes[..random.Next(bytes.Length + 1)];
            case 1:
                applied.Add("a line dropped");
                lines.RemoveAt(AnyLine());
                return Encoding.UTF8.GetBytes(Join());
            case 2:
                applied.Add("two lines swapped");
                var (a, b) = (AnyLine(), AnyLine());
                (lines[a], lines[b]) = (lines[b], lines[a]);
                return Encoding.UTF8.GetBytes(Join());
            case 3:
                applied.Add("a line repeated");
                lines.Insert(AnyLine(), lines[AnyLine()]);
                return Encoding.UTF8.GetBytes(Join());
            case 4:
                applied.Add("the header repeated");
                lines.Insert(random.Next(1, lines.Count + 1), lines[0]);
                return Encoding.UTF8.GetBytes(Join());
            case 5:
                applied.Add("a column name repeated");
                var names = lines[0].Split(',');
                names[random.Next(names.Length)] = names[random.Next(names.Length)];
                lines[0] = string.Join(',', names);
                return Encoding.UTF8.GetBytes(Join());
            case 6:
                applied.Add("columns shuffled");
                return Encoding.UTF8.GetBytes(Shuffle(text, random));
            case 7:
                var delimiter = random.Next(2) == 0 ? ";" : "\t";
                applied.Add($"'{(delimiter == "\t" ? "tab" : delimiter)}' for commas");
                return Encoding.UTF8.GetBytes(text.Replace(",", delimiter));
            case 8:
                applied.Add("a byte-order mark");
                return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetPreamble().Take(random.Next(0, 4)), .. bytes];
            case 9:
                applied.Add("a stray quote");
                return Encoding.UTF8.GetBytes(text.Insert(random.Next(text.Length + 1), "\""));
            case 10:
                applied.Add("a 200,000-character field");
                return Encoding.UTF8.GetBytes(text.Insert(random.Next(text.Length + 1), new string('x', 200_000)));
            case 11:
                var control = (char)random.Next(0, 32);
                applied.Add($"U+{(int)control:X4} inserted");
                return Encoding.UTF8.GetBytes(text.Insert(random.Next(text.Length + 1), control.ToString()));
            case 12:
                applied.Add("Latin-1 with a pound sign");
                return Encoding.Latin1.GetBytes(text.Insert(random.Next(text.Length + 1), "£"));
            default:
                applied.Add("UTF-16");
                return [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)];
        }
    }

    /// <summary>The file with its columns in another order, the same in every row (still a good file).</summary>
    private static string Shuffle(string text, Random random)
    {
        var rows = text.Split('\n').Select(l => l.TrimEnd('\r').Split(',')).ToList();
        if (rows.Any(r => r.Length != rows[0].Length) || text.Contains('"')) return text; // quoted commas: left as it is
        var order = Enumerable.Range(0, rows[0].Length).OrderBy(_ => random.Next()).ToArray();
        return string.Join('\n', rows.Select(r => string.Join(',', order.Select(i => r[i]))));
    }

    /// <summary>A SHA-256 of every row of every table but the data-protection keys, in key order.</summary>
    private async Task<string> ChecksumAsync()
    {
        await using var db = _db.Open();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var table in db.Model.GetEntityTypes().Select(t => t.GetTableName()).OfType<string>().Distinct().Where(t => t != "DataProtectionKeys").Order(StringComparer.Ordinal))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\" ORDER BY 1";
            await using DbDataReader reader = await command.ExecuteReaderAsync();
            sha.AppendData(Encoding.UTF8.GetBytes(table));
            while (await reader.ReadAsync())
                for (var c = 0; c < reader.FieldCount; c++)
                    sha.AppendData(Encoding.UTF8.GetBytes((reader.IsDBNull(c) ? "∅" : reader.GetValue(c) is byte[] blob ? Convert.ToHexString(blob)
                        : Convert.ToString(reader.GetValue(c), System.Globalization.CultureInfo.InvariantCulture)) + "|"));
        }
        return Convert.ToHexString(sha.GetHashAndReset());
    }
}
