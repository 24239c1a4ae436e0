using System.Text.Json;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Committees;

namespace Steward.Features.Reports;

/// <summary>
/// A pack as it was issued to a committee: numbered in turn for its committee (or the whole council) and quarter,
/// with who issued it and when, what changed since the number before, and its files frozen — each format in the
/// Part II and the public version — so the published paper can be given again exactly after results change.
/// </summary>
public class IssuedPack : IOrganisationOwned, IAuditLabelled
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }

    /// <summary>The committee it was issued for; null for the whole council.</summary>
    public int? CommitteeId { get; set; }
    public Committee? Committee { get; set; }

    /// <summary>The committee's id, or 0 for the whole council: numbers are unique per scope and quarter.</summary>
    public int Scope { get; set; }

    /// <summary>The quarter's last month.</summary>
    public Period Period { get; set; }

    /// <summary>1 for the first issue of this committee's pack for this quarter, then 2, 3…</summary>
    public int Number { get; set; }

    public required string Title { get; set; }
    public DateTime IssuedAt { get; set; }

    /// <summary>The name of the person who issued it (the audit log keeps their account).</summary>
    public required string IssuedBy { get; set; }

    /// <summary>The lead officer who signed the pack off before it was issued, and when (null for packs issued before sign-off was asked).</summary>
    public string? SignedOffBy { get; set; }
    public DateTime? SignedOffAt { get; set; }

    /// <summary>What changed since the number before, one line each (figures, sentences, risks); null for the first.</summary>
    public string? Changes { get; set; }

    /// <summary>The pack's content line by line (<see cref="PackFingerprint"/>, JSON), to say what the next issue changes.</summary>
    public required string Fingerprint { get; set; }

    public List<IssuedPackFile> Files { get; set; } = [];

    public string AuditLabel => $"issued pack {Title} {Period} no. {Number}";
}

/// <summary>One frozen file of an issued pack: a format, Part II or public.</summary>
public class IssuedPackFile : IOrganisationOwned
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public int IssuedPackId { get; set; }

    /// <summary>html, docx, pdf or xlsx.</summary>
    public required string Format { get; set; }

    public bool PublicVersion { get; set; }
    public required byte[] Content { get; set; }
}

/// <summary>
/// A pack's content as keyed lines, for saying what changed between two issues: each table row keyed by its table's
/// caption and its first cell, each paragraph and list item by its section and place. Values are the rows' text.
/// </summary>
public static class PackFingerprint
{
    /// <summary>The keyed lines of <paramref name="pack"/>.</summary>
    public static Dictionary<string, string> Of(PackDocument pack)
    {
        var lines = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (label, value) in pack.Cover) lines[$"Cover › {label}"] = value;
        foreach (var section in pack.Sections)
        {
            var n = 0;
            void Add(IEnumerable<PackBlock> blocks)
            {
                foreach (var block in blocks)
                    switch (block)
                    {
                        case PackTable t:
                            foreach (var row in t.Rows) lines[$"{t.Caption} › {row[0].Text}"] = string.Join(" | ", row.Skip(1).Select(c => c.Text));
                            break;
                        case PackChart c:
                            Add([c.Data]);
                            break;
                        case PackFacts f:
                            foreach (var (label, value) in f.Facts) lines[$"{section.Heading} › {++n} › {label}"] = value;
                            break;
                        case PackParagraph p:
                            lines[$"{section.Heading} › {p.Number ?? (++n).ToString()}"] = p.Text;
                            break;
                        case PackExempt x:
                            Add(x.Blocks);
                            break;
                    }
            }
            Add(section.Blocks);
        }
        return lines;
    }

    /// <summary>What <see cref="Compare"/> says of two packs that are the same.</summary>
    public const string NoChange = "No change.";

    /// <summary>A short digest of the keyed lines (SHA-256, hex): what a reader saw, to check it is still what is signed off.</summary>
    public static string Hash(Dictionary<string, string> lines) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(lines)));

    /// <summary>
    /// What changed from <paramref name="before"/> to <paramref name="after"/>, one line each ("Changed: Indicator
    /// figures › CSU02 …: 98.36% | … → 97.00% | …", "Added: …", "Removed: …"), at most <paramref name="most"/> lines
    /// and a count of the rest; "No change." when they are the same.
    /// </summary>
    public static string Compare(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after, int most = 50)
    {
        var lines = new List<string>();
        foreach (var (key, value) in after)
        {
            if (!before.TryGetValue(key, out var old)) lines.Add($"Added: {key}: {value}");
            else if (old != value) lines.Add($"Changed: {key}: {old} → {value}");
        }
        lines.AddRange(before.Keys.Where(k => !after.ContainsKey(k)).Select(k => $"Removed: {k}"));
        if (lines.Count == 0) return NoChange;
        return string.Join("\n", lines.Take(most)) + (lines.Count > most ? $"\n… and {lines.Count - most} more." : "");
    }
}
