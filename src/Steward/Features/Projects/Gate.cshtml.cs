using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Accounts;
using Steward.Web;

namespace Steward.Features.Projects;

/// <summary>
/// A project's gate: its acceptance criteria (met, not met, waived with a reason, not yet assessed) and the board's
/// decisions, each with the criteria as they stood. Everyone reads it; the performance team keeps the criteria and
/// records the board's decisions.
/// </summary>
public class GateModel(StewardDb db, CurrentUser user, TimeProvider clock) : PageModel
{
    public Project Project { get; private set; } = null!;
    public ProjectGate Gate { get; private set; } = null!;
    public PeopleNames Names { get; private set; } = null!;
    public bool Manages => user.ManagesFramework;

    [BindProperty] public string? Description { get; set; }
    [BindProperty] public string? Owner { get; set; }
    [BindProperty] public string? Status { get; set; }
    [BindProperty] public string? WaiverReason { get; set; }
    [BindProperty] public string? Evidence { get; set; }
    [BindProperty] public string? Decision { get; set; }
    [BindProperty] public string? Conditions { get; set; }
    [BindProperty] public int Version { get; set; }

    /// <summary>The criterion whose form was posted and refused: it shows what was typed.</summary>
    public int? PostedCriterionId { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, int number) => await LoadAsync(id, number) ?? Page();

    public async Task<IActionResult> OnPostAddCriterionAsync(int id, int number)
    {
        if (await LoadAsync(id, number) is { } missing) return missing;
        if (!Manages) return Forbid();
        var description = FormValues.Blank(Description);
        if (description is null || description.Length > 2000) ModelState.AddModelError("criterion-description", "Enter the criterion, up to 2,000 characters");
        if (Owner?.Trim().Length > 200) ModelState.AddModelError("criterion-owner", "Enter the owner's name, up to 200 characters");
        if (!ModelState.IsValid) return Page();
        Gate.Criteria.Add(new GateCriterion { Description = description!, Owner = FormValues.Blank(Owner) });
        return await SaveCriteriaAsync(id, number);
    }

    public async Task<IActionResult> OnPostCriterionAsync(int id, int number, int criterionId)
    {
        if (await LoadAsync(id, number) is { } missing) return missing;
        if (!Manages) return Forbid();
        if (Gate.Criteria.SingleOrDefault(c => c.Id == criterionId) is not { } criterion) return NotFound();
        PostedCriterionId = criterionId;
        var key = $"criterion-{criterionId}";
        var parsed = FormValues.Named<CriterionStatus>(Status);
        if (parsed is not { } status) { ModelState.AddModelError($"{key}-status", "Choose where the criterion stands"); status = default; }
        if (status == CriterionStatus.Waived && string.IsNullOrWhiteSpace(WaiverReason)) ModelState.AddModelError($"{key}-reason", "Say why the criterion is waived");
        if ((WaiverReason?.Length ?? 0) > TextRules.MaxCommentLength) ModelState.AddModelError($"{key}-reason", TextRules.CommentTooLong("The reason"));
        if (Evidence?.Trim().Length > 500) ModelState.AddModelError($"{key}-evidence", "Enter the evidence's name or address, up to 500 characters");
        if (!ModelState.IsValid) return Page();
        (criterion.Status, criterion.WaiverReason, criterion.Evidence) = (status, status == CriterionStatus.Waived ? WaiverReason!.Trim() : null, FormValues.Blank(Evidence));
        return await SaveCriteriaAsync(id, number);
    }

    public async Task<IActionResult> OnPostDecideAsync(int id, int number)
    {
        if (await LoadAsync(id, number) is { } missing) return missing;
        if (!Manages) return Forbid();
        GateDecisionKind? decision = Decision switch { "go" => GateDecisionKind.Go, "no-go" => GateDecisionKind.NoGo, "conditional-go" => GateDecisionKind.ConditionalGo, _ => null };
        if (decision is null)
        {
            ModelState.AddModelError("decision", "Choose go, go on conditions or no go");
            return Page();
        }
        var seen = Version;
        if (await Gates.DecideAsync(db, Gate, decision.Value, Conditions, user.Email, seen, clock.GetUtcNow().UtcDateTime, HttpContext.RequestAborted) is { } refusal)
        {
            ModelState.AddModelError(refusal.Field, refusal.Message);
            if (refusal.Message == Gates.ConflictMessage) await RefusedAsync(id, number, seen);
            return Page();
        }
        return Redirect($"/projects/{id}/gates/{number}#decisions");
    }

    /// <summary>Saves a change to the criteria, moving the gate's version on against the one the form was read at.</summary>
    private async Task<IActionResult> SaveCriteriaAsync(int id, int number)
    {
        var seen = Version;
        db.Entry(Gate).Property(g => g.Version).OriginalValue = seen;
        db.Entry(Gate).Property(g => g.Version).IsModified = true;
        try
        {
            await db.SaveChangesAsync(HttpContext.RequestAborted);
        }
        catch (DbUpdateException e) when (SaveConflict.Is(e))
        {
            db.ChangeTracker.Clear();
            ModelState.AddModelError("", Gates.ConflictMessage);
            await RefusedAsync(id, number, seen);
            return Page();
        }
        return Redirect($"/projects/{id}/gates/{number}#criteria");
    }

    /// <summary>The gate as it is now, with what changed since <paramref name="seen"/>; the forms keep what was typed.</summary>
    private async Task RefusedAsync(int id, int number, int seen)
    {
        db.ChangeTracker.Clear();
        await LoadAsync(id, number);
        await Audit.EditConflict.ShowAsync<ProjectGate>(this, db, Gate.Id, seen);
        ModelState.Remove(nameof(Version));
    }

    private async Task<IActionResult?> LoadAsync(int id, int number)
    {
        user.RequireOrganisation();
        var project = await db.Projects.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, HttpContext.RequestAborted);
        if (project is null || await Gates.LoadAsync(db, id, number, HttpContext.RequestAborted) is not { } gate) return NotFound();
        (Project, Gate) = (project, gate);
        Names = await PeopleNames.LoadAsync(db, gate.Decisions.Select(d => d.DecidedBy), HttpContext.RequestAborted);
        return null;
    }

    public string? Error(string key) => ModelState[key]?.Errors.FirstOrDefault()?.ErrorMessage;
}
