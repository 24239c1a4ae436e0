using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Steward.Common;
using Steward.Data;

namespace Steward.Features.Audit;

/// <summary>
/// An audit entry in words, as a councillor or auditor reads it: "Changed result CSU02 2017-09", and each change as
/// "Value: 98.36 → 97" — field names split into words, empty values shown as "(empty)", times in the one display form.
/// </summary>
public static partial class AuditWords
{
    /// <summary>What happened: "Added", "Changed", "Removed", "Signed in", "Imported"…</summary>
    public static string Action(string action) => action switch
    {
        "create" => "Added",
        "update" => "Changed",
        "delete" => "Removed",
        "import" => "Imported",
        "sign-in" => "Signed in",
        "sign-in-failed" => "Sign-in refused",
        "sign-in-waiting" => "Sign-in refused while waiting after failures",
        "sign-in-password-accepted" => "Password accepted, code asked for",
        "sign-in-code-failed" => "Sign-in code refused",
        "two-factor-on" => "Turned on two-factor authentication",
        "two-factor-off" => "Turned off two-factor authentication",
        "two-factor-reset" => "Reset two-factor authentication of",
        "invitation-link-issued" => "Issued an invitation link for",
        "invitation-link-emailed" => "E-mailed an invitation link to",
        "password-reset-link-issued" => "Issued a password reset link for",
        "password-reset-link-emailed" => "E-mailed a password reset link to",
        "password-reset-link-requested" => "Asked for a password reset link, e-mailed to",
        "password-reset-link-not-sent" => "Asked for a password reset link that could not be e-mailed to",
        _ => Sentence(action.Replace('-', ' ')),
    };

    /// <summary>What it happened to: the entry's label where it has one, else its kind in words ("risk review 14").</summary>
    public static string Record(AuditEntry entry) =>
        entry.Label is { } label ? Dated(label) : $"{Words(entry.EntityType)} {entry.EntityId}".Trim();

    /// <summary>A label with its ISO dates ("review 2018-01-15") in their display form.</summary>
    private static string Dated(string label) => IsoDate().Replace(label, m => Show.Date(DateOnly.ParseExact(m.Value, "yyyy-MM-dd")));

    [GeneratedRegex(@"\b\d{4}-\d{2}-\d{2}\b")]
    private static partial Regex IsoDate();

    /// <summary>A value stored by its code name ("InProgress", as enums are): a run of capitalised words, nothing else.</summary>
    [GeneratedRegex("^[A-Z][a-z]+(?:[A-Z][a-z]+)+$")]
    private static partial Regex CodeName();

    /// <summary>
    /// The changes, one line each: "Updater comment: (empty) → Two advisers off sick"; details of an import as "Rows: 120".
    /// Dates and times are in their display form; a login stored as a value is shown by <paramref name="names"/> (a person's name).
    /// </summary>
    public static IReadOnlyList<string> Changes(string? json, Accounts.PeopleNames? names = null)
    {
        string Value(JsonElement v) => AuditWords.Value(v, names);
        if (string.IsNullOrWhiteSpace(json)) return [];
        using var doc = JsonDocument.Parse(json);
        if (doc.RootElement.ValueKind != JsonValueKind.Object) return [Value(doc.RootElement)];
        return doc.RootElement.EnumerateObject().Select(p =>
            p.Name is "Added" or "Removed" or "Changed" && p.Value.ValueKind == JsonValueKind.Array && p.Value.GetArrayLength() == 2
                ? $"{p.Name} {Dated(Value(p.Value[1]))}" // rows under the record: "Added committee member Cllr Anderson"
                : p.Value.ValueKind == JsonValueKind.Array && p.Value.GetArrayLength() == 2
                ? $"{Sentence(Words(p.Name))}: {Value(p.Value[0])} → {Value(p.Value[1])}"
                : $"{Sentence(Words(p.Name))}: {Value(p.Value)}").ToList();
    }

    /// <summary>Every login named in the entries (who made them, and logins stored as values), to look up people's names in one go.</summary>
    public static IEnumerable<string> Identities(IEnumerable<AuditEntry> entries) =>
        entries.SelectMany(e => new[] { e.Actor }.Concat(LoginsIn(e.Changes))).Distinct();

    private static IEnumerable<string> LoginsIn(string? json)
    {
        if (string.IsNullOrWhiteSpace(json) || !json.Contains('@')) yield break;
        using var doc = JsonDocument.Parse(json);
        foreach (var e in Walk(doc.RootElement))
            if (e.ValueKind == JsonValueKind.String && e.GetString() is { } s && s.Contains('@') && !s.Contains(' ')) yield return s;
    }

    private static IEnumerable<JsonElement> Walk(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().SelectMany(p => Walk(p.Value)).ToList(),
        JsonValueKind.Array => e.EnumerateArray().SelectMany(Walk).ToList(),
        _ => [e],
    };

    private static string Value(JsonElement value, Accounts.PeopleNames? names) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => "(empty)",
        JsonValueKind.True => "yes",
        JsonValueKind.False => "no",
        // Stored decimals keep their scale ("16016.0"): shown without trailing zeros, never rounded.
        JsonValueKind.Number => value.TryGetDecimal(out var n) ? n.ToString("0.############################", CultureInfo.InvariantCulture) : value.GetRawText(),
        JsonValueKind.String => value.GetString() is { Length: > 0 } s
            ? DateTime.TryParseExact(s, "O", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? Show.DateTime(at)
            : DateOnly.TryParseExact(s, "yyyy-MM-dd", out var day) ? Show.Date(day)
            : names is not null && s.Contains('@') && !s.Contains(' ') ? names.Of(s)
            : CodeName().IsMatch(s) ? Sentence(Words(s))
            : s
            : "(empty)",
        _ => value.GetRawText(),
    };

    /// <summary>"UpdaterComment" → "updater comment"; "PerformanceOfficer, ExemptReader" → "performance officer, exempt reader"; a few stored names by what they mean ("PasswordHash" → "password").</summary>
    public static string Words(string name) => name switch
    {
        "PasswordHash" => "password",
        "TotpSecret" => "authenticator key",
        "DeactivatedAt" => "deactivated",
        _ => Capitals().Replace(name, " $1").Trim().ToLowerInvariant().Replace("  ", " "),
    };

    private static string Sentence(string words) => words.Length == 0 ? words : char.ToUpperInvariant(words[0]) + words[1..];

    [GeneratedRegex("(?<=[a-z0-9])([A-Z])")]
    private static partial Regex Capitals();
}

/// <summary>The latest changes to one indicator or risk (<see cref="AuditEntry.Subject"/>), with the names of who made them, for its page.</summary>
public sealed record AuditHistory(IReadOnlyList<AuditEntry> Entries, Accounts.PeopleNames Names)
{
    /// <summary>Entries a page shows: its latest changes; the audit trail has the rest.</summary>
    public const int Shown = 20;

    /// <summary>
    /// The latest <see cref="Shown"/> entries about <paramref name="subject"/> ("Indicator:12") in the current
    /// organisation, latest first, through the subject's index; only those of one record of it (a result) when
    /// <paramref name="entityType"/> and <paramref name="entityId"/> are given.
    /// </summary>
    public static async Task<AuditHistory> OfAsync(StewardDb db, string subject, CancellationToken ct = default, string? entityType = null, string? entityId = null)
    {
        var query = db.AuditLog.Where(a => a.Subject == subject);
        if (entityType is not null) query = query.Where(a => a.EntityType == entityType && a.EntityId == entityId);
        var entries = await query.OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Take(Shown).AsNoTracking().ToListAsync(ct);
        return new AuditHistory(entries, await Accounts.PeopleNames.LoadAsync(db, AuditWords.Identities(entries), ct));
    }
}
