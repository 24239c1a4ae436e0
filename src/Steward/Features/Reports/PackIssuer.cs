using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Steward.Common;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Committees;
using Steward.Features.Organisations;

namespace Steward.Features.Reports;

/// <summary>Issues packs: builds the Part II and the public version, renders every format of each, and freezes them numbered.</summary>
public static class PackIssuer
{
    /// <summary>The formats frozen with every issue, and their content types.</summary>
    public static readonly IReadOnlyDictionary<string, string> Formats = new Dictionary<string, string>
    {
        ["pdf"] = "application/pdf",
        ["docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ["xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ["html"] = "text/html; charset=utf-8",
    };

    /// <summary>
    /// Issues the pack of <paramref name="committee"/> (null: the whole council) for the quarter ending <paramref name="period"/>,
    /// as the next number after the last issued for them (saved, audited). Its changes are those since that issue.
    /// ArgumentException when the period does not end a quarter; <see cref="PackRefusedException"/> when the lead officer
    /// has not signed the pack off or it has changed since they did. Two issues racing for one number: the second fails on
    /// the unique number (DbUpdateException) and nothing of it is saved.
    /// </summary>
    public static async Task<IssuedPack> IssueAsync(StewardDb db, Organisation organisation, Committee? committee, Period period, DateOnly today, string issuedBy,
        DateTime now, CancellationToken ct = default)
    {
        var state = await SignOffStateAsync(db, organisation, committee, period, today, ct);
        if (!state.Holds) throw new PackRefusedException(state.Describe());
        var open = await PackBuilder.BuildAsync(db, organisation, new PackRequest(committee, period, PublicVersion: true, today), ct);
        var scope = committee?.Id ?? 0;
        var previous = await db.IssuedPacks.Where(p => p.Scope == scope && p.Period == period).OrderByDescending(p => p.Number)
            .Select(p => new { p.Number, p.Fingerprint }).FirstOrDefaultAsync(ct);
        var issued = new IssuedPack
        {
            CommitteeId = committee?.Id, Scope = scope, Period = period, Number = (previous?.Number ?? 0) + 1, Title = state.Pack.Title, IssuedAt = now, IssuedBy = issuedBy,
            SignedOffBy = state.Draft!.SignedOffBy?.Name, SignedOffAt = state.Draft.SignedOffAt,
            Fingerprint = JsonSerializer.Serialize(state.Fingerprint),
            Changes = previous is null ? null : PackFingerprint.Compare(JsonSerializer.Deserialize<Dictionary<string, string>>(previous.Fingerprint)!, state.Fingerprint),
        };
        foreach (var (pack, isPublic) in new[] { (state.Pack, false), (open, true) })
            foreach (var format in Formats.Keys)
                issued.Files.Add(new IssuedPackFile { Format = format, PublicVersion = isPublic, Content = Render(pack, format) });
        db.IssuedPacks.Add(issued);
        await db.SaveChangesAsync(ct);
        return issued;
    }

    /// <summary>
    /// The Part II pack as it stands, its lead officer, and their sign-off: whether there is one and what has changed
    /// since (null when nothing has). Builds the pack once.
    /// </summary>
    public static async Task<SignOffState> SignOffStateAsync(StewardDb db, Organisation organisation, Committee? committee, Period period, DateOnly today,
        CancellationToken ct = default)
    {
        var request = new PackRequest(committee, period, PublicVersion: false, today);
        var setting = await PackBuilder.SettingAsync(db, organisation, request, ct: ct);
        var pack = await PackBuilder.BuildAsync(db, organisation, request, setting, ct);
        var fingerprint = PackFingerprint.Of(pack);
        var changes = setting.Wording.Draft?.SignedOffFingerprint is { } signed
            ? PackFingerprint.Compare(JsonSerializer.Deserialize<Dictionary<string, string>>(signed)!, fingerprint) is var c && c != PackFingerprint.NoChange ? c : null
            : null;
        return new SignOffState(pack, fingerprint, setting, changes);
    }

    /// <summary>
    /// Records <paramref name="signer"/>'s sign-off of the Part II pack as it stands (saved, audited).
    /// <paramref name="seen"/> is the <see cref="PackFingerprint.Hash"/> of the pack they read. PackRefusedException when
    /// they are not its lead officer, when the pack has exempt information and they are not cleared for it
    /// (<paramref name="clearedForExempt"/>), or when it changed since they read it.
    /// </summary>
    public static async Task SignOffAsync(StewardDb db, Organisation organisation, Committee? committee, Period period, DateOnly today,
        Person signer, bool clearedForExempt, string seen, DateTime now, CancellationToken ct = default)
    {
        var state = await SignOffStateAsync(db, organisation, committee, period, today, ct);
        if (state.LeadOfficer is null) throw new PackRefusedException("This pack has no lead officer: choose one on its wording page first.");
        if (state.LeadOfficer.Id != signer.Id) throw new PackRefusedException($"Only {state.LeadOfficer.Name}, the pack's lead officer, can sign it off.");
        if (state.Pack.HasExemptContent && !clearedForExempt)
            throw new PackRefusedException("The pack has exempt (Part II) information you are not cleared to read: ask an administrator to clear you, then sign off.");
        if (PackFingerprint.Hash(state.Fingerprint) != seen) throw new PackRefusedException("The pack changed while you were reading it: read it again, then sign it off.");
        var draft = await db.PackDrafts.SingleOrDefaultAsync(d => d.Scope == (committee == null ? 0 : committee.Id) && d.Quarter == period.Key, ct);
        if (draft is null) db.PackDrafts.Add(draft = PackDraft.For(committee?.Id, period.Key));
        draft.SignedOffById = signer.Id;
        draft.SignedOffAt = now;
        draft.SignedOffFingerprint = JsonSerializer.Serialize(state.Fingerprint);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The bytes of <paramref name="pack"/> in <paramref name="format"/> (html, docx, pdf or xlsx).</summary>
    public static byte[] Render(PackDocument pack, string format) => format switch
    {
        "docx" => PackWord.Render(pack),
        "pdf" => PackPdf.Render(pack),
        "xlsx" => PackXlsx.Render(pack),
        "html" => Encoding.UTF8.GetBytes(PackHtml.Render(pack)),
        _ => throw new ArgumentException($"no pack format {format}: html, docx, pdf or xlsx", nameof(format)),
    };
}

/// <summary>A pack's lead officer and their sign-off, as <see cref="PackIssuer.SignOffStateAsync"/> found them.</summary>
/// <param name="Pack">The Part II pack as it stands.</param>
/// <param name="Changes">What changed since the sign-off, one line each; null when nothing has or there is no sign-off.</param>
/// <param name="Setting">The pack's setting: its wording, the quarter's draft (with the sign-off) and its lead officer.</param>
public sealed record SignOffState(PackDocument Pack, Dictionary<string, string> Fingerprint, PackBuilder.PackSetting Setting, string? Changes)
{
    public Person? LeadOfficer => Setting.LeadOfficer;
    public PackDraft? Draft => Setting.Wording.Draft;

    public bool SignedOff => Draft?.SignedOffFingerprint is not null;

    /// <summary>Signed off, and the pack is still what was signed off: it may be issued.</summary>
    public bool Holds => SignedOff && Changes is null;

    /// <summary>Why the pack may not be issued, or that it may.</summary>
    public string Describe() =>
        Holds ? $"Signed off by {Draft!.SignedOffBy?.Name} on {Show.DateTime(Draft.SignedOffAt!.Value)}."
        : SignedOff ? $"The pack has changed since {Draft!.SignedOffBy?.Name} signed it off on {Show.DateTime(Draft.SignedOffAt!.Value)}: they need to sign it off again before it is issued."
        : LeadOfficer is null ? "The pack has no lead officer to sign it off: choose one on its wording page."
        : $"{LeadOfficer.Name}, the lead officer, has not signed this pack off: it cannot be issued until they do.";
}

/// <summary>A pack may not be signed off or issued; the message says why, for the person trying.</summary>
public sealed class PackRefusedException(string message) : Exception(message);
