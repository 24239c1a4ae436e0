using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Common;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Accounts;
using Steward.Web;

namespace Steward.Features.Projects;

/// <summary>
/// A project's closure report: when it ended and what it cost against the baseline in force and the original, what it
/// delivered, the lessons learned, and the benefits realised so far. Everyone reads it; the project's manager or the
/// performance team writes it, saved against the version read. The performance team then marks the project closed.
/// </summary>
public class ClosureModel(StewardDb db, CurrentUser user, TimeProvider clock) : PageModel
{
    public const string ConflictMessage = "Someone else changed this closure report after you opened it, so your change was not saved";

    public Project Project { get; private set; } = null!;
    public ProjectClosure? Closure { get; private set; }
    public ProjectBaseline? Current { get; private set; }
    public ProjectBaseline? Original { get; private set; }
    public List<BenefitView> Benefits { get; private set; } = [];
    public PeopleNames Names { get; private set; } = null!;
    public bool CanWrite { get; private set; }

    [BindProperty] public string? ActualEnd { get; set; }
    [BindProperty] public string? FinalCost { get; set; }
    [BindProperty] public string? Delivered { get; set; }
    [BindProperty] public string? Lessons { get; set; }
    [BindProperty] public int? Version { get; set; }

    /// <summary>The closure report's end and cost against <paramref name="baseline"/>.</summary>
    public ProjectVariance? Against(ProjectBaseline? baseline) =>
        baseline is null || Closure is null ? null : ProjectVariance.Against(baseline.Plan, Closure.ActualEnd, Closure.FinalCost);

    public async Task<IActionResult> OnGetAsync(int id)
    {
        if (await LoadAsync(id) is { } missing) return missing;
        if (Closure is { } c)
            (ActualEnd, FinalCost, Delivered, Lessons, Version) = (c.ActualEnd.ToString("yyyy-MM-dd"), c.FinalCost is { } f ? Numbers.Plain(f) : null, c.Delivered, c.Lessons, c.Version);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id)
    {
        if (await LoadAsync(id) is { } missing) return missing;
        if (!CanWrite) return Forbid();
        var ct = HttpContext.RequestAborted;
        var end = ModelState.Date(ActualEnd, "closure-end", "Enter the date the project ended, as YYYY-MM-DD");
        if (end > user.RequireOrganisation().Today(clock)) ModelState.AddModelError("closure-end", "The date the project ended cannot be after today");
        decimal? cost = null;
        if (!string.IsNullOrWhiteSpace(FinalCost))
        {
            if (Money.TryParsePounds(FinalCost, out var c)) cost = c;
            else ModelState.AddModelError("closure-cost", "Enter the final cost in pounds, like 10347000");
        }
        var delivered = FormValues.Blank(Delivered);
        if (delivered is null) ModelState.AddModelError("closure-delivered", "Say what the project delivered against its baseline");
        foreach (var (key, text) in new[] { ("closure-delivered", Delivered), ("closure-lessons", Lessons) })
            if ((text?.Length ?? 0) > TextRules.MaxCommentLength) ModelState.AddModelError(key, TextRules.CommentTooLong("The text"));
        if (!ModelState.IsValid) return Page();

        var closure = await db.ProjectClosures.SingleOrDefaultAsync(c => c.ProjectId == id, ct);
        if (closure?.Version != Version) return await RefusedAsync(id, closure);
        closure ??= db.ProjectClosures.Add(new ProjectClosure { ProjectId = id, Delivered = "", WrittenBy = "" }).Entity;
        (closure.ActualEnd, closure.FinalCost, closure.Delivered, closure.Lessons) = (end!.Value, cost, delivered!, FormValues.Blank(Lessons));
        (closure.WrittenBy, closure.WrittenAt) = (user.Email, clock.GetUtcNow().UtcDateTime);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (SaveConflict.Is(e))
        {
            return await RefusedAsync(id, null);
        }
        return Redirect($"/projects/{id}/closure");
    }

    /// <summary>Refuses a save over a report changed (or written) meanwhile: what was typed stays, with who changed what since.</summary>
    private async Task<IActionResult> RefusedAsync(int id, ProjectClosure? now)
    {
        var seen = Version;
        db.ChangeTracker.Clear();
        await LoadAsync(id);
        ModelState.AddModelError("", ConflictMessage);
        if (Closure is { } c) await Audit.EditConflict.ShowAsync<ProjectClosure>(this, db, c.Id, seen);
        ModelState.Remove(nameof(Version));
        Version = Closure?.Version;
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(int id)
    {
        user.RequireOrganisation();
        var ct = HttpContext.RequestAborted;
        var project = await db.Projects.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct);
        if (project is null) return NotFound();
        Project = project;
        CanWrite = ApprovalWorkflow.CanEnter(HighlightEntry.ActorFor(project, user));
        Closure = await db.ProjectClosures.AsNoTracking().SingleOrDefaultAsync(c => c.ProjectId == id, ct);
        var baselines = await db.ProjectBaselines.Where(b => b.ProjectId == id).AsNoTracking().ToListAsync(ct);
        (Current, Original) = (baselines.MaxBy(b => b.Number), baselines.MinBy(b => b.Number));
        Benefits = await BenefitView.LoadAsync(db, id, ct);
        Names = await PeopleNames.LoadAsync(db, [Closure?.WrittenBy], ct);
        return null;
    }

    public string? Error(string key) => ModelState[key]?.Errors.FirstOrDefault()?.ErrorMessage;
}
