using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Organisations;
using Steward.Web;

namespace Steward.Features.Indicators;

/// <summary>The report card (seed 004): definition, trend against target, comparisons, exceptions, comments and actions.</summary>
public class ReportCardModel(StewardDb db, CurrentUser user, TimeProvider clock) : PageModel
{
    public static readonly string[] DiscussionPrompts =
    [
        "Why are we not meeting our target?",
        "What is the impact of not meeting our target?",
        "What performance is predicted?",
        "How can performance be improved?",
        "When will performance be back on track?",
        "What can we learn for the future?",
    ];

    [BindProperty(SupportsGet = true)] public string? Period { get; set; }

    public Organisation Organisation { get; private set; } = null!;
    public Indicator Indicator { get; private set; } = null!;
    public IndicatorStatus Status { get; private set; } = null!;
    public List<TrendPoint> Trend { get; private set; } = [];
    public string Chart { get; private set; } = "";
    public List<Result> History { get; private set; } = [];
    public List<IndicatorAction> Actions { get; private set; } = [];
    public List<Person> Updaters { get; private set; } = [];
    public List<Person> Approvers { get; private set; } = [];
    public Actor Actor { get; private set; }
    public bool CanSeeUnapproved => user.CanSeeUnapproved;
    public bool ManagesFramework => user.ManagesFramework;
    public Period? FirstPeriod { get; private set; }

    [BindProperty] public string? ActionDescription { get; set; }
    [BindProperty] public string? ActionOwner { get; set; }
    [BindProperty] public string? ActionDue { get; set; }
    [BindProperty] public string? To { get; set; }
    [BindProperty] public int ActionVersion { get; set; }

    /// <summary>The indicator's latest changes (its definition, results, targets, actions): for those in the cycle and the performance team.</summary>
    public Audit.AuditHistory? Changes { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (CanSeeUnapproved) Changes = await Audit.AuditHistory.OfAsync(db, $"Indicator:{id}", HttpContext.RequestAborted);
        return Page();
    }

    /// <summary>Adds an improvement action (the performance team or the indicator's updaters).</summary>
    public async Task<IActionResult> OnPostAddActionAsync(int id)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (!ApprovalWorkflow.CanEnter(Actor)) return Forbid();
        if (string.IsNullOrWhiteSpace(ActionDescription)) ModelState.AddModelError("action-description", "Enter what will be done");
        else if (ActionDescription.Length > 2000) ModelState.AddModelError("action-description", "The action must be 2,000 characters or fewer");
        var due = ModelState.Date(ActionDue, "action-due");
        if (!ModelState.IsValid) return Page();
        db.IndicatorActions.Add(new IndicatorAction
        {
            IndicatorId = Indicator.Id, Indicator = Indicator, Description = ActionDescription!.Trim(),
            Owner = string.IsNullOrWhiteSpace(ActionOwner) ? null : ActionOwner.Trim(), DueDate = due,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync();
        return Redirect($"/indicators/{id}?period={Status.Period}#actions");
    }

    public async Task<IActionResult> OnPostCompleteActionAsync(int id, int actionId)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (!ApprovalWorkflow.CanEnter(Actor)) return Forbid();
        var action = Actions.SingleOrDefault(a => a.Id == actionId);
        if (action is null) return NotFound();
        // The status chosen is posted, not toggled, with the version seen: a change made meanwhile is reported, never undone.
        if (!Enum.TryParse<ActionStatus>(To, ignoreCase: true, out var to) || !Enum.IsDefined(to)) return BadRequest();
        if (action.Status != to)
        {
            db.Entry(action).Property(a => a.Version).OriginalValue = ActionVersion;
            action.Status = to;
            try
            {
                await db.SaveChangesAsync();
            }
            catch (DbUpdateConcurrencyException)
            {
                await db.Entry(action).ReloadAsync();
                ModelState.AddModelError("actions", "Someone else changed this action while you were looking at it, so your change was not saved");
                await Audit.EditConflict.ShowAsync<IndicatorAction>(this, db, action.Id, ActionVersion, "Check the action's status as it is now, then change it again if you still need to.");
                return Page();
            }
        }
        return Redirect($"/indicators/{id}?period={Status.Period}#actions");
    }

    private async Task<bool> LoadAsync(int id)
    {
        Organisation = user.RequireOrganisation();
        var indicator = await db.Indicators
            .Include(i => i.Service).ThenInclude(s => s!.Directorate)
            .Include(i => i.Theme).Include(i => i.LeadOfficer).Include(i => i.DataOwner)
            .Include(i => i.Assignments).ThenInclude(a => a.Person)
            .SingleOrDefaultAsync(i => i.Id == id);
        if (indicator is null) return false;
        Indicator = indicator;
        Updaters = indicator.Assignments.Where(a => a.Role == AssignmentRole.Updater).Select(a => a.Person!).OrderBy(p => p.Name).ToList();
        Approvers = indicator.Assignments.Where(a => a.Role == AssignmentRole.Approver).Select(a => a.Person!).OrderBy(p => p.Name).ToList();
        Actor = await user.ActorForAsync(db, id);

        var reporting = await Performance.ReportingPeriodAsync(db, Organisation);
        var latestApproved = await db.Results.Where(r => r.IndicatorId == id && r.Status == ApprovalStatus.Approved)
            .OrderByDescending(r => r.Period).Select(r => (Period?)r.Period).FirstOrDefaultAsync();
        Period selected;
        if (Domain.Period.TryParse(Period, out var asked) && asked.Ends(indicator.Frequency)) selected = asked;
        else if (latestApproved is { } la && (reporting is null || la <= reporting)) selected = la;
        else
        {
            var today = Organisation.Today(clock);
            selected = DueResults.LastEnding(reporting ?? new Period(today.Year, today.Month), indicator.Frequency);
        }

        // Five years of trend, and what the rules need before that.
        var periods = 60 / (int)indicator.Frequency;
        var from = selected.Previous(indicator.Frequency, periods + 3);
        var series = (await Performance.SeriesAsync(db, Organisation, [indicator], from, selected))[indicator.Id];
        Status = Performance.StatusAt(indicator, series, selected);
        var trendPeriods = Enumerable.Range(0, periods).Select(i => selected.Previous(indicator.Frequency, periods - 1 - i)).ToList();
        // Start the chart at the first period with anything in it.
        var firstUsed = trendPeriods.FindIndex(p => series.At(p).Value is not null || series.At(p).Target is not null);
        Trend = trendPeriods.Skip(Math.Max(0, firstUsed)).Select(p => new TrendPoint(p, series.At(p).Value, series.At(p).Target, series.RagAt(p))).ToList();
        var title = $"{indicator.Code} {indicator.Name}: results against target";
        var description = Trend.Count == 0 ? "No results yet." :
            $"{Trend.Count} {indicator.Frequency.PeriodNoun()}s from {Trend[0].Period.Label(indicator.Frequency)} to {Trend[^1].Period.Label(indicator.Frequency)}. The table that follows gives every value.";
        Chart = TrendChart.Render(Trend, indicator.Frequency, indicator.Unit, indicator.Decimals, title, description);

        var historyQuery = db.Results.Where(r => r.IndicatorId == id && r.Period <= selected);
        if (!user.CanSeeUnapproved) historyQuery = historyQuery.Where(r => r.Status == ApprovalStatus.Approved);
        History = await historyQuery.OrderByDescending(r => r.Period).Take(13).ToListAsync();
        Actions = (await db.IndicatorActions.Where(a => a.IndicatorId == id).ToListAsync())
            .OrderBy(a => a.Status).ThenBy(a => a.DueDate ?? DateOnly.MaxValue).ToList();
        FirstPeriod = (await DueResults.FirstPeriodsAsync(db, [id])).TryGetValue(id, out var first) ? first : null;
        Period = selected.ToString();
        return true;
    }
}
