using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Features.Accounts;
using Steward.Features.Risks;
using Steward.Web;

namespace Steward.Features.Reports;

/// <summary>
/// Issued packs: the latest issues, and one issue with what changed since the number before and its frozen files.
/// Everyone may read the public files; the Part II files only people cleared for exempt information (and the risk team).
/// </summary>
public class IssuedModel(StewardDb db, CurrentUser user) : PageModel
{
    public const int Shown = 50;

    public List<IssuedPack> Packs { get; private set; } = [];
    public IssuedPack? Pack { get; private set; }
    public List<(string Format, bool PublicVersion, int Bytes)> Files { get; private set; } = [];
    public bool SeesExempt => user.ManagesRisks() || user.Has(Role.ExemptReader);

    public async Task<IActionResult> OnGetAsync(int? id)
    {
        user.RequireOrganisation();
        if (id is null)
        {
            Packs = await db.IssuedPacks.Include(p => p.Committee).OrderByDescending(p => p.IssuedAt).ThenByDescending(p => p.Id).Take(Shown).AsNoTracking().ToListAsync();
            return Page();
        }
        Pack = await db.IssuedPacks.Include(p => p.Committee).AsNoTracking().SingleOrDefaultAsync(p => p.Id == id);
        if (Pack is null) return NotFound();
        Files = (await db.IssuedPackFiles.Where(f => f.IssuedPackId == id && (f.PublicVersion || SeesExempt))
                .Select(f => new { f.Format, f.PublicVersion, Bytes = f.Content.Length }).ToListAsync())
            .Select(f => (f.Format, f.PublicVersion, f.Bytes)).OrderBy(f => f.PublicVersion).ThenBy(f => PackIssuer.Formats.Keys.ToList().IndexOf(f.Format)).ToList();
        return Page();
    }

    /// <summary>One frozen file, exactly as issued.</summary>
    public async Task<IActionResult> OnGetFileAsync(int id, string format, bool @public)
    {
        var organisation = user.RequireOrganisation();
        if (!@public && !SeesExempt) return Forbid();
        var pack = await db.IssuedPacks.Include(p => p.Committee).AsNoTracking().SingleOrDefaultAsync(p => p.Id == id);
        var file = await db.IssuedPackFiles.AsNoTracking().SingleOrDefaultAsync(f => f.IssuedPackId == id && f.Format == format && f.PublicVersion == @public);
        if (pack is null || file is null || !PackIssuer.Formats.TryGetValue(format, out var type)) return NotFound();
        var name = $"{organisation.Code}-{pack.Committee?.Code ?? "council"}-{pack.Period}-performance-pack-issue-{pack.Number}{(@public ? "-public" : "")}".ToLowerInvariant();
        if (format == "html") Response.Headers.ContentSecurityPolicy = PackHtml.ContentSecurityPolicy(System.Text.Encoding.UTF8.GetString(file.Content));
        return format == "html" ? File(file.Content, type) : File(file.Content, type, $"{name}.{format}");
    }

    public static string FormatName(string format) => format switch
    {
        "pdf" => "PDF",
        "docx" => "Word",
        "xlsx" => "Excel",
        _ => "Web page",
    };
}
