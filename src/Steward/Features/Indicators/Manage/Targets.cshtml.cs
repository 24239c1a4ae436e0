using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Accounts;
using Steward.Web;

namespace Steward.Features.Indicators.Manage;

/// <summary>
/// An indicator's targets for a financial year: an annual target that applies to each period of the year, and profiled
/// targets for the periods that need their own (HR05: 0.54 in Q1, 0.76 in Q2). An empty box removes a target. The year's
/// targets can be copied to the next year.
/// </summary>
[RequireRole(Role.PerformanceOfficer, Role.Administrator)]
public class TargetsModel(StewardDb db, CurrentUser user, TimeProvider clock) : PageModel
{
    public Indicator Indicator { get; private set; } = null!;
    public int Year { get; private set; }
    public List<Period> Periods { get; private set; } = [];
    public Dictionary<Period, string?> Values { get; private set; } = [];
    public Dictionary<Period, decimal?> Results { get; private set; } = [];
    public string? Done { get; private set; }
    public string OrganisationName => user.RequireOrganisation().Name;
    [BindProperty] public string? Annual { get; set; }

    /// <summary>The year's targets as the page showed them: a save is refused when they have changed since (someone else saved).</summary>
    [BindProperty] public string? Seen { get; set; }

    /// <summary>The year's targets as stored now, written out ("2017=210;2017-06=0.54").</summary>
    public string Stamp { get; private set; } = "";

    private const string ConflictMessage = "Someone else changed these targets while you were editing them. They are shown as they are now: make your change again.";

    public async Task<IActionResult> OnGetAsync(int id, int? year, string? done)
    {
        if (!await LoadAsync(id, year)) return NotFound();
        Done = done;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, int? year)
    {
        if (!await LoadAsync(id, year)) return NotFound();
        Annual = Annual?.Trim();
        decimal? annual = null;
        if (!string.IsNullOrEmpty(Annual))
        {
            if (Numbers.TryParse(Annual, out var a)) annual = a;
            else ModelState.AddModelError("annual", $"The target for {Period.FinancialYearLabel(Year)} must be a number, like 90");
        }
        var parsed = new Dictionary<Period, decimal?>();
        foreach (var p in Periods)
        {
            var text = Request.Form[$"t-{p}"].ToString().Trim();
            Values[p] = text;
            if (text.Length == 0) parsed[p] = null;
            else if (Numbers.TryParse(text, out var v)) parsed[p] = v;
            else ModelState.AddModelError($"t-{p}", $"The {p.Label(Indicator.Frequency)} target must be a number, like 90");
        }
        if (Seen is not null && Seen != Stamp) ModelState.AddModelError("", ConflictMessage);
        if (!ModelState.IsValid) return Page();

        var yearly = await db.AnnualTargets.SingleOrDefaultAsync(t => t.IndicatorId == id && t.FinancialYear == Year);
        if (annual is { } value)
        {
            if (yearly is null) db.AnnualTargets.Add(new AnnualTarget { IndicatorId = id, Indicator = Indicator, FinancialYear = Year, Value = value });
            else yearly.Value = value;
        }
        else if (yearly is not null) db.AnnualTargets.Remove(yearly);

        var existing = (await db.Targets.Where(t => t.IndicatorId == id && Periods.Contains(t.Period)).ToListAsync()).ToDictionary(t => t.Period);
        foreach (var (p, v) in parsed)
        {
            existing.TryGetValue(p, out var target);
            if (v is { } own)
            {
                if (target is null) db.Targets.Add(new Target { IndicatorId = id, Indicator = Indicator, Period = p, Value = own });
                else target.Value = own;
            }
            else if (target is not null) db.Targets.Remove(target);
        }
        if (!await SavedAsync()) return Page();
        return Redirect($"/manage/indicators/{id}/targets?year={Year}&done=saved");
    }

    /// <summary>Copies this year's targets to the next year, unless the next year has some already.</summary>
    public async Task<IActionResult> OnPostCopyAsync(int id, int? year)
    {
        if (!await LoadAsync(id, year)) return NotFound();
        TargetCopyOutcome outcome;
        try
        {
            outcome = await TargetCopy.CopyAsync(db, Year, [id]);
        }
        catch (DbUpdateException e) when (SaveConflict.Is(e))
        {
            return await ConflictAsync(id, year);
        }
        return Redirect($"/manage/indicators/{id}/targets?year={Year + 1}&done={(outcome.Copied.Count > 0 ? "copied" : outcome.AlreadySet.Count > 0 ? "already-set" : "nothing-to-copy")}");
    }

    /// <summary>Saves; on a concurrent change (another save of the same targets), reloads them with the conflict message.</summary>
    private async Task<bool> SavedAsync()
    {
        try
        {
            await db.SaveChangesAsync();
            return true;
        }
        catch (DbUpdateException e) when (SaveConflict.Is(e))
        {
            await ConflictAsync(Indicator.Id, Year);
            return false;
        }
    }

    private async Task<IActionResult> ConflictAsync(int id, int? year)
    {
        db.ChangeTracker.Clear();
        ModelState.Clear();
        (Annual, Seen) = (null, null);
        await LoadAsync(id, year);
        ModelState.AddModelError("", ConflictMessage);
        return Page();
    }

    private async Task<bool> LoadAsync(int id, int? year)
    {
        var indicator = await db.Indicators.SingleOrDefaultAsync(i => i.Id == id);
        if (indicator is null) return false;
        Indicator = indicator;
        var org = user.RequireOrganisation();
        var today = org.Today(clock);
        var reporting = await Performance.ReportingPeriodAsync(db, org) ?? new Period(today.Year, today.Month);
        Year = year is >= Period.MinYear and <= Period.MaxYear ? year.Value : reporting.FinancialYear;
        var start = new Period(Year, Period.FinancialYearStartMonth);
        Periods = Enumerable.Range(0, 12).Select(start.AddMonths).Where(p => p.Ends(indicator.Frequency)).ToList();
        var targets = await db.Targets.Where(t => t.IndicatorId == id && Periods.Contains(t.Period)).ToListAsync();
        Values = Periods.ToDictionary(p => p, p => targets.FirstOrDefault(t => t.Period == p) is { } t ? Numbers.Plain(t.Value) : null);
        var stored = await db.AnnualTargets.Where(t => t.IndicatorId == id && t.FinancialYear == Year).Select(t => (decimal?)t.Value).SingleOrDefaultAsync();
        // A post keeps what was typed (an empty box too); the page shown afresh takes what is stored.
        if (Request.Method == "GET" || Seen is null) Annual ??= stored is { } a ? Numbers.Plain(a) : null;
        Stamp = string.Join(";", new[] { $"{Year}={Numbers.Format(stored, 10)}" }.Concat(targets.OrderBy(t => t.Period).Select(t => $"{t.Period}={Numbers.Plain(t.Value)}")));
        var results = await db.Results.Where(r => r.IndicatorId == id && r.Status == ApprovalStatus.Approved && Periods.Contains(r.Period)).ToListAsync();
        Results = Periods.ToDictionary(p => p, p => results.FirstOrDefault(r => r.Period == p)?.Value);
        return true;
    }
}
