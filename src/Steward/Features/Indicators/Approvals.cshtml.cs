using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Accounts;
using Steward.Features.Organisations;
using Steward.Web;

namespace Steward.Features.Indicators;

/// <summary>An approver's queue: submitted results of the indicators assigned to them, never their own submissions.</summary>
[RequireRole(Role.Approver)]
public class ApprovalsModel(StewardDb db, CurrentUser user, TimeProvider clock) : PageModel
{
    public PeopleNames Names { get; private set; } = null!;

    public sealed record Item(Result Result, decimal? Target, Rag Rag);

    public Organisation Organisation { get; private set; } = null!;
    public List<Item> Items { get; private set; } = [];
    public List<Result> OwnSubmissions { get; private set; } = [];
    public string? Done { get; private set; }

    public async Task OnGetAsync(string? done)
    {
        Done = done;
        await LoadAsync();
    }

    /// <summary>The result whose decision was refused, and the comment typed for it: shown back in its form.</summary>
    public int? PostedResultId { get; private set; }
    public string? PostedComment { get; private set; }

    public async Task<IActionResult> OnPostAsync(int resultId, int version, string? decision, string? comment)
    {
        if (ApprovalWorkflow.Decision(decision) is not { } action) return BadRequest();
        Organisation = user.RequireOrganisation();
        var result = await db.Results.Include(r => r.Indicator).SingleOrDefaultAsync(r => r.Id == resultId);
        if (result is null) return NotFound();
        var actor = await user.ActorForAsync(db, result.IndicatorId);
        var outcome = await ResultEntry.DecideAsync(db, result, action, actor, comment, version, clock.GetUtcNow().UtcDateTime);
        if (!outcome.Succeeded)
        {
            db.ChangeTracker.Clear();
            (PostedResultId, PostedComment) = (resultId, comment);
            foreach (var (field, message) in outcome.Errors)
                ModelState.AddModelError(field == "comment" ? $"comment-{resultId}" : "", $"{result.Indicator!.Code} {result.Period.Label(result.Indicator.Frequency)}: {message}");
            await LoadAsync();
            // Decided by someone else meanwhile: who, when and what; a comment typed for a result no longer here is given back.
            if (outcome.Conflict)
                await Audit.EditConflict.ShowAsync<Result>(this, db, resultId, version,
                    Items.Any(i => i.Result.Id == resultId) || string.IsNullOrWhiteSpace(comment)
                        ? Audit.EditConflict.KeptTyping
                        : $"It is no longer waiting for a decision. The comment you typed was not saved: “{comment.Trim()}”");
            return Page();
        }
        return Redirect($"/approvals?done={(action == ApprovalAction.Approve ? "approved" : "returned")}");
    }

    private async Task LoadAsync()
    {
        Organisation = user.RequireOrganisation();
        var ids = user.PersonId is { } pid
            ? await db.Assignments.Where(a => a.PersonId == pid && a.Role == AssignmentRole.Approver).Select(a => a.IndicatorId).ToListAsync()
            : [];
        var submitted = (await db.Results.Include(r => r.Indicator)
                .Where(r => ids.Contains(r.IndicatorId) && r.Status == ApprovalStatus.Submitted).ToListAsync())
            .OrderBy(r => r.Indicator!.Code, StringComparer.Ordinal).ThenBy(r => r.Period).ToList();
        OwnSubmissions = submitted.Where(r => string.Equals(r.SubmittedBy, user.Email, StringComparison.OrdinalIgnoreCase)).ToList();
        var mine = submitted.Except(OwnSubmissions).ToList();
        var keys = mine.Select(r => r.IndicatorId).Distinct().ToList();
        var targets = mine.Count == 0 ? null : await TargetLookup.LoadAsync(db, keys, mine.Min(r => r.Period), mine.Max(r => r.Period));
        Items = mine.Select(r =>
        {
            var target = targets!.At(r.IndicatorId, r.Period);
            return new Item(r, target, r.Indicator!.Rate(r.Value, target, Organisation));
        }).ToList();
        Names = await PeopleNames.LoadAsync(db, Items.Select(x => x.Result.SubmittedBy));
    }
}
