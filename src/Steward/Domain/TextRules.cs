using System.Globalization;
using System.Text;

namespace Steward.Domain;

/// <summary>
/// Which characters Steward refuses in text people type or import: control characters other than tab, line feed and
/// carriage return (NUL among them: they corrupt exports and documents); the bidirectional overrides, embeddings and
/// isolates (U+202A–U+202E, U+2066–U+2069), with which "U+202E" turns "exe.pdf" round to disguise a name; a half of
/// a surrogate pair without its other half; and the non-characters U+FFFE and U+FFFF. Everything else — accents,
/// right-to-left scripts (with their ordinary left-to-right and right-to-left marks), emoji — is kept exactly.
/// </summary>
public static class TextRules
{
    /// <summary>
    /// The longest comment Steward keeps — a result's updater and approver comments, a review's commentary, an action's
    /// progress — in characters as .NET counts them (UTF-16 code units: an emoji counts two). Room for a page of
    /// explanation; every output (pages, CSV, Excel, Word, PDF) carries it whole.
    /// </summary>
    public const int MaxCommentLength = 10_000;

    /// <summary>The message for a comment over <see cref="MaxCommentLength"/>: "The comment must be 10,000 characters or fewer".</summary>
    public static string CommentTooLong(string label) => $"{label} must be {MaxCommentLength.ToString("N0", CultureInfo.InvariantCulture)} characters or fewer";

    /// <summary>
    /// Null when <paramref name="text"/> is acceptable, else what is wrong, to follow the field's name:
    /// "contains a control character (U+0000), which Steward does not accept".
    /// </summary>
    public static string? Problem(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { i++; continue; }
            var what = c switch
            {
                '\t' or '\n' or '\r' => null,
                _ when char.IsSurrogate(c) => "half of a character (a broken surrogate pair)",
                _ when char.IsControl(c) => "a control character",
                >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' => "a bidirectional override, which can disguise text",
                '\uFFFE' or '\uFFFF' => "a non-character",
                _ => null,
            };
            if (what is not null) return $"contains {what} (U+{(int)c:X4}), which Steward does not accept";
        }
        return null;
    }
}
