using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Accounts;
using Steward.Features.Indicators;
using Steward.Features.Organisations;
using Steward.Web;

namespace Steward.Features.Projects;

/// <summary>The performance team adds and edits projects: code, name, programme, directorate, sponsor, manager, stage, priorities.</summary>
[RequireRole(Role.PerformanceOfficer, Role.Administrator)]
public class EditModel(StewardDb db) : PageModel
{
    public Project? Existing { get; private set; }
    public List<Programme> Programmes { get; private set; } = [];
    public List<(int Id, string Name)> Directorates { get; private set; } = [];

    [BindProperty] public string? Code { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public int? ProgrammeId { get; set; }
    [BindProperty] public int? DirectorateId { get; set; }
    [BindProperty] public string? Sponsor { get; set; }
    [BindProperty] public string? Manager { get; set; }
    [BindProperty] public string? Stage { get; set; }
    [BindProperty] public string? Priorities { get; set; }
    [BindProperty] public int Version { get; set; }

    public async Task<IActionResult> OnGetAsync(string id)
    {
        if (await LoadAsync(id) is { } missing) return missing;
        if (Existing is { } p)
        {
            (Code, Name, Description, ProgrammeId, DirectorateId) = (p.Code, p.Name, p.Description, p.ProgrammeId, p.DirectorateId);
            (Sponsor, Manager, Stage, Priorities, Version) = (p.Sponsor?.Name, p.Manager?.Name, p.Stage.ToString().ToLowerInvariant(), p.Priorities, p.Version);
        }
        else Stage = "proposal";
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id)
    {
        var ct = HttpContext.RequestAborted;
        if (await LoadAsync(id) is { } missing) return missing;
        var code = Code?.Trim() ?? "";
        if (code.Length == 0) ModelState.AddModelError("code", "Enter a code, like SCSR-01");
        else if (code.Length > 32 || !Indicator.IsValidCode(code)) ModelState.AddModelError("code", "The code can have up to 32 letters, digits and _ . - / and must start with a letter or digit");
        else if (await db.Projects.AnyAsync(p => p.CodeKey == Project.Key(code) && p.Id != (Existing == null ? 0 : Existing.Id), ct))
            ModelState.AddModelError("code", $"Another project already has the code {code}");
        var name = Name?.Trim() ?? "";
        if (name.Length is 0 or > 300) ModelState.AddModelError("name", "Enter the project's name, up to 300 characters");
        if ((Description?.Length ?? 0) > TextRules.MaxCommentLength) ModelState.AddModelError("description", TextRules.CommentTooLong("The description"));
        if (ProgrammeId is { } g && Programmes.All(x => x.Id != g)) ModelState.AddModelError("programme", "Choose a programme from the list");
        if (DirectorateId is { } d && Directorates.All(x => x.Id != d)) ModelState.AddModelError("directorate", "Choose a directorate from the list");
        var stage = FormValues.Named<ProjectStage>(Stage);
        if (stage is null) ModelState.AddModelError("stage", "Choose the stage");
        foreach (var (key, value) in new[] { ("sponsor", Sponsor), ("manager", Manager) })
            if (value?.Trim().Length > 200) ModelState.AddModelError(key, "Enter a name of up to 200 characters");
        if (FormValues.Blank(Sponsor) is { } s1 && FormValues.Blank(Manager) is { } m1 && string.Equals(s1, m1, StringComparison.OrdinalIgnoreCase))
            ModelState.AddModelError("sponsor", "The sponsor approves the manager's highlight reports: name someone other than the manager");
        if (Priorities?.Trim().Length > 500) ModelState.AddModelError("priorities", "Enter the priorities in up to 500 characters");
        if (!ModelState.IsValid) return Page();

        var project = Existing ?? db.Projects.Add(new Project { Code = code, CodeKey = Project.Key(code), Name = name }).Entity;
        if (Existing is not null) db.Entry(project).Property(p => p.Version).OriginalValue = Version;
        var names = new NameResolver(db);
        (project.Code, project.CodeKey, project.Name, project.Description) = (code, Project.Key(code), name, FormValues.Blank(Description));
        (project.ProgrammeId, project.DirectorateId, project.Stage, project.Priorities) = (ProgrammeId, DirectorateId, stage!.Value, FormValues.Blank(Priorities));
        // A name not yet known adds the person; the key follows when they are saved.
        var sponsor = await names.PersonAsync(Sponsor, ct);
        (project.Sponsor, project.SponsorId) = (sponsor, sponsor is null ? null : sponsor.Id == 0 ? project.SponsorId : sponsor.Id);
        var manager = await names.PersonAsync(Manager, ct);
        (project.Manager, project.ManagerId) = (manager, manager is null ? null : manager.Id == 0 ? project.ManagerId : manager.Id);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (SaveConflict.Is(e))
        {
            if (Existing is null || e is not DbUpdateConcurrencyException)
            {
                // Another project given this code meanwhile, or someone else adding the same new person's name.
                db.ChangeTracker.Clear();
                if (await db.Projects.AnyAsync(p => p.CodeKey == Project.Key(code) && p.Id != (Existing == null ? 0 : Existing.Id), ct))
                    ModelState.AddModelError("code", "Someone else has just given a project this code. Choose another code.");
                else ModelState.AddModelError("", "Someone else saved at the same moment, so nothing was saved: save again.");
                return Page();
            }
            Version = await Audit.EditConflict.RefuseAsync(this, db, project.Id, Version, "Someone else changed this project after you opened it, so your change was not saved", project);
            return Page();
        }
        return Redirect($"/projects/{project.Id}");
    }

    private async Task<IActionResult?> LoadAsync(string id)
    {
        var ct = HttpContext.RequestAborted;
        if (id != "new")
        {
            if (!int.TryParse(id, out var n)) return NotFound();
            Existing = await db.Projects.Include(p => p.Sponsor).Include(p => p.Manager).SingleOrDefaultAsync(p => p.Id == n, ct);
            if (Existing is null) return NotFound();
        }
        Programmes = (await db.Programmes.AsNoTracking().ToListAsync(ct)).OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
        Directorates = (await db.Directorates.Select(d => new { d.Id, d.Name }).ToListAsync(ct)).Select(d => (d.Id, d.Name)).OrderBy(d => d.Name, StringComparer.Ordinal).ToList();
        return null;
    }

    public string? Error(string key) => ModelState[key]?.Errors.FirstOrDefault()?.ErrorMessage;
}
