using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Accounts;
using Steward.Features.Indicators;
using Steward.Features.Organisations;
using Steward.Web;

namespace Steward.Features.Risks;

/// <summary>The risk team creates and edits risks: definition, register (moving keeps the history), scores, Part II, closure.</summary>
[RequireRole(Role.PerformanceOfficer, Role.Administrator)]
public class EditModel(StewardDb db, CurrentUser user, TimeProvider clock) : PageModel
{
    public Risk? Existing { get; private set; }
    public LoadedMatrix? Matrix { get; private set; }
    public List<(int Id, string Path)> Registers { get; private set; } = [];

    [BindProperty] public string? Code { get; set; }
    [BindProperty] public string? Title { get; set; }
    /// <summary>The register; on /risks/new it may be given (?register=) to add a risk to it, as a project's page does.</summary>
    [BindProperty(SupportsGet = true, Name = "register")] public int? RegisterId { get; set; }
    [BindProperty] public string? Category { get; set; }
    [BindProperty] public string? CorporatePriority { get; set; }
    [BindProperty] public string? Owner { get; set; }
    [BindProperty] public string? PortfolioHolder { get; set; }
    [BindProperty] public string? Treatment { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public string? Consequences { get; set; }
    [BindProperty] public string? Triggers { get; set; }
    [BindProperty] public string? LikelihoodFactors { get; set; }
    [BindProperty] public int? InherentLikelihood { get; set; }
    [BindProperty] public int? InherentImpact { get; set; }
    [BindProperty] public int? ResidualLikelihood { get; set; }
    [BindProperty] public int? ResidualImpact { get; set; }
    [BindProperty] public int? TargetLikelihood { get; set; }
    [BindProperty] public int? TargetImpact { get; set; }
    [BindProperty] public string? TargetDate { get; set; }
    [BindProperty] public string? Prospects { get; set; }
    [BindProperty] public string? NextReview { get; set; }
    [BindProperty] public bool Exempt { get; set; }
    [BindProperty] public string? ExemptionParagraph { get; set; }
    [BindProperty] public bool Closed { get; set; }
    [BindProperty] public int Version { get; set; }

    public async Task<IActionResult> OnGetAsync(string? id)
    {
        if (await LoadAsync(id) is { } missing) return missing;
        if (Existing is { } r)
        {
            (Code, Title, RegisterId, Category, CorporatePriority) = (r.Code, r.Title, r.RegisterId, r.Category, r.CorporatePriority);
            (Owner, PortfolioHolder, Treatment) = (r.Owner?.Name, r.PortfolioHolder?.Name, r.Treatment?.Name());
            (Description, Consequences, Triggers, LikelihoodFactors) = (r.Description, r.Consequences, r.Triggers, r.LikelihoodFactors);
            (InherentLikelihood, InherentImpact, ResidualLikelihood, ResidualImpact, TargetLikelihood, TargetImpact) =
                (r.InherentLikelihood, r.InherentImpact, r.ResidualLikelihood, r.ResidualImpact, r.TargetLikelihood, r.TargetImpact);
            (TargetDate, Prospects, NextReview) = (r.TargetDate?.ToString("yyyy-MM-dd"), r.Prospects?.Name(), r.NextReviewDate?.ToString("yyyy-MM-dd"));
            (Exempt, ExemptionParagraph, Closed, Version) = (r.Exempt, r.ExemptionParagraph, r.Closed, r.Version);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? id)
    {
        if (await LoadAsync(id) is { } missing) return missing;
        var code = Code?.Trim() ?? "";
        if (code.Length == 0) ModelState.AddModelError("code", "Enter a code, like PP_R011");
        else if (!Indicator.IsValidCode(code)) ModelState.AddModelError("code", "The code can have letters, digits and _ . - / only, and must start with a letter or digit");
        else if (await db.Risks.AnyAsync(r => r.CodeKey == Risk.Key(code) && r.Id != (Existing == null ? 0 : Existing.Id)))
            ModelState.AddModelError("code", $"Another risk already has the code {code}");
        if (string.IsNullOrWhiteSpace(Title)) ModelState.AddModelError("title", "Enter the risk's title");
        if (RegisterId is null || Registers.All(r => r.Id != RegisterId)) ModelState.AddModelError("register", "Select the register");
        Treatment? treatment = null;
        if (!string.IsNullOrEmpty(Treatment) && !RiskRules.TryParseTreatment(Treatment, out treatment)) ModelState.AddModelError("treatment", "Select the treatment");
        Prospects? prospects = null;
        if (!string.IsNullOrEmpty(Prospects) && !RiskRules.TryParseProspects(Prospects, out prospects)) ModelState.AddModelError("prospects", "Select the prospects");
        RiskScore? Score(string name, int? l, int? i)
        {
            if (l is null && i is null) return null;
            if (l is null || i is null) { ModelState.AddModelError($"{name}-likelihood", $"Give the {name} likelihood and impact, or neither"); return null; }
            var s = new RiskScore(l.Value, i.Value);
            if (Matrix is null) ModelState.AddModelError($"{name}-likelihood", "Set up the risk matrix before scoring risks");
            else if (!Matrix.Model.Contains(s)) ModelState.AddModelError($"{name}-likelihood", $"{s.Likelihood}×{s.Impact} is outside the {Matrix.Model.Likelihoods}×{Matrix.Model.Impacts} matrix");
            return s;
        }
        var inherent = Score("inherent", InherentLikelihood, InherentImpact);
        var residual = Score("residual", ResidualLikelihood, ResidualImpact);
        var target = Score("target", TargetLikelihood, TargetImpact);
        var targetDate = ModelState.Date(TargetDate, "target-date");
        var nextReview = ModelState.Date(NextReview, "next-review");
        if (Exempt && string.IsNullOrWhiteSpace(ExemptionParagraph))
            ModelState.AddModelError("exemption-paragraph", "Give the paragraph of Schedule 12A that makes it exempt, like 3");
        if (!ModelState.IsValid) return Page();

        var now = clock.GetUtcNow().UtcDateTime;
        var today = user.RequireOrganisation().Today(clock);
        var risk = Existing ?? db.Risks.Add(new Risk { Code = code, CodeKey = Risk.Key(code), Title = Title!.Trim(), CreatedAt = now }).Entity;
        if (Existing is not null) db.Entry(risk).Property(r => r.Version).OriginalValue = Version;
        var names = new NameResolver(db);
        risk.Code = code;
        risk.CodeKey = Risk.Key(code);
        risk.Title = Title!.Trim();
        risk.RegisterId = RegisterId!.Value;
        risk.Category = Blank(Category);
        risk.CorporatePriority = Blank(CorporatePriority);
        var owner = await names.PersonAsync(Owner);
        (risk.Owner, risk.OwnerId) = (owner, owner?.Id == 0 ? risk.OwnerId : owner?.Id);
        var holder = await names.PersonAsync(PortfolioHolder);
        (risk.PortfolioHolder, risk.PortfolioHolderId) = (holder, holder?.Id == 0 ? risk.PortfolioHolderId : holder?.Id);
        risk.Treatment = treatment;
        (risk.Description, risk.Consequences, risk.Triggers, risk.LikelihoodFactors) = (Blank(Description), Blank(Consequences), Blank(Triggers), Blank(LikelihoodFactors));
        (risk.InherentLikelihood, risk.InherentImpact) = (inherent?.Likelihood, inherent?.Impact);
        // Set here by the risk team, the current score counts as signed off today (as an imported one does).
        risk.SetResidual(residual, today);
        (risk.TargetLikelihood, risk.TargetImpact) = (target?.Likelihood, target?.Impact);
        (risk.TargetDate, risk.Prospects, risk.NextReviewDate) = (targetDate, prospects, nextReview);
        (risk.Exempt, risk.ExemptionParagraph) = (Exempt, Exempt ? ExemptionParagraph!.Trim() : null);
        if (Closed != risk.Closed) (risk.Closed, risk.ClosedOn) = (Closed, Closed ? today : null);
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException e) when (SaveConflict.Is(e))
        {
            if (Existing is null || e is not DbUpdateConcurrencyException)
            {
                // Not a change to this risk but another risk given the same code meanwhile.
                ModelState.AddModelError("code", "Someone else has just given a risk this code. Choose another code.");
                return Page();
            }
            Version = await Audit.EditConflict.RefuseAsync(this, db, risk.Id, Version, "Someone else changed this risk after you opened it, so your change was not saved", risk);
            return Page();
        }
        return Redirect($"/risks/{risk.Id}");
    }

    private static string? Blank(string? s) => FormValues.Blank(s);

    private async Task<IActionResult?> LoadAsync(string? id)
    {
        user.RequireOrganisation();
        // /risks/new (an extra route to this page) has no id.
        if (id is not null)
        {
            if (!int.TryParse(id, out var n)) return NotFound();
            Existing = await db.Risks.Include(r => r.Owner).Include(r => r.PortfolioHolder).SingleOrDefaultAsync(r => r.Id == n);
            if (Existing is null) return NotFound();
        }
        Matrix = await RiskMatrixStore.LoadAsync(db);
        var registers = await db.RiskRegisters.ToDictionaryAsync(r => r.Id);
        var name = user.RequireOrganisation().Name;
        Registers = registers.Values.Select(r => (r.Id, RiskRegister.Describe(r, registers, name))).OrderBy(r => r.Item2, StringComparer.Ordinal).ToList();
        return null;
    }

    public IReadOnlyList<(string, string)> LevelOptions(bool likelihood) => Matrix.LevelOptions(likelihood);

    public string? Error(string key) => ModelState[key]?.Errors.FirstOrDefault()?.ErrorMessage;
}
