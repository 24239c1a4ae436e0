using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Common;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Indicators;
using Steward.Web;

namespace Steward.Features.Projects;

/// <summary>A benefit as its page shows it: the latest realised value (a measurement, or the tracking indicator's latest approved result) and how far that is towards the target.</summary>
public sealed record BenefitView(ProjectBenefit Benefit, decimal? Latest, string LatestText, decimal? Realised)
{
    /// <summary>Measurements kept on each benefit read, latest first.</summary>
    public const int MeasurementsShown = 12;

    /// <summary>
    /// The benefits of project <paramref name="id"/>, in the order added, each with its latest <see cref="MeasurementsShown"/>
    /// measurements: three queries, bounded by the project's benefits and their measurements.
    /// </summary>
    public static async Task<List<BenefitView>> LoadAsync(StewardDb db, int id, CancellationToken ct)
    {
        var benefits = await db.ProjectBenefits.Where(b => b.ProjectId == id).Include(b => b.Indicator)
            .Include(b => b.Measurements.OrderByDescending(m => m.MeasuredOn).ThenByDescending(m => m.Id).Take(MeasurementsShown))
            .OrderBy(b => b.Id).AsSplitQuery().AsNoTracking().ToListAsync(ct);
        var indicatorIds = benefits.Where(b => b.IndicatorId is not null).Select(b => b.IndicatorId!.Value).ToList();
        var latestResults = await db.Results.Where(r => indicatorIds.Contains(r.IndicatorId) && r.Status == ApprovalStatus.Approved && r.Value != null
                && !db.Results.Any(o => o.IndicatorId == r.IndicatorId && o.Status == ApprovalStatus.Approved && o.Value != null && o.Period > r.Period))
            .AsNoTracking().ToDictionaryAsync(r => r.IndicatorId, ct);
        return benefits.Select(b =>
        {
            b.Measurements = b.Measurements.OrderByDescending(m => m.MeasuredOn).ThenByDescending(m => m.Id).ToList();
            var (latest, text) = b.IndicatorId is { } i && latestResults.GetValueOrDefault(i) is { } r
                ? (r.Value, $"{Show.Value(b.Indicator!, r.Value)} in {Show.Period(r.Period, b.Indicator!.Frequency)} ({b.Indicator.Code})")
                : b.Measurements.FirstOrDefault() is { } m ? (m.Value, $"{Numbers.Plain(m.Value)} on {Show.Date(m.MeasuredOn)}") : ((decimal?)null, "Not measured yet");
            return new BenefitView(b, latest, text, BenefitRules.Realised(b.BaselineValue, b.TargetValue, latest));
        }).ToList();
    }
}

/// <summary>
/// A project's benefits: what each is, how it is measured, its baseline and target, and what has been realised so far,
/// from the measurements recorded or the approved results of the indicator that tracks it. Everyone reads them; the
/// project's manager or the performance team adds benefits and records measurements, before and after closure.
/// </summary>
public class BenefitsModel(StewardDb db, CurrentUser user, TimeProvider clock) : PageModel
{
    public Project Project { get; private set; } = null!;
    public List<BenefitView> Benefits { get; private set; } = [];
    public bool CanRecord { get; private set; }

    [BindProperty] public string? Description { get; set; }
    [BindProperty] public string? Measure { get; set; }
    [BindProperty] public string? BaselineValue { get; set; }
    [BindProperty] public string? TargetValue { get; set; }
    [BindProperty] public string? TargetDate { get; set; }
    [BindProperty] public string? IndicatorCode { get; set; }
    [BindProperty] public string? MeasuredOn { get; set; }
    [BindProperty] public string? Value { get; set; }
    [BindProperty] public string? Note { get; set; }

    /// <summary>The benefit whose measurement form was posted and refused.</summary>
    public int? PostedId { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id) => await LoadAsync(id) ?? Page();

    public async Task<IActionResult> OnPostAddAsync(int id)
    {
        if (await LoadAsync(id) is { } missing) return missing;
        if (!CanRecord) return Forbid();
        var ct = HttpContext.RequestAborted;
        var description = FormValues.Blank(Description);
        if (description is null || description.Length > 2000) ModelState.AddModelError("benefit-description", "Say what the benefit is, up to 2,000 characters");
        var measure = FormValues.Blank(Measure);
        if (measure is null || measure.Length > 300) ModelState.AddModelError("benefit-measure", "Say how it is measured, with its unit, up to 300 characters");
        var baseline = Number(BaselineValue, "benefit-baseline");
        var target = Number(TargetValue, "benefit-target");
        var date = ModelState.Date(TargetDate, "benefit-target-date");
        int? indicatorId = null;
        if (FormValues.Blank(IndicatorCode) is { } code)
        {
            indicatorId = await db.Indicators.Where(i => i.CodeKey == Indicator.Key(code)).Select(i => (int?)i.Id).SingleOrDefaultAsync(ct);
            if (indicatorId is null) ModelState.AddModelError("benefit-indicator", $"No indicator has the code {code}");
        }
        if (!ModelState.IsValid) return Page();
        db.ProjectBenefits.Add(new ProjectBenefit
        {
            ProjectId = id, Description = description!, Measure = measure!, BaselineValue = baseline, TargetValue = target, TargetDate = date, IndicatorId = indicatorId,
        });
        await db.SaveChangesAsync(ct);
        return Redirect($"/projects/{id}/benefits");
    }

    /// <summary>Records what a benefit's measure stood at on a date (not after today).</summary>
    public async Task<IActionResult> OnPostMeasureAsync(int id, int benefitId)
    {
        if (await LoadAsync(id) is { } missing) return missing;
        if (!CanRecord) return Forbid();
        if (Benefits.All(b => b.Benefit.Id != benefitId)) return NotFound();
        PostedId = benefitId;
        var key = $"benefit-{benefitId}";
        var on = ModelState.Date(MeasuredOn, $"{key}-date", "Enter the date it was measured, as YYYY-MM-DD");
        if (on > user.RequireOrganisation().Today(clock)) ModelState.AddModelError($"{key}-date", "The date it was measured cannot be after today");
        var value = Number(Value, $"{key}-value");
        if (value is null && ModelState[$"{key}-value"] is null) ModelState.AddModelError($"{key}-value", "Enter the value measured");
        if ((Note?.Length ?? 0) > TextRules.MaxCommentLength) ModelState.AddModelError($"{key}-note", TextRules.CommentTooLong("The note"));
        if (!ModelState.IsValid) return Page();
        db.BenefitMeasurements.Add(new BenefitMeasurement { BenefitId = benefitId, MeasuredOn = on!.Value, Value = value!.Value, Note = FormValues.Blank(Note) });
        await db.SaveChangesAsync(HttpContext.RequestAborted);
        return Redirect($"/projects/{id}/benefits#benefit-{benefitId}");
    }

    /// <summary>A number as typed ("15000", "-2.5"), or null when blank; an error on <paramref name="key"/> when it is not one.</summary>
    private decimal? Number(string? text, string key)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (Numbers.TryParse(text, out var n) && n.Scale <= 4 && Math.Abs(n) < 100_000_000_000_000m) return n;
        ModelState.AddModelError(key, "Enter a number without commas, like 15000 or 2.5, with at most 4 decimal places");
        return null;
    }

    private async Task<IActionResult?> LoadAsync(int id)
    {
        user.RequireOrganisation();
        var ct = HttpContext.RequestAborted;
        var project = await db.Projects.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct);
        if (project is null) return NotFound();
        Project = project;
        CanRecord = ApprovalWorkflow.CanEnter(HighlightEntry.ActorFor(project, user));
        Benefits = await BenefitView.LoadAsync(db, id, ct);
        return null;
    }

    public string? Error(string key) => ModelState[key]?.Errors.FirstOrDefault()?.ErrorMessage;
}
