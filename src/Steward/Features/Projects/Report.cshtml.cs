using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Accounts;
using Steward.Features.Organisations;
using Steward.Web;

namespace Steward.Features.Projects;

/// <summary>
/// A project's highlight report for one month: everyone in the council reads it; the project manager (or the
/// performance team) writes it, saves a draft or submits it; the sponsor approves it or returns it with a comment.
/// </summary>
public class ReportModel(StewardDb db, CurrentUser user, TimeProvider clock) : PageModel
{
    public Project Project { get; private set; } = null!;
    public Period Period { get; private set; }
    public HighlightReport? Report { get; private set; }

    /// <summary>The baseline the report is measured against, with its key milestones; null for a project without one.</summary>
    public ProjectBaseline? Baseline { get; private set; }

    /// <summary>The month of the earlier report a new one's forecasts and milestone dates were filled in from.</summary>
    public Period? CarriedFrom { get; private set; }

    /// <summary>Each milestone's forecast and actual date as typed or stored (YYYY-MM-DD), by milestone.</summary>
    public Dictionary<int, (string? Forecast, string? Actual)> MilestoneValues { get; private set; } = [];
    public Actor Actor { get; private set; }
    public PeopleNames Names { get; private set; } = null!;
    public string? Saved { get; private set; }
    public bool CanEnter => ApprovalWorkflow.CanEnter(Actor);
    public bool CanDecide => Actor.IsApprover && Report?.Status == ApprovalStatus.Submitted
                             && !string.Equals(Report.SubmittedBy, Actor.Identity, StringComparison.OrdinalIgnoreCase);

    [BindProperty] public string? Overall { get; set; }
    [BindProperty] public string? OverallReason { get; set; }
    [BindProperty] public string? Time { get; set; }
    [BindProperty] public string? TimeReason { get; set; }
    [BindProperty] public string? Cost { get; set; }
    [BindProperty] public string? CostReason { get; set; }
    [BindProperty] public string? Scope { get; set; }
    [BindProperty] public string? ScopeReason { get; set; }
    [BindProperty] public string? Quality { get; set; }
    [BindProperty] public string? QualityReason { get; set; }
    [BindProperty] public string? ForecastEnd { get; set; }
    [BindProperty] public string? ForecastCost { get; set; }
    [BindProperty] public string? Issues { get; set; }
    [BindProperty] public string? Decisions { get; set; }
    [BindProperty] public string? NextPeriod { get; set; }
    [BindProperty] public int? Version { get; set; }
    [BindProperty] public string? Comment { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, string period, string? saved)
    {
        if (await LoadAsync(id, period) is { } missing) return missing;
        Saved = saved;
        if (Report is { } r)
        {
            (Overall, Time, Cost, Scope, Quality) = (Rating(r.Overall), Rating(r.Time), Rating(r.Cost), Rating(r.Scope), Rating(r.Quality));
            (OverallReason, TimeReason, CostReason, ScopeReason, QualityReason) = (r.OverallReason, r.TimeReason, r.CostReason, r.ScopeReason, r.QualityReason);
            ForecastEnd = r.ForecastEnd?.ToString("yyyy-MM-dd");
            ForecastCost = r.ForecastCost is { } c ? Numbers.Plain(c) : null;
            (Issues, Decisions, NextPeriod, Version) = (r.Issues, r.Decisions, r.NextPeriod, r.Version);
            MilestoneValues = Typed(r.Milestones);
        }
        else if (CanEnter && await db.HighlightReports.Include(h => h.Milestones).AsNoTracking().Where(h => h.ProjectId == id && h.Period < Period)
                     .OrderByDescending(h => h.Period).FirstOrDefaultAsync(HttpContext.RequestAborted) is { } before)
        {
            // A new month starts from the last report's forecasts and milestone dates, for the manager to check.
            CarriedFrom = before.Period;
            ForecastEnd = before.ForecastEnd?.ToString("yyyy-MM-dd");
            ForecastCost = before.ForecastCost is { } c ? Numbers.Plain(c) : null;
            MilestoneValues = Typed(before.Milestones);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, string period, string? action)
    {
        if (await LoadAsync(id, period) is { } missing) return missing;
        if (!CanEnter) return Forbid();
        var act = action == "submit" ? ApprovalAction.Submit : ApprovalAction.SaveDraft;
        MilestoneValues = (Baseline?.Milestones ?? []).ToDictionary(m => m.Id,
            m => ((string?)Request.Form[MilestoneEntry.Field(m.Id, "forecast")].ToString(), (string?)Request.Form[MilestoneEntry.Field(m.Id, "actual")].ToString()));
        var form = new HighlightForm(Overall, OverallReason, Time, TimeReason, Cost, CostReason, Scope, ScopeReason, Quality, QualityReason,
            ForecastEnd, ForecastCost, Issues, Decisions, NextPeriod, MilestoneValues.Select(x => new MilestoneEntry(x.Key, x.Value.Forecast, x.Value.Actual, Baseline?.Milestones.FirstOrDefault(m => m.Id == x.Key)?.Name)).ToList());
        var outcome = await HighlightEntry.EnterAsync(db, Project, Period, form, act, Actor, Version, clock.GetUtcNow().UtcDateTime,
            user.RequireOrganisation().Today(clock), HttpContext.RequestAborted);
        if (outcome.Succeeded) return Redirect($"/projects/{id}/reports/{Period}?saved={(act == ApprovalAction.Submit ? "submitted" : "draft")}");
        foreach (var (field, message) in outcome.Errors) ModelState.AddModelError(field, message);
        if (outcome.Conflict)
        {
            // What was typed stays; who changed the report, when and what is shown; the form takes the version now.
            db.ChangeTracker.Clear();
            await LoadAsync(id, period);
            if (Report is { } now) await Audit.EditConflict.ShowAsync<HighlightReport>(this, db, now.Id, Version);
            ModelState.Remove(nameof(Version));
            Version = Report?.Version;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostDecideAsync(int id, string period, string? decision)
    {
        if (await LoadAsync(id, period) is { } missing) return missing;
        if (!Actor.IsApprover) return Forbid();
        if (ApprovalWorkflow.Decision(decision) is not { } action) return BadRequest();
        var report = await db.HighlightReports.SingleOrDefaultAsync(h => h.ProjectId == id && h.Period == Period, HttpContext.RequestAborted);
        if (report is null) return NotFound();
        var outcome = await HighlightEntry.DecideAsync(db, report, action, Actor, Comment, Version ?? -1, clock.GetUtcNow().UtcDateTime, HttpContext.RequestAborted);
        if (outcome.Succeeded) return Redirect($"/projects/{id}/reports/{Period}?saved={(action == ApprovalAction.Approve ? "approved" : "returned")}");
        foreach (var (field, message) in outcome.Errors) ModelState.AddModelError(field, message);
        db.ChangeTracker.Clear();
        var seen = Version;
        await OnGetAsync(id, period, null);
        if (outcome.Conflict && Report is { } now) await Audit.EditConflict.ShowAsync<HighlightReport>(this, db, now.Id, seen);
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(int id, string period)
    {
        user.RequireOrganisation();
        var ct = HttpContext.RequestAborted;
        var project = await db.Projects.Include(p => p.Manager).Include(p => p.Sponsor).AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct);
        if (project is null || !Period.TryParse(period, out var p)) return NotFound();
        (Project, Period) = (project, p);
        Actor = HighlightEntry.ActorFor(project, user);
        Report = await db.HighlightReports.Include(h => h.Milestones).AsNoTracking().SingleOrDefaultAsync(h => h.ProjectId == id && h.Period == p, ct);
        Baseline = await HighlightEntry.BaselineForAsync(db, id, p, ct);
        // Viewers and risk owners read approved reports only, as they read approved results only.
        if (Report is { Status: not ApprovalStatus.Approved } && !HighlightEntry.SeesUnapproved(Actor)) Report = null;
        Names = await PeopleNames.LoadAsync(db, [Report?.SubmittedBy, Report?.ApprovedBy], ct);
        return null;
    }

    private static Dictionary<int, (string?, string?)> Typed(IEnumerable<MilestoneProgress> progress) =>
        progress.ToDictionary(m => m.MilestoneId, m => (m.Forecast?.ToString("yyyy-MM-dd"), m.Actual?.ToString("yyyy-MM-dd")));

    /// <summary>The report's milestones: each of the baseline's, by date, with the report's forecast and actual dates.</summary>
    public List<(BaselineMilestone Milestone, MilestoneDates Dates)> Milestones =>
        Baseline is null ? [] : HighlightEntry.MilestonesOf([Baseline], Period, Report?.Milestones ?? []).Rows;

    /// <summary>A rating as the form posts it: "green", "amber", "red", or empty for not rated.</summary>
    public static string Rating(Rag rag) => rag == Rag.None ? "" : rag.Name();

    public string? Error(string key) => ModelState[key]?.Errors.FirstOrDefault()?.ErrorMessage;
}

/// <summary>A table of key milestones with their dates and where each stands as at <paramref name="AsAt"/> (a report's month end).</summary>
public sealed record MilestoneTable(string Caption, DateOnly AsAt, IReadOnlyList<(BaselineMilestone Milestone, MilestoneDates Dates)> Rows);
