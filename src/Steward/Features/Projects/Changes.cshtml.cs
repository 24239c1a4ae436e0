using System.Globalization;
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
/// A project's change requests: everyone in the council reads them; its manager (holding the updater role) or the
/// performance team raises one with its impact on scope, time and cost, and withdraws it while it awaits a decision;
/// its sponsor (holding the approver role) or the performance team records the decision, a rejection with its reason.
/// Each decision is made against the version the form was read at.
/// </summary>
public class ChangesModel(StewardDb db, CurrentUser user, TimeProvider clock) : PageModel
{
    public const string ConflictMessage = "Someone else changed this change request after you opened it, so your decision was not saved";

    public Project Project { get; private set; } = null!;
    public List<ChangeRequest> Requests { get; private set; } = [];
    public PeopleNames Names { get; private set; } = null!;
    public Actor Actor { get; private set; }

    /// <summary>Whether this user raises and withdraws change requests: the project's manager or the performance team.</summary>
    public bool CanRaise => ApprovalWorkflow.CanEnter(Actor);

    /// <summary>Whether this user records decisions: the project's sponsor or the performance team.</summary>
    public bool CanDecide => Actor.IsApprover || Actor.IsPerformanceOfficer;

    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public string? ScopeImpact { get; set; }
    [BindProperty] public string? TimeImpact { get; set; }
    [BindProperty] public string? CostImpact { get; set; }
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public int Version { get; set; }

    /// <summary>The change request whose decision form was posted and refused.</summary>
    public int? PostedId { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id) => await LoadAsync(id) ?? Page();

    public async Task<IActionResult> OnPostRaiseAsync(int id)
    {
        if (await LoadAsync(id) is { } missing) return missing;
        if (!CanRaise) return Forbid();
        var title = FormValues.Blank(Title);
        if (title is null || title.Length > 300) ModelState.AddModelError("change-title", "Enter what the change is, up to 300 characters");
        foreach (var (key, text) in new[] { ("change-description", Description), ("change-scope", ScopeImpact) })
            if ((text?.Length ?? 0) > TextRules.MaxCommentLength) ModelState.AddModelError(key, TextRules.CommentTooLong("The text"));
        int? days = null;
        if (!string.IsNullOrWhiteSpace(TimeImpact))
        {
            if (int.TryParse(TimeImpact.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var d) && Math.Abs(d) <= 3650) days = d;
            else ModelState.AddModelError("change-time", "Enter the days it moves the end by, like 30 (later) or -14 (earlier), up to 3650");
        }
        decimal? cost = null;
        if (!string.IsNullOrWhiteSpace(CostImpact))
        {
            if (Common.Money.TryParseSignedPounds(CostImpact, out var c)) cost = c;
            else ModelState.AddModelError("change-cost", "Enter the cost in pounds, like 25000, or -10000 for a saving");
        }
        if (!ModelState.IsValid) return Page();
        db.ChangeRequests.Add(new ChangeRequest
        {
            ProjectId = id, Number = Requests.Select(r => r.Number).DefaultIfEmpty(0).Max() + 1, Title = title!, Description = FormValues.Blank(Description),
            ScopeImpact = FormValues.Blank(ScopeImpact), TimeImpactDays = days, CostImpact = cost,
            RaisedOn = user.RequireOrganisation().Today(clock), RaisedBy = user.Email, Status = ChangeStatus.Proposed,
        });
        try
        {
            await db.SaveChangesAsync(HttpContext.RequestAborted);
        }
        catch (DbUpdateException e) when (SaveConflict.Is(e))
        {
            db.ChangeTracker.Clear();
            await LoadAsync(id);
            ModelState.AddModelError("change-title", "Someone else raised a change request at the same moment: look at the list again and raise yours if it is still needed");
            return Page();
        }
        return Redirect($"/projects/{id}/changes#requests");
    }

    /// <summary>Approves or rejects a proposed change request (<paramref name="decision"/> "approve", "reject"), or withdraws it ("withdraw").</summary>
    public async Task<IActionResult> OnPostDecideAsync(int id, int changeId, string? decision)
    {
        if (await LoadAsync(id) is { } missing) return missing;
        var request = await db.ChangeRequests.SingleOrDefaultAsync(r => r.Id == changeId && r.ProjectId == id, HttpContext.RequestAborted);
        if (request is null) return NotFound();
        ChangeStatus? status = decision switch { "approve" => ChangeStatus.Approved, "reject" => ChangeStatus.Rejected, "withdraw" => ChangeStatus.Withdrawn, _ => null };
        if (status is null) return BadRequest();
        if (status == ChangeStatus.Withdrawn ? !CanRaise : !CanDecide) return Forbid();
        PostedId = changeId;
        var key = $"change-{changeId}-note";
        if (request.Version != Version) ModelState.AddModelError(key, ConflictMessage);
        else if (request.Status != ChangeStatus.Proposed) ModelState.AddModelError(key, $"This change request is already {Show.Status(request.Status).ToLowerInvariant()}");
        else if (status != ChangeStatus.Withdrawn && string.Equals(request.RaisedBy, user.Email, StringComparison.OrdinalIgnoreCase))
            ModelState.AddModelError(key, "You raised this change request, so someone else decides it: its sponsor or the performance team");
        else if (status == ChangeStatus.Rejected && string.IsNullOrWhiteSpace(Note)) ModelState.AddModelError(key, "Say why the change is rejected");
        else if ((Note?.Length ?? 0) > TextRules.MaxCommentLength) ModelState.AddModelError(key, TextRules.CommentTooLong("The note"));
        if (ModelState.IsValid)
        {
            (request.Status, request.DecidedBy, request.DecidedAt, request.DecisionNote) = (status.Value, user.Email, clock.GetUtcNow().UtcDateTime, FormValues.Blank(Note));
            db.Entry(request).Property(r => r.Version).OriginalValue = Version;
            try
            {
                await db.SaveChangesAsync(HttpContext.RequestAborted);
                return Redirect($"/projects/{id}/changes#change-{request.Number}");
            }
            catch (DbUpdateException e) when (SaveConflict.Is(e))
            {
                ModelState.AddModelError(key, ConflictMessage);
            }
        }
        db.ChangeTracker.Clear();
        await LoadAsync(id);
        if (ModelState[key]?.Errors.Any(x => x.ErrorMessage == ConflictMessage) == true) await Audit.EditConflict.ShowAsync<ChangeRequest>(this, db, changeId, Version);
        ModelState.Remove(nameof(Version));
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(int id)
    {
        user.RequireOrganisation();
        var ct = HttpContext.RequestAborted;
        var project = await db.Projects.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct);
        if (project is null) return NotFound();
        Project = project;
        Actor = HighlightEntry.ActorFor(project, user);
        Requests = await db.ChangeRequests.Where(r => r.ProjectId == id).OrderByDescending(r => r.Number).AsNoTracking().ToListAsync(ct);
        Names = await PeopleNames.LoadAsync(db, Requests.SelectMany(r => new[] { r.RaisedBy, r.DecidedBy }), ct);
        return null;
    }

    public string? Error(string key) => ModelState[key]?.Errors.FirstOrDefault()?.ErrorMessage;
}
