using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Committees;
using Steward.Features.Organisations;

namespace Steward.Features.Reports;

/// <summary>
/// The wording and sign-off of a committee's (or the whole council's) quarterly pack. With <see cref="Quarter"/> set it
/// is one quarter's pack: the words written for it, its lead officer and their sign-off. With <see cref="Quarter"/> 0
/// it is the committee's standing wording, used by every quarter's pack that does not write its own.
/// </summary>
public class PackDraft : IOrganisationOwned, IVersioned, IAuditLabelled
{
    /// <summary>The <see cref="Quarter"/> of a committee's standing wording.</summary>
    public const int Standing = 0;

    public int Id { get; set; }
    public int OrganisationId { get; set; }

    /// <summary>The committee; null for the whole council's pack.</summary>
    public int? CommitteeId { get; set; }
    public Committee? Committee { get; set; }

    /// <summary>The committee's id, or 0 for the whole council: with <see cref="Quarter"/>, unique in the council.</summary>
    public int Scope { get; set; }

    /// <summary>The key (yyyymm) of the quarter's last month, or <see cref="Standing"/>.</summary>
    public int Quarter { get; set; }

    /// <summary>
    /// The officer who writes the report and signs the pack off before it is issued (seed 002's "Report author /
    /// responsible officer"). Null: the standing lead officer, else the work programme's, else the committee's clerk.
    /// </summary>
    public int? LeadOfficerId { get; set; }
    public Person? LeadOfficer { get; set; }

    public List<PackText> Texts { get; set; } = [];

    /// <summary>Who signed the pack off (the lead officer at the time) and when; null until they do.</summary>
    public int? SignedOffById { get; set; }
    public Person? SignedOffBy { get; set; }
    public DateTime? SignedOffAt { get; set; }

    /// <summary>The pack as signed off (<see cref="PackFingerprint"/>, JSON): issuing needs the pack to be exactly this.</summary>
    public string? SignedOffFingerprint { get; set; }

    public int Version { get; set; }

    /// <summary>A new draft for the committee (null: the whole council) and the quarter's key or <see cref="Standing"/>.</summary>
    public static PackDraft For(int? committeeId, int quarter) => new() { CommitteeId = committeeId, Scope = committeeId ?? 0, Quarter = quarter };

    public string AuditLabel => Quarter == Standing ? "standing pack wording" : $"pack {Period.FromKey(Quarter)}";
}

/// <summary>One field of a pack's wording (<see cref="PackWording.Fields"/>), as written for it.</summary>
public class PackText : IOrganisationOwned, IAuditLabelled
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public int PackDraftId { get; set; }

    /// <summary>The field's key: <see cref="WordingField.Key"/>.</summary>
    public required string Field { get; set; }

    /// <summary>The words, with placeholders such as {quarter}; paragraphs separated by a blank line.</summary>
    public required string Text { get; set; }

    public string AuditLabel => $"pack wording: {PackWording.Find(Field)?.Label ?? Field}";
}

/// <summary>A field of the pack's wording: its key, its label on the cover or in the report, and Steward's standard words.</summary>
/// <param name="Paragraphs">Whether the field is numbered paragraphs in the report (separated by a blank line) rather than one cover entry.</param>
public sealed record WordingField(string Key, string Label, string Hint, string Standard, bool Paragraphs = false);

/// <summary>
/// The editable words of the quarterly pack (seed 002's cover report and its numbered sections), Steward's standard
/// words for each, and the placeholders they may hold. Words are chosen from the quarter's own, else the committee's
/// standing words, else the standard.
/// </summary>
public static partial class PackWording
{
    /// <summary>Longest words a field may hold, in characters.</summary>
    public const int MaxLength = 4000;

    public static readonly IReadOnlyList<WordingField> Fields =
    [
        new("on-behalf-of", "Report on behalf of", "Usually the chair or the portfolio holder.", "{chair}"),
        new("purpose", "Purpose of report", "One or two sentences.", "To provide Members with the performance report for {quarter}."),
        new("recommendations", "Recommendations", "What the committee is asked to decide.",
            "That Members note the report and agree follow-up actions on the exceptions."),
        new("priorities", "Corporate priorities", "The council's priorities this report serves.", "{priorities}"),
        new("wards", "Wards affected", "", "All"),
        new("background", "Background papers", "Papers relied on that are open to inspection.", "None"),
        new("glossary", "Glossary", "", "RAG: Red, Amber, Green. {rag-rule} Inherent risk: before controls; current (residual) risk: with the controls in place."),
        new("introduction", "Introduction", "Section 1. Separate paragraphs with a blank line: each is numbered.",
            "This report gives Members the performance of {remit} for {quarter}, from approved results and signed-off risk reviews.\n\n" +
            "Each indicator is rated Red, Amber or Green against its target. Indicators that meet an exception criterion have a report card in section 4, with questions for the committee's discussion.\n\n" +
            "Risks are scored likelihood × impact as last signed off. Risks at or above the council's reporting threshold with amber or red prospects of meeting their target are reported by exception.",
            Paragraphs: true),
        new("financial", "Financial implications", "", "None arising directly from this report."),
        new("legal", "Legal implications", "", "None arising directly from this report."),
        new("risk", "Risk implications", "", "The risks in section 5 are managed through the council's risk management framework and reviewed each quarter."),
        new("equalities", "Equalities implications", "",
            "Equality impact assessments are completed for each service area as part of service planning and reviewed quarterly."),
        new("sustainability", "Sustainability implications", "", "None arising directly from this report."),
        new("conclusions", "Conclusions", "After the summary sentence, which Steward writes from the figures. Separate paragraphs with a blank line.",
            "Members are recommended to note the report and to agree follow-up actions from the standard list in Appendix A on the exceptions in section 4.",
            Paragraphs: true),
    ];

    /// <summary>The placeholders words may hold, and what each gives.</summary>
    public static readonly IReadOnlyList<(string Name, string Gives)> Placeholders =
    [
        ("quarter", "the quarter, \"Q2 2017/18\""),
        ("committee", "the committee's name (the council's for the whole council)"),
        ("council", "the council's name"),
        ("meeting", "the date of the meeting the pack goes to"),
        ("chair", "the committee's chair, \"Cllr Herbert Chapman, Chair\""),
        ("remit", "what the pack covers, as the introduction says it"),
        ("priorities", "the themes in the committee's remit"),
        ("rag-rule", "how the council rates Amber"),
    ];

    public static WordingField? Find(string key) => Fields.FirstOrDefault(f => f.Key == key);

    [GeneratedRegex(@"\{([^{}]*)\}")]
    private static partial Regex Placeholder();

    /// <summary>
    /// What is wrong with <paramref name="text"/> as the words of <paramref name="field"/>, or null when nothing is:
    /// too long, or a placeholder that is not one of <see cref="Placeholders"/>. The message names the field.
    /// </summary>
    public static string? Check(WordingField field, string text)
    {
        if (text.Length > MaxLength) return $"{field.Label} must be {MaxLength:N0} characters or fewer";
        var unknown = Placeholder().Matches(text).Select(m => m.Groups[1].Value).FirstOrDefault(n => Placeholders.All(p => p.Name != n));
        return unknown is null
            ? null
            : $"{field.Label}: {{{unknown}}} is not a placeholder; use {string.Join(", ", Placeholders.Select(p => $"{{{p.Name}}}"))}";
    }

    /// <summary>The words with each placeholder replaced by its value; a placeholder without a value is left as written.</summary>
    public static string Fill(string text, IReadOnlyDictionary<string, string> values) =>
        Placeholder().Replace(text, m => values.TryGetValue(m.Groups[1].Value, out var v) ? v : m.Value);

    /// <summary>The paragraphs of the words: separated by one or more blank lines, each trimmed, line breaks within kept as spaces.</summary>
    public static IReadOnlyList<string> Paragraphs(string text) =>
        BlankLines().Split(text.Replace("\r\n", "\n").Trim())
            .Select(p => string.Join(' ', p.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
            .Where(p => p.Length > 0).ToList();

    [GeneratedRegex(@"\n\s*\n")]
    private static partial Regex BlankLines();

    /// <summary>How a page names a <see cref="WordingSource"/>.</summary>
    public static string Describe(WordingSource source) => source switch
    {
        WordingSource.Pack => "written for this pack",
        WordingSource.Standing => "from the standing wording",
        _ => "Steward's standard wording",
    };

    /// <summary>Words as stored: line endings made "\n" and the ends trimmed.</summary>
    public static string Normalise(string? text) => (text ?? "").Replace("\r\n", "\n").Trim();
}

/// <summary>Where a field's words come from: written for the quarter's pack, the committee's standing wording, or Steward's standard.</summary>
public enum WordingSource
{
    Pack = 1,
    Standing = 2,
    Standard = 3,
}

/// <summary>A pack's wording resolved: the quarter's draft and the committee's standing wording, either of which may be absent.</summary>
public sealed record PackWordingSet(PackDraft? Draft, PackDraft? StandingDraft)
{
    /// <summary>The words of <paramref name="field"/>: the quarter's own, else the standing, else the standard.</summary>
    public string Text(WordingField field) => Own(Draft, field) ?? Own(StandingDraft, field) ?? field.Standard;

    /// <summary>The words the field falls back to when this draft writes none (the standing or the standard).</summary>
    public string Inherited(WordingField field, bool standing) => standing ? field.Standard : Own(StandingDraft, field) ?? field.Standard;

    /// <summary>Where the words of <paramref name="field"/> come from.</summary>
    public WordingSource Source(WordingField field) =>
        Own(Draft, field) is not null ? WordingSource.Pack : Own(StandingDraft, field) is not null ? WordingSource.Standing : WordingSource.Standard;

    private static string? Own(PackDraft? draft, WordingField field) => draft?.Texts.FirstOrDefault(t => t.Field == field.Key)?.Text;

    /// <summary>
    /// Loads the quarter's draft (none for <paramref name="quarter"/> null) and the standing draft of the committee
    /// (null: the whole council), with their texts, lead officers and who signed off. Two queries at most.
    /// </summary>
    public static async Task<PackWordingSet> LoadAsync(StewardDb db, int? committeeId, Period? quarter, bool tracking = false, CancellationToken ct = default)
    {
        var scope = committeeId ?? 0;
        var keys = quarter is { } q ? new[] { PackDraft.Standing, q.Key } : [PackDraft.Standing];
        var query = db.PackDrafts.Where(d => d.Scope == scope && keys.Contains(d.Quarter))
            .Include(d => d.Texts).Include(d => d.LeadOfficer).Include(d => d.SignedOffBy).AsSplitQuery();
        var drafts = await (tracking ? query : query.AsNoTracking()).ToListAsync(ct);
        return new PackWordingSet(quarter is { } p ? drafts.SingleOrDefault(d => d.Quarter == p.Key) : null, drafts.SingleOrDefault(d => d.Quarter == PackDraft.Standing));
    }
}
