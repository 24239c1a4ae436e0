using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
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
    /// ArgumentException when the period does not end a quarter. Two issues racing for one number: the second fails on
    /// the unique number and nothing of it is saved.
    /// </summary>
    public static async Task<IssuedPack> IssueAsync(StewardDb db, Organisation organisation, Committee? committee, Period period, DateOnly today, string issuedBy,
        DateTime now, CancellationToken ct = default)
    {
        var partTwo = await PackBuilder.BuildAsync(db, organisation, new PackRequest(committee, period, PublicVersion: false, today), ct);
        var open = await PackBuilder.BuildAsync(db, organisation, new PackRequest(committee, period, PublicVersion: true, today), ct);
        var committeeId = committee?.Id;
        var previous = await db.IssuedPacks.Where(p => p.CommitteeId == committeeId && p.Period == period).OrderByDescending(p => p.Number)
            .Select(p => new { p.Number, p.Fingerprint }).FirstOrDefaultAsync(ct);
        var fingerprint = PackFingerprint.Of(partTwo);
        var issued = new IssuedPack
        {
            CommitteeId = committeeId, Period = period, Number = (previous?.Number ?? 0) + 1, Title = partTwo.Title, IssuedAt = now, IssuedBy = issuedBy,
            Fingerprint = JsonSerializer.Serialize(fingerprint),
            Changes = previous is null ? null : PackFingerprint.Compare(JsonSerializer.Deserialize<Dictionary<string, string>>(previous.Fingerprint)!, fingerprint),
        };
        foreach (var (pack, isPublic) in new[] { (partTwo, false), (open, true) })
            foreach (var format in Formats.Keys)
                issued.Files.Add(new IssuedPackFile { Format = format, PublicVersion = isPublic, Content = Render(pack, format) });
        db.IssuedPacks.Add(issued);
        await db.SaveChangesAsync(ct);
        return issued;
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
