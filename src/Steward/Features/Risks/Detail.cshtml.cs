using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Features.Accounts;
using Steward.Domain;
using Steward.Features.Indicators;
using Steward.Features.Organisations;
using Steward.Web;

namespace Steward.Features.Risks;

/// <summary>A risk: its scores and bands, controls, assurance (with linked indicators' RAG), actions and every review.</summary>
public class DetailModel(StewardDb db, CurrentUser user, TimeProvider clock) : PageModel
{
    public Organisation Organisation { get; private set; } = null!;
    public RiskView View { get; private set; } = null!;
    public Risk Risk => View.Risk;
    public LoadedMatrix? Matrix { get; private set; }
    public List<RiskReview> Reviews { get; private set; } = [];
    public PeopleNames Names { get; private set; } = null!;

    /// <summary>The date of the latest signed-off review.</summary>
    public DateOnly? LastReview => Reviews.Where(r => r.SignedOff).Select(r => (DateOnly?)r.ReviewDate).Max();
    public Dictionary<int, string> RegisterPaths { get; private set; } = [];
    public Actor Actor { get; private set; }
    public bool CanEdit => ApprovalWorkflow.CanEnter(Actor);
    public bool ManagesRisks => user.ManagesRisks();

    [BindProperty] public string? Description { get; set; }
    [BindProperty] public string? Adequacy { get; set; }
    /// <summary>The code of the indicator an assurance rests on (optional), typed as the council writes it.</summary>
    [BindProperty] public string? IndicatorCode { get; set; }
    [BindProperty] public string? Owner { get; set; }
    [BindProperty] public string? TargetDate { get; set; }
    [BindProperty] public string? Status { get; set; }
    [BindProperty] public string? Percent { get; set; }
    [BindProperty] public string? Progress { get; set; }
    [BindProperty] public int Version { get; set; }

    /// <summary>The action whose progress was posted and refused: its form shows what was typed.</summary>
    public int? PostedActionId { get; private set; }

    /// <summary>The risk's latest changes (its definition, reviews, controls, assurance, actions): for the risk team and those in the review cycle.</summary>
    public Audit.AuditHistory? Changes { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (user.SeesUnsignedReviews()) Changes = await Audit.AuditHistory.OfAsync(db, $"Risk:{id}", HttpContext.RequestAborted);
        return Page();
    }

    public async Task<IActionResult> OnPostAddControlAsync(int id)
    {
        if (await Editable(id) is { } refused) return refused;
        if (Text(Description, "control-description", "Enter the control") is not { } text) return Page();
        RiskRules.TryParseAdequacy(Adequacy, out var adequacy);
        db.RiskControls.Add(new RiskControl { RiskId = id, Risk = Risk, Description = text, Adequacy = adequacy, Order = Risk.Controls.Count + 1 });
        return await SavedAsync(id, "controls");
    }

    public async Task<IActionResult> OnPostControlAdequacyAsync(int id, int controlId)
    {
        if (await Editable(id) is { } refused) return refused;
        var control = Risk.Controls.SingleOrDefault(c => c.Id == controlId);
        if (control is null) return NotFound();
        control.Adequacy = RiskRules.TryParseAdequacy(Adequacy, out var a) ? a : null;
        return await SavedAsync(id, "controls");
    }

    public async Task<IActionResult> OnPostRemoveControlAsync(int id, int controlId)
    {
        if (await Editable(id) is { } refused) return refused;
        var control = Risk.Controls.SingleOrDefault(c => c.Id == controlId);
        if (control is null) return NotFound();
        db.RiskControls.Remove(control);
        return await SavedAsync(id, "controls");
    }

    public async Task<IActionResult> OnPostAddAssuranceAsync(int id)
    {
        if (await Editable(id) is { } refused) return refused;
        if (Text(Description, "assurance-description", "Enter the assurance: the evidence the controls work") is not { } text) return Page();
        int? indicatorId = null;
        if (!string.IsNullOrWhiteSpace(IndicatorCode))
        {
            var key = Indicator.Key(IndicatorCode);
            indicatorId = await db.Indicators.Where(i => i.CodeKey == key && !i.Retired).Select(i => (int?)i.Id).SingleOrDefaultAsync();
            if (indicatorId is null)
            {
                ModelState.AddModelError("assurance-indicator", $"There is no current indicator with the code {IndicatorCode.Trim()}");
                return Page();
            }
        }
        db.RiskAssurances.Add(new RiskAssurance { RiskId = id, Risk = Risk, Description = text, IndicatorId = indicatorId });
        return await SavedAsync(id, "assurance");
    }

    public async Task<IActionResult> OnPostRemoveAssuranceAsync(int id, int assuranceId)
    {
        if (await Editable(id) is { } refused) return refused;
        var assurance = Risk.Assurances.SingleOrDefault(c => c.Id == assuranceId);
        if (assurance is null) return NotFound();
        db.RiskAssurances.Remove(assurance);
        return await SavedAsync(id, "assurance");
    }

    public async Task<IActionResult> OnPostAddActionAsync(int id)
    {
        if (await Editable(id) is { } refused) return refused;
        var text = Text(Description, "action-description", "Enter the action");
        var date = ModelState.Date(TargetDate, "action-target-date");
        if (text is null || !ModelState.IsValid) return Page();
        db.RiskActions.Add(new RiskAction { RiskId = id, Risk = Risk, Description = text, Owner = Blank(Owner), TargetDate = date });
        return await SavedAsync(id, "actions");
    }

    public async Task<IActionResult> OnPostUpdateActionAsync(int id, int actionId)
    {
        if (await Editable(id) is { } refused) return refused;
        var action = Risk.Actions.SingleOrDefault(a => a.Id == actionId);
        if (action is null) return NotFound();
        var key = $"action-{actionId}";
        PostedActionId = actionId;
        int? percent = null;
        if (!string.IsNullOrWhiteSpace(Percent))
        {
            if (int.TryParse(Percent, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p <= 100) percent = p;
            else ModelState.AddModelError($"{key}-percent", "Percentage complete must be a whole number from 0 to 100");
        }
        if (!Enum.TryParse<RiskActionStatus>(Status, out var status) || !Enum.IsDefined(status)) ModelState.AddModelError($"{key}-status", "Select the action's status");
        if (Progress?.Trim().Length > TextRules.MaxCommentLength) ModelState.AddModelError($"{key}-progress", TextRules.CommentTooLong("The progress notes"));
        if (!ModelState.IsValid) return Page();
        db.Entry(action).Property(a => a.Version).OriginalValue = Version;
        action.Status = status;
        action.PercentComplete = status == RiskActionStatus.Completed ? 100 : percent;
        action.Progress = Blank(Progress);
        action.CompletedOn = status == RiskActionStatus.Completed ? action.CompletedOn ?? Organisation.Today(clock) : null;
        return await SavedAsync(id, "actions");
    }

    private async Task<IActionResult?> Editable(int id)
    {
        if (!await LoadAsync(id)) return NotFound();
        return CanEdit ? null : Forbid();
    }

    private async Task<IActionResult> SavedAsync(int id, string anchor)
    {
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateConcurrencyException)
        {
            // Show the risk as it is now and, for an action, who changed it, when and what, keeping what was typed.
            db.ChangeTracker.Clear();
            await LoadAsync(id);
            ModelState.AddModelError("", "Someone else changed this after you opened it, so your change was not saved");
            if (PostedActionId is { } actionId) await Audit.EditConflict.ShowAsync<RiskAction>(this, db, actionId, Version);
            return Page();
        }
        return Redirect($"/risks/{id}#{anchor}");
    }

    private string? Text(string? value, string key, string missing)
    {
        if (string.IsNullOrWhiteSpace(value)) { ModelState.AddModelError(key, missing); return null; }
        if (value.Length > 4000) { ModelState.AddModelError(key, "It must be 4,000 characters or fewer"); return null; }
        return value.Trim();
    }

    private static string? Blank(string? s) => FormValues.Blank(s);

    private async Task<bool> LoadAsync(int id)
    {
        Organisation = user.RequireOrganisation();
        var risk = await db.Risks.Visible(user)
            .Include(r => r.Owner).Include(r => r.PortfolioHolder)
            .Include(r => r.Controls).Include(r => r.Assurances).ThenInclude(a => a.Indicator)
            .Include(r => r.Actions).Include(r => r.Assignments).ThenInclude(a => a.Person)
            .AsSplitQuery().SingleOrDefaultAsync(r => r.Id == id);
        if (risk is null) return false;
        View = (await RiskViews.ViewsAsync(db, Organisation, [risk], Organisation.Today(clock), pending: user.SeesUnsignedReviews()))[0];
        Matrix = await RiskMatrixStore.LoadAsync(db);
        Reviews = await user.ReviewsOfAsync(db, id);
        Names = await PeopleNames.LoadAsync(db, Reviews.SelectMany(r => new[] { r.SubmittedBy, r.SignedOffBy }));
        var registers = await db.RiskRegisters.ToDictionaryAsync(r => r.Id);
        RegisterPaths = Reviews.Where(r => r.RegisterId is { } x && x != risk.RegisterId && registers.ContainsKey(x)).Select(r => r.RegisterId!.Value).Distinct()
            .ToDictionary(x => x, x => RiskRegister.Describe(registers[x], registers, Organisation.Name));
        Actor = await user.RiskActorAsync(db, risk);
        return true;
    }
}
