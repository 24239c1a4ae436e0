using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Features.Accounts;
using Steward.Domain;
using Steward.Features.Organisations;
using Steward.Web;

namespace Steward.Features.Risks;

/// <summary>The risk owner's quarterly review: current scores, prospects and a progress commentary, saved or submitted for sign-off.</summary>
public class ReviewModel(StewardDb db, CurrentUser user, TimeProvider clock) : PageModel
{
    public Organisation Organisation { get; private set; } = null!;
    public RiskView View { get; private set; } = null!;
    public Risk Risk => View.Risk;
    public LoadedMatrix? Matrix { get; private set; }
    public RiskReview? Open { get; private set; }
    public PeopleNames Names { get; private set; } = null!;
    public string? Saved { get; private set; }

    [BindProperty] public string? ReviewDate { get; set; }
    [BindProperty] public int? ResidualLikelihood { get; set; }
    [BindProperty] public int? ResidualImpact { get; set; }
    [BindProperty] public int? TargetLikelihood { get; set; }
    [BindProperty] public int? TargetImpact { get; set; }
    [BindProperty] public string? TargetDate { get; set; }
    [BindProperty] public string? Prospects { get; set; }
    [BindProperty] public string? Commentary { get; set; }
    [BindProperty] public int RiskVersion { get; set; }
    [BindProperty] public int? ReviewVersion { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, string? saved)
    {
        if (await LoadAsync(id) is { } refused) return refused;
        Saved = saved;
        var r = Risk;
        ReviewDate = (Open?.ReviewDate ?? Organisation.Today(clock)).ToString("yyyy-MM-dd");
        // A review in progress keeps what the owner proposed; a new one starts from the last signed-off position.
        if (Open is { } o)
        {
            (ResidualLikelihood, ResidualImpact, TargetLikelihood, TargetImpact) = (o.ResidualLikelihood, o.ResidualImpact, o.TargetLikelihood, o.TargetImpact);
            (TargetDate, Prospects) = (o.TargetDate?.ToString("yyyy-MM-dd"), o.Prospects?.Name());
        }
        else
        {
            (ResidualLikelihood, ResidualImpact, TargetLikelihood, TargetImpact) = (r.ResidualLikelihood, r.ResidualImpact, r.TargetLikelihood, r.TargetImpact);
            (TargetDate, Prospects) = (r.TargetDate?.ToString("yyyy-MM-dd"), r.Prospects?.Name());
        }
        Commentary = Open?.Commentary;
        (RiskVersion, ReviewVersion) = (r.Version, Open?.Version);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, string? action)
    {
        if (await LoadAsync(id) is { } refused) return refused;
        var reviewDate = ModelState.Date(ReviewDate, "review-date", missing: "Enter the date of the review, like 2017-12-31");
        var targetDate = ModelState.Date(TargetDate, "target-date");
        Prospects? prospects = null;
        if (!string.IsNullOrEmpty(Prospects) && !RiskRules.TryParseProspects(Prospects, out prospects)) ModelState.AddModelError("prospects", "Select the prospects");
        if (!ModelState.IsValid) return Page();

        var act = action == "submit" ? ApprovalAction.Submit : ApprovalAction.SaveDraft;
        var outcome = await RiskReviewEntry.SaveAsync(db, Risk,
            new ReviewForm(reviewDate!.Value, ResidualLikelihood, ResidualImpact, TargetLikelihood, TargetImpact, targetDate, prospects, Commentary),
            act, await user.RiskActorAsync(db, Risk), RiskVersion, ReviewVersion, clock.GetUtcNow().UtcDateTime, Organisation.Today(clock));
        if (!outcome.Succeeded)
        {
            foreach (var (field, message) in outcome.Errors) ModelState.AddModelError(field, message);
            if (outcome.Conflict)
            {
                // Keep what was typed, show who changed the review (or else the risk), when and what, and take the
                // versions as they are now so saving again is deliberate.
                db.ChangeTracker.Clear();
                await LoadAsync(id);
                if (Open is { } open && open.Version != ReviewVersion) await Audit.EditConflict.ShowAsync<RiskReview>(this, db, open.Id, ReviewVersion);
                else await Audit.EditConflict.ShowAsync<Risk>(this, db, id, RiskVersion);
                (RiskVersion, ReviewVersion) = (Risk.Version, Open?.Version);
            }
            return Page();
        }
        return Redirect($"/risks/{id}/review?saved={(act == ApprovalAction.Submit ? "submitted" : "draft")}");
    }

    private async Task<IActionResult?> LoadAsync(int id)
    {
        Organisation = user.RequireOrganisation();
        var risk = await db.Risks.Visible(user).Include(r => r.Owner).SingleOrDefaultAsync(r => r.Id == id);
        if (risk is null) return NotFound();
        if (!ApprovalWorkflow.CanEnter(await user.RiskActorAsync(db, risk))) return Forbid();
        View = (await RiskViews.ViewsAsync(db, Organisation, [risk], Organisation.Today(clock)))[0];
        Matrix = await RiskMatrixStore.LoadAsync(db);
        Open = await RiskReviewEntry.OpenReviewAsync(db, id);
        Names = await PeopleNames.LoadAsync(db, [Open?.SubmittedBy]);
        return null;
    }

    public IReadOnlyList<(string, string)> LevelOptions(bool likelihood) => Matrix.LevelOptions(likelihood);

    public string? Error(string key) => ModelState[key]?.Errors.FirstOrDefault()?.ErrorMessage;
}
