using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Accounts;
using Steward.Web;

namespace Steward.Features.Indicators.Manage;

/// <summary>
/// Sets a financial year's targets at once: the same for every period, or profiled (HR05: 0.54 in Q1,
/// 0.76 in Q2). A target applies to its own period only; an empty box removes it.
/// </summary>
[RequireRole(Role.PerformanceOfficer, Role.Administrator)]
public class TargetsModel(StewardDb db, CurrentUser user, TimeProvider clock) : PageModel
{
    public Indicator Indicator { get; private set; } = null!;
    public int Year { get; private set; }
    public List<Period> Periods { get; private set; } = [];
    public Dictionary<Period, string?> Values { get; private set; } = [];
    public Dictionary<Period, decimal?> Results { get; private set; } = [];
    public bool Saved { get; private set; }
    [BindProperty] public string? All { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, int? year, bool saved)
    {
        if (!await LoadAsync(id, year)) return NotFound();
        Saved = saved;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, int? year)
    {
        if (!await LoadAsync(id, year)) return NotFound();
        var typed = Periods.ToDictionary(p => p, p => Request.Form[$"t-{p}"].ToString().Trim());
        return await SaveAsync(id, typed);
    }

    public async Task<IActionResult> OnPostAllAsync(int id, int? year)
    {
        if (!await LoadAsync(id, year)) return NotFound();
        if (string.IsNullOrWhiteSpace(All) || !Numbers.TryParse(All, out _))
        {
            ModelState.AddModelError("all", string.IsNullOrWhiteSpace(All) ? "Enter the target to apply to every period" : "The target must be a number, like 90");
            return Page();
        }
        return await SaveAsync(id, Periods.ToDictionary(p => p, _ => All.Trim()));
    }

    private async Task<IActionResult> SaveAsync(int id, Dictionary<Period, string> typed)
    {
        var parsed = new Dictionary<Period, decimal?>();
        foreach (var (p, text) in typed)
        {
            Values[p] = text;
            if (text.Length == 0) parsed[p] = null;
            else if (Numbers.TryParse(text, out var v)) parsed[p] = v;
            else ModelState.AddModelError($"t-{p}", $"The {p.Label(Indicator.Frequency)} target must be a number, like 90");
        }
        if (!ModelState.IsValid) return Page();
        var existing = (await db.Targets.Where(t => t.IndicatorId == id && Periods.Contains(t.Period)).ToListAsync()).ToDictionary(t => t.Period);
        foreach (var (p, v) in parsed)
        {
            existing.TryGetValue(p, out var target);
            if (v is { } value)
            {
                if (target is null) db.Targets.Add(new Target { IndicatorId = id, Indicator = Indicator, Period = p, Value = value });
                else target.Value = value;
            }
            else if (target is not null) db.Targets.Remove(target);
        }
        await db.SaveChangesAsync();
        return Redirect($"/manage/indicators/{id}/targets?year={Year}&saved=true");
    }

    private async Task<bool> LoadAsync(int id, int? year)
    {
        var indicator = await db.Indicators.SingleOrDefaultAsync(i => i.Id == id);
        if (indicator is null) return false;
        Indicator = indicator;
        var org = user.RequireOrganisation();
        var reporting = await Performance.ReportingPeriodAsync(db, org) ?? Period.Parse(clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM"));
        Year = year is > 1900 and < 9999 ? year.Value : reporting.FinancialYear;
        var start = new Period(Year, Period.FinancialYearStartMonth);
        Periods = Enumerable.Range(0, 12).Select(start.AddMonths).Where(p => p.Ends(indicator.Frequency)).ToList();
        var targets = await db.Targets.Where(t => t.IndicatorId == id && Periods.Contains(t.Period)).ToListAsync();
        Values = Periods.ToDictionary(p => p, p => targets.FirstOrDefault(t => t.Period == p) is { } t ? Numbers.Plain(t.Value) : null);
        var results = await db.Results.Where(r => r.IndicatorId == id && r.Status == ApprovalStatus.Approved && Periods.Contains(r.Period)).ToListAsync();
        Results = Periods.ToDictionary(p => p, p => results.FirstOrDefault(r => r.Period == p)?.Value);
        return true;
    }
}
