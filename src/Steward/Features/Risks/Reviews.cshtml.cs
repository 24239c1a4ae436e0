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
            foreach (var (field, message) in outcome.Errors)
                ModelState.AddModelError(field == "comment" ? $"comment-{reviewId}" : "", $"{review.Risk!.Code}: {message}");
            await LoadAsync();
            return Page();
        }
        return Redirect($"/risks/reviews?done={(action == ApprovalAction.Approve ? "signed-off" : "returned")}");
    }

    private async Task LoadAsync()
    {
        Organisation = user.RequireOrganisation();
        var today = Organisation.Today(clock);
        Matrix = await RiskMatrixStore.LoadAsync(db);
        var risks = await db.Risks.Visible(user).Include(r => r.Owner).Include(r => r.Assignments).Where(r => !r.Closed).ToListAsync();
        var views = (await RiskViews.ViewsAsync(db, Organisation, risks, today, pending: true)).ToDictionary(v => v.Risk.Id);
        var me = user.PersonId ?? -1;
        bool Assigned(Risk r, RiskRole role) => r.Assignments.Any(a => a.PersonId == me && a.Role == role);

        if (user.Has(Role.Approver))
        {
            var mine = risks.Where(r => Assigned(r, RiskRole.Approver)).Select(r => r.Id).ToList();
            ToSignOff = (await db.RiskReviews.Where(r => mine.Contains(r.RiskId) && r.Status == ApprovalStatus.Submitted && r.SubmittedBy != user.Email).ToListAsync())
                .Select(r => (r, views[r.RiskId])).OrderBy(x => x.Item2.Risk.Code, StringComparer.Ordinal).ToList();
        }
        if (user.Has(Role.RiskOwner))
        {
            // Returned reviews and drafts first: they wait on the owner whatever the date.
            var soon = today.AddDays(14);
            DueForMe = views.Values.Where(v => (v.Risk.OwnerId == me || Assigned(v.Risk, RiskRole.Reviewer))
                                               && (v.Pending?.Status is ApprovalStatus.Returned or ApprovalStatus.Draft
                                                   || (v.Pending is null && (v.Risk.NextReviewDate is null || v.Risk.NextReviewDate <= soon || v.FlaggedForReview))))
                .OrderBy(v => v.Pending?.Status switch { ApprovalStatus.Returned => 0, ApprovalStatus.Draft => 1, _ => 2 })
                .ThenBy(v => v.Risk.NextReviewDate ?? DateOnly.MinValue).ToList();
        }
        Overdue = views.Values.Where(v => v.ReviewOverdue).OrderBy(v => v.Risk.NextReviewDate).ToList();
        Names = await PeopleNames.LoadAsync(db, ToSignOff.Select(x => x.Review.SubmittedBy));
        Flagged = views.Values.Where(v => v.FlaggedForReview).OrderBy(v => v.Risk.Code, StringComparer.Ordinal).ToList();
    }
}
