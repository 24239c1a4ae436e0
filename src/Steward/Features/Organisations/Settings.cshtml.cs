using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Accounts;
using Steward.Web;

namespace Steward.Features.Organisations;

/// <summary>The performance team's settings: reporting period, default tolerance, due dates, non-working days.</summary>
[RequireRole(Role.PerformanceOfficer, Role.Administrator)]
public class SettingsModel(StewardDb db, CurrentUser user) : PageModel
{
    public Organisation Organisation { get; private set; } = null!;
    public List<ClosureDay> ClosureDays { get; private set; } = [];
    public IReadOnlyList<(DateOnly Date, string Name)> BankHolidays { get; private set; } = [];
    public bool Saved { get; private set; }

    [BindProperty] public string? CurrentPeriod { get; set; }
    [BindProperty] public string? Tolerance { get; set; }
    [BindProperty] public string? MonthlyDue { get; set; }
    [BindProperty] public string? QuarterlyDue { get; set; }
    [BindProperty] public string? AnnualDue { get; set; }
    [BindProperty] public bool BankHolidaysOn { get; set; }
    [BindProperty] public string? RiskThreshold { get; set; }
    [BindProperty] public string? ReviewMonths { get; set; }
    [BindProperty] public int Version { get; set; }
    [BindProperty] public string? ClosureDate { get; set; }
    [BindProperty] public string? ClosureName { get; set; }

    public async Task OnGetAsync(bool saved)
    {
        await LoadAsync();
        Saved = saved;
        var o = Organisation;
        CurrentPeriod = o.CurrentPeriod?.ToString();
        Tolerance = Numbers.Plain(o.DefaultTolerance);
        (MonthlyDue, QuarterlyDue, AnnualDue) = (o.MonthlyDueDays.ToString(), o.QuarterlyDueDays.ToString(), o.AnnualDueDays.ToString());
        BankHolidaysOn = o.EnglandAndWalesBankHolidays;
        (RiskThreshold, ReviewMonths) = (o.RiskExceptionThreshold.ToString(), o.RiskReviewMonths.ToString());
        Version = o.Version;
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await LoadAsync();
        Period? current = null;
        if (!string.IsNullOrWhiteSpace(CurrentPeriod))
        {
            if (Period.TryParse(CurrentPeriod, out var p)) current = p;
            else ModelState.AddModelError("current-period", "Enter the reporting period as YYYY-MM, the month it ends, like 2017-12");
        }
        if (!Numbers.TryParse(Tolerance, out var tolerance) || tolerance is < 0 or > 1000)
            ModelState.AddModelError("tolerance", "The default tolerance must be a number from 0 to 1000, like 5");
        int Days(string? text, string key, string label)
        {
            if (int.TryParse(text, out var d) && d is >= 0 and <= 250) return d;
            ModelState.AddModelError(key, $"{label} must be a whole number of working days from 0 to 250");
            return 0;
        }
        var monthly = Days(MonthlyDue, "monthly-due", "Monthly results' due date");
        var quarterly = Days(QuarterlyDue, "quarterly-due", "Quarterly results' due date");
        var annual = Days(AnnualDue, "annual-due", "Annual results' due date");
        if (!int.TryParse(RiskThreshold, out var threshold) || threshold is < 1 or > 36)
            ModelState.AddModelError("risk-threshold", "The exception threshold must be a score from 1 to 36");
        if (!int.TryParse(ReviewMonths, out var months) || months is < 1 or > 24)
            ModelState.AddModelError("review-months", "Months between reviews must be a whole number from 1 to 24");
        if (!ModelState.IsValid) return Page();

        var o = Organisation;
        db.Entry(o).Property(x => x.Version).OriginalValue = Version;
        o.CurrentPeriod = current;
        o.DefaultTolerance = tolerance;
        (o.MonthlyDueDays, o.QuarterlyDueDays, o.AnnualDueDays) = (monthly, quarterly, annual);
        o.EnglandAndWalesBankHolidays = BankHolidaysOn;
        (o.RiskExceptionThreshold, o.RiskReviewMonths) = (threshold, months);
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError("", "Someone else changed the settings while you were editing them. Reload the page to see their changes, then make yours again.");
            return Page();
        }
        return Redirect("/manage/settings?saved=true");
    }

    public async Task<IActionResult> OnPostAddClosureAsync()
    {
        await LoadAsync();
        var date = ModelState.Date(ClosureDate, "closure-date", missing: "Enter the date as YYYY-MM-DD, like 2017-12-27") ?? default;
        if (date != default && ClosureDays.Any(c => c.Date == date))
            ModelState.AddModelError("closure-date", $"{date:d MMMM yyyy} is already a closure day");
        if (string.IsNullOrWhiteSpace(ClosureName)) ModelState.AddModelError("closure-name", "Enter what the day is, like Christmas closure");
        if (!ModelState.IsValid) return Page();
        db.ClosureDays.Add(new ClosureDay { Date = date, Name = ClosureName!.Trim() });
        await db.SaveChangesAsync();
        return Redirect("/manage/settings?saved=true#closures");
    }

    public async Task<IActionResult> OnPostRemoveClosureAsync(int closureId)
    {
        var day = await db.ClosureDays.SingleOrDefaultAsync(c => c.Id == closureId);
        if (day is null) return NotFound();
        db.ClosureDays.Remove(day);
        await db.SaveChangesAsync();
        return Redirect("/manage/settings?saved=true#closures");
    }

    private async Task LoadAsync()
    {
        Organisation = user.RequireOrganisation();
        ClosureDays = (await db.ClosureDays.ToListAsync()).OrderBy(c => c.Date).ToList();
        var year = (Organisation.CurrentPeriod?.Year ?? DateTime.UtcNow.Year);
        BankHolidays = Domain.BankHolidays.EnglandAndWales(year);
    }

    public string? Error(string key) => ModelState[key]?.Errors.FirstOrDefault()?.ErrorMessage;
}
