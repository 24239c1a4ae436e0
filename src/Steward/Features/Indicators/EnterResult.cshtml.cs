using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Features.Accounts;
using Steward.Domain;
using Steward.Features.Organisations;
using Steward.Web;

namespace Steward.Features.Indicators;

/// <summary>An updater enters a value, or a numerator and denominator, and a comment; saves a draft or submits.</summary>
public class EnterResultModel(StewardDb db, CurrentUser user, TimeProvider clock) : PageModel
{
    public Organisation Organisation { get; private set; } = null!;
    public Indicator Indicator { get; private set; } = null!;
    public Period Period { get; private set; }
    public Result? Result { get; private set; }
    public PeopleNames Names { get; private set; } = null!;
    public decimal? Target { get; private set; }
    public DateOnly DueDate { get; private set; }
    public Rag Rag { get; private set; }
    public string? Saved { get; private set; }

    [BindProperty] public string? Value { get; set; }
    [BindProperty] public string? Numerator { get; set; }
    [BindProperty] public string? Denominator { get; set; }
    [BindProperty] public string? Comment { get; set; }
    [BindProperty] public int? Version { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, string period, string? saved)
    {
        if (await LoadAsync(id, period) is { } problem) return problem;
        Saved = saved;
        Value = Result is { Numerator: null, Value: { } v } ? Numbers.Plain(v) : null;
        Numerator = Result?.Numerator is { } n ? Numbers.Plain(n) : null;
        Denominator = Result?.Denominator is { } d ? Numbers.Plain(d) : null;
        Comment = Result?.UpdaterComment;
        Version = Result?.Version;
        if (Result is { } result) Changes = await Audit.AuditHistory.OfAsync(db, $"Indicator:{id}", HttpContext.RequestAborted, nameof(Indicators.Result), result.Id.ToString());
        return Page();
    }

    /// <summary>This result's own history: entered, submitted, approved or returned, corrected.</summary>
    public Audit.AuditHistory? Changes { get; private set; }

    public async Task<IActionResult> OnPostAsync(int id, string period, string? action)
    {
        if (await LoadAsync(id, period) is { } problem) return problem;
        var resultAction = action == "submit" ? ApprovalAction.Submit : ApprovalAction.SaveDraft;
        var actor = await user.ActorForAsync(db, id);
        var outcome = await ResultEntry.EnterAsync(db, Indicator, Period, new ResultForm(Value, Numerator, Denominator, Comment),
            resultAction, actor, Version, clock.GetUtcNow().UtcDateTime, user.RequireOrganisation().Today(clock));
        if (!outcome.Succeeded)
        {
            foreach (var (field, message) in outcome.Errors)
                ModelState.AddModelError(field is "value" or "numerator" or "denominator" or "comment" ? field : "", message);
            if (outcome.Conflict)
            {
                // Show the other person's version and what they changed, keep what was typed, and take the new version
                // number so a deliberate re-save works.
                await LoadAsync(id, period);
                if (Result is { } now) await Audit.EditConflict.ShowAsync<Result>(this, db, now.Id, Version);
                Version = Result?.Version;
            }
            return Page();
        }
        return Redirect($"/indicators/{id}/results/{Period}?saved={(resultAction == ApprovalAction.Submit ? "submitted" : "draft")}");
    }

    private async Task<IActionResult?> LoadAsync(int id, string period)
    {
        Organisation = user.RequireOrganisation();
        var indicator = await db.Indicators.SingleOrDefaultAsync(i => i.Id == id);
        if (indicator is null || !Domain.Period.TryParse(period, out var p) || !p.Ends(indicator.Frequency)) return NotFound();
        if (!ApprovalWorkflow.CanEnter(await user.ActorForAsync(db, id))) return Forbid();
        Indicator = indicator;
        Period = p;
        Result = await db.Results.AsNoTracking().SingleOrDefaultAsync(r => r.IndicatorId == id && r.Period == p);
        Target = await TargetLookup.AtAsync(db, id, p);
        Names = await PeopleNames.LoadAsync(db, [Result?.SubmittedBy]);
        DueDate = (await DueResults.CalendarAsync(db, Organisation)).DueDate(p, Organisation.DueDays(indicator.Frequency));
        Rag = indicator.Rate(Result?.Value, Target, Organisation);
        return null;
    }
}
