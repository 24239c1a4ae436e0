using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Accounts;
using Steward.Features.Organisations;
using Steward.Web;

namespace Steward.Features.Risks;

/// <summary>
/// Risk reviews: what approvers are to sign off, what owners have due, what is overdue, and what a red
/// indicator has flagged.
/// </summary>
[RequireRole(Role.RiskOwner, Role.Approver, Role.PerformanceOfficer, Role.Administrator)]
public class ReviewsModel(StewardDb db, CurrentUser user, TimeProvider clock) : PageModel
{
    public Organisation Organisation { get; private set; } = null!;
    public List<(RiskReview Review, RiskView View)> ToSignOff { get; private set; } = [];
    public List<RiskView> DueForMe { get; private set; } = [];
    public List<RiskView> Overdue { get; private set; } = [];
    public List<RiskView> Flagged { get; private set; } = [];
    public LoadedMatrix? Matrix { get; private set; }
    public PeopleNames Names { get; private set; } = null!;
    public string? Done { get; private set; }

    public async Task OnGetAsync(string? done)
    {
        Done = done;
        await LoadAsync();
    }

    /// <summary>The review whose decision was refused, and the comment typed for it: shown back in its form.</summary>
    public int? PostedReviewId { get; private set; }
    public string? PostedComment { get; private set; }

    public async Task<IActionResult> OnPostAsync(int reviewId, int version, string? decision, string? comment)
    {
        if (ApprovalWorkflow.Decision(decision) is not { } action) return BadRequest();
        Organisation = user.RequireOrganisation();
        var review = await db.RiskReviews.Include(r => r.Risk).SingleOrDefaultAsync(r => r.Id == reviewId);
        if (review is null || !await db.Risks.Visible(user).AnyAsync(r => r.Id == review.RiskId)) return NotFound();
        var outcome = await RiskReviewEntry.DecideAsync(db, Organisation, review, action, await user.RiskActorAsync(db, review.Risk!), comment, version,
            clock.GetUtcNow().UtcDateTime);
        if (!outcome.Succeeded)
        {
            db.ChangeTracker.Clear();
            (PostedReviewId, PostedComment) = (reviewId, comment);
            foreach (var (field, message) in outcome.Errors)
                ModelState.AddModelError(field == "comment" ? $"comment-{reviewId}" : "", $"{review.Risk!.Code}: {message}");
            await LoadAsync();
            // Decided by someone else meanwhile: who, when and what; a comment typed for a review no longer here is given back.
            if (outcome.Conflict)
                await Audit.EditConflict.ShowAsync<RiskReview>(this, db, reviewId, version,
                    ToSignOff.Any(x => x.Review.Id == reviewId) || string.IsNullOrWhiteSpace(comment)
                        ? Audit.EditConflict.KeptTyping
                        : $"It is no longer waiting for sign-off. The comment you typed was not saved: “{comment.Trim()}”");
            return Page();
        }
        return Redirect($"/risks/reviews?done={(action == ApprovalAction.Approve ? "signed-off" : "returned")}");
    }

    /// <summary>How many of each list are shown; the register lists them all.</summary>
    public const int ListSize = 20;

    public int ToSignOffCount { get; private set; }
    public int DueCount { get; private set; }
    public int OverdueCount { get; private set; }
    public int FlaggedCount { get; private set; }

    private async Task LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        Organisation = user.RequireOrganisation();
        var today = Organisation.Today(clock);
        Matrix = await RiskMatrixStore.LoadAsync(db, ct);
        var open = db.Risks.Visible(user).Where(r => !r.Closed);
        var me = user.PersonId ?? -1;

        List<RiskReview> toSignOff = [];
        if (user.Has(Role.Approver))
        {
            var submitted = db.RiskReviews.Where(r => r.Status == ApprovalStatus.Submitted && r.SubmittedBy != user.Email && open.Any(x => x.Id == r.RiskId)
                && db.RiskAssignments.Any(a => a.RiskId == r.RiskId && a.PersonId == me && a.Role == RiskRole.Approver));
            ToSignOffCount = await submitted.CountAsync(ct);
            toSignOff = await submitted.OrderBy(r => r.SubmittedAt).ThenBy(r => r.Id).Take(ListSize).ToListAsync(ct);
        }
        List<int> due = [];
        if (user.Has(Role.RiskOwner))
        {
            // Returned reviews and drafts first (they wait on the owner whatever the date), then reviews due within two
            // weeks or flagged by a red indicator.
            var mine = open.ReviewedBy(me);
            var soon = today.AddDays(14);
            var waiting = await db.RiskReviews.Where(r => (r.Status == ApprovalStatus.Returned || r.Status == ApprovalStatus.Draft) && mine.Any(x => x.Id == r.RiskId))
                .OrderBy(r => r.Status == ApprovalStatus.Returned ? 0 : 1).Select(r => r.RiskId).ToListAsync(ct);
            var flaggedMine = (await RiskQueries.FlaggedAsync(db, Organisation, mine, ct)).ToList();
            var dueSoon = mine.Where(r => !db.RiskReviews.Any(v => v.RiskId == r.Id && v.Status != ApprovalStatus.Approved)
                && (r.NextReviewDate == null || r.NextReviewDate <= soon || flaggedMine.Contains(r.Id)));
            DueCount = waiting.Distinct().Count() + await dueSoon.CountAsync(ct);
            due = waiting.Distinct().Concat(await dueSoon.OrderBy(r => r.NextReviewDate).Select(r => r.Id).Take(ListSize).ToListAsync(ct)).Take(ListSize).ToList();
        }
        var overdue = open.ReviewOverdue(today);
        OverdueCount = await overdue.CountAsync(ct);
        var overdueIds = await overdue.OrderBy(r => r.NextReviewDate).Select(r => r.Id).Take(ListSize).ToListAsync(ct);
        var flagged = await RiskQueries.FlaggedAsync(db, Organisation, open, ct);
        FlaggedCount = flagged.Count;
        var flaggedIds = (await open.Where(r => flagged.Contains(r.Id)).Select(r => new { r.Id, r.Code }).ToListAsync(ct))
            .OrderBy(r => r.Code, StringComparer.Ordinal).Select(r => r.Id).Take(ListSize).ToList();

        var ids = toSignOff.Select(r => r.RiskId).Concat(due).Concat(overdueIds).Concat(flaggedIds).ToHashSet();
        var risks = await db.Risks.Include(r => r.Owner).Where(r => ids.Contains(r.Id)).ToListAsync(ct);
        var views = (await RiskViews.ViewsAsync(db, Organisation, risks, today, pending: true, ct)).ToDictionary(v => v.Risk.Id);
        ToSignOff = toSignOff.Select(r => (r, views[r.RiskId])).ToList();
        DueForMe = due.Select(id => views[id]).ToList();
        Overdue = overdueIds.Select(id => views[id]).ToList();
        Flagged = flaggedIds.Select(id => views[id]).ToList();
        Names = await PeopleNames.LoadAsync(db, ToSignOff.Select(x => x.Review.SubmittedBy), ct);
    }
}
