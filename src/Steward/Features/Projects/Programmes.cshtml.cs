using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Web;

namespace Steward.Features.Projects;

/// <summary>
/// The council's programmes: each with its board, directorate and how many projects it holds. Everyone reads them; the
/// performance team renames a programme, or changes its board or directorate, against the version read (its code stays).
/// </summary>
public class ProgrammesModel(StewardDb db, CurrentUser user) : PageModel
{
    public const string ConflictMessage = "Someone else changed this programme after you opened it, so your change was not saved";

    public List<(Programme Programme, int Projects)> Programmes { get; private set; } = [];
    public List<(int Id, string Name)> Directorates { get; private set; } = [];
    public bool Manages => user.ManagesFramework;

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Board { get; set; }
    [BindProperty] public int? DirectorateId { get; set; }
    [BindProperty] public int Version { get; set; }

    /// <summary>The programme whose form was posted and refused.</summary>
    public int? PostedId { get; private set; }

    public async Task OnGetAsync()
    {
        user.RequireOrganisation();
        var ct = HttpContext.RequestAborted;
        var counts = await db.Projects.Where(p => p.ProgrammeId != null).GroupBy(p => p.ProgrammeId!.Value).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        Programmes = (await db.Programmes.Include(p => p.Directorate).AsNoTracking().ToListAsync(ct))
            .OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => (p, counts.GetValueOrDefault(p.Id))).ToList();
        Directorates = (await db.Directorates.Select(d => new { d.Id, d.Name }).ToListAsync(ct)).Select(d => (d.Id, d.Name)).OrderBy(d => d.Name, StringComparer.Ordinal).ToList();
    }

    public async Task<IActionResult> OnPostAsync(int programmeId)
    {
        if (!Manages) return Forbid();
        await OnGetAsync();
        var programme = await db.Programmes.SingleOrDefaultAsync(p => p.Id == programmeId, HttpContext.RequestAborted);
        if (programme is null) return NotFound();
        PostedId = programmeId;
        var key = $"programme-{programmeId}";
        var name = FormValues.Blank(Name);
        if (name is null || name.Length > 200) ModelState.AddModelError($"{key}-name", "Enter the programme's name, up to 200 characters");
        if (Board?.Trim().Length > 200) ModelState.AddModelError($"{key}-board", "Enter the board's name, up to 200 characters");
        if (DirectorateId is { } d && Directorates.All(x => x.Id != d)) ModelState.AddModelError($"{key}-directorate", "Choose a directorate from the list");
        if (ModelState.IsValid)
        {
            (programme.Name, programme.Board, programme.DirectorateId) = (name!, FormValues.Blank(Board), DirectorateId);
            db.Entry(programme).Property(p => p.Version).OriginalValue = Version;
            try
            {
                await db.SaveChangesAsync(HttpContext.RequestAborted);
                return Redirect($"/projects/programmes#{key}");
            }
            catch (DbUpdateException e) when (SaveConflict.Is(e))
            {
                db.ChangeTracker.Clear();
                await OnGetAsync();
                ModelState.AddModelError($"{key}-name", ConflictMessage);
                await Audit.EditConflict.ShowAsync<Programme>(this, db, programmeId, Version);
                ModelState.Remove(nameof(Version));
            }
        }
        return Page();
    }

    public string? Error(string key) => ModelState[key]?.Errors.FirstOrDefault()?.ErrorMessage;
}
