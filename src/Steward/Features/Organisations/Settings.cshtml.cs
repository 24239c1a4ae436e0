using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Common;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Accounts;
using Steward.Features.Indicators;
using Steward.Web;

namespace Steward.Features.Organisations;

/// <summary>
/// The performance team's settings: reporting period (with a warning naming the indicators that have no target for it,
/// and a way to copy a year's targets to the next), default tolerance, due dates, the "as at" date, non-working days,
/// the budget variance threshold and the unit finance tables print money in, and the complaints policy's timescales.
/// </summary>
[RequireRole(Role.PerformanceOfficer, Role.Administrator)]
public class SettingsModel(StewardDb db, CurrentUser user, TimeProvider clock) : PageModel
{
    public Organisation Organisation { get; private set; } = null!;
    public List<ClosureDay> ClosureDays { get; private set; } = [];
    public IReadOnlyList<(DateOnly Date, string Name)> BankHolidays { get; private set; } = [];
    public bool Saved { get; private set; }
    public Period? ReportingPeriod { get; private set; }

    /// <summary>Indicators (not info-only) with a period ending at the reporting period but no target for it.</summary>
    public List<Indicators.Indicator> MissingTargets { get; private set; } = [];

    /// <summary>After copying a year's targets: the year copied from, how many indicators were copied and how many kept their own.</summary>
    public (int FromYear, int Copied, int Kept)? CopyDone { get; private set; }

    [BindProperty] public string? CurrentPeriod { get; set; }
    [BindProperty] public string? Tolerance { get; set; }
    [BindProperty] public string? MonthlyDue { get; set; }
    [BindProperty] public string? QuarterlyDue { get; set; }
    [BindProperty] public string? AnnualDue { get; set; }
    [BindProperty] public bool BankHolidaysOn { get; set; }
    [BindProperty] public string? RiskThreshold { get; set; }
    [BindProperty] public string? ReviewMonths { get; set; }
    [BindProperty] public string? ReminderDays { get; set; }
    [BindProperty] public string? EscalationDays { get; set; }
    [BindProperty] public string? AsAt { get; set; }
    [BindProperty] public string? BudgetThreshold { get; set; }
    [BindProperty] public MoneyUnit MoneyUnit { get; set; }
    [BindProperty] public string? Stage1Acknowledge { get; set; }
    [BindProperty] public string? Stage1Response { get; set; }
    [BindProperty] public string? Stage2Acknowledge { get; set; }
    [BindProperty] public string? Stage2Response { get; set; }
    [BindProperty] public string? MaxExtension { get; set; }
    [BindProperty] public bool ResponseFromReceipt { get; set; }
    [BindProperty] public string? RetentionMonths { get; set; }
    [BindProperty] public int Version { get; set; }
    [BindProperty] public string? ClosureDate { get; set; }
    [BindProperty] public string? ClosureName { get; set; }

    public bool CopyConflict { get; private set; }

    public async Task OnGetAsync(bool saved, int? copiedFrom, int copied, int kept, bool copyConflict)
    {
        await LoadAsync();
        Saved = saved;
        CopyConflict = copyConflict;
        if (copiedFrom is { } from) CopyDone = (from, copied, kept);
        var o = Organisation;
        CurrentPeriod = o.CurrentPeriod?.ToString();
        Tolerance = Numbers.Plain(o.DefaultTolerance);
        (MonthlyDue, QuarterlyDue, AnnualDue) = (o.MonthlyDueDays.ToString(), o.QuarterlyDueDays.ToString(), o.AnnualDueDays.ToString());
        BankHolidaysOn = o.EnglandAndWalesBankHolidays;
        (RiskThreshold, ReviewMonths) = (o.RiskExceptionThreshold.ToString(), o.RiskReviewMonths.ToString());
        (ReminderDays, EscalationDays) = (o.ReminderDays.ToString(), o.EscalationDays.ToString());
        AsAt = o.AsAt?.ToString("yyyy-MM-dd");
        (BudgetThreshold, MoneyUnit) = (Numbers.Plain(o.BudgetVarianceThreshold), o.MoneyUnit);
        (Stage1Acknowledge, Stage1Response, Stage2Acknowledge, Stage2Response) = (o.ComplaintStage1AcknowledgeDays.ToString(), o.ComplaintStage1ResponseDays.ToString(),
            o.ComplaintStage2AcknowledgeDays.ToString(), o.ComplaintStage2ResponseDays.ToString());
        (MaxExtension, ResponseFromReceipt, RetentionMonths) = (o.ComplaintMaxExtensionDays.ToString(), o.ComplaintResponseFromReceipt, o.ComplaintRetentionMonths.ToString());
        Version = o.Version;
    }

    /// <summary>Copies the targets of the reporting period's financial year to the next year, for every indicator that has none there yet.</summary>
    public async Task<IActionResult> OnPostCopyTargetsAsync(int fromYear)
    {
        user.RequireOrganisation();
        if (fromYear is < Period.MinYear or > Period.MaxYear) return BadRequest();
        TargetCopyOutcome outcome;
        try
        {
            outcome = await TargetCopy.CopyAsync(db, fromYear);
        }
        catch (DbUpdateException e) when (SaveConflict.Is(e))
        {
            // Someone copied or set targets at the same moment: what they saved stands, and the page shows it.
            return Redirect("/manage/settings?copyConflict=true#targets");
        }
        return Redirect($"/manage/settings?copiedFrom={fromYear}&copied={outcome.Copied.Count}&kept={outcome.AlreadySet.Count}#targets");
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
        var reminder = Days(ReminderDays, "reminder-days", "Reminders");
        var escalation = Days(EscalationDays, "escalation-days", "Escalation");
        if (!int.TryParse(RiskThreshold, out var threshold) || threshold is < 1 or > 36)
            ModelState.AddModelError("risk-threshold", "The exception threshold must be a score from 1 to 36");
        if (!int.TryParse(ReviewMonths, out var months) || months is < 1 or > 24)
            ModelState.AddModelError("review-months", "Months between reviews must be a whole number from 1 to 24");
        var asAt = ModelState.Date(AsAt, "as-at");
        if (!Numbers.TryParse(BudgetThreshold?.Replace("£", "").Replace(",", ""), out var budgetThreshold) || budgetThreshold is < 0 or > 1_000_000_000_000m)
            ModelState.AddModelError("budget-threshold", "The variance threshold must be an amount in pounds, 0 or more, like 100000");
        if (!Enum.IsDefined(MoneyUnit)) ModelState.AddModelError("money-unit", "Choose £m or £k");
        // Complaint timescales: left out of a post (an older form), the council's own stand.
        int Complaint(string? text, string key, string label, int current) => text is null ? current : Days(text, key, label);
        var o0 = Organisation;
        var stage1Acknowledge = Complaint(Stage1Acknowledge, "stage1-acknowledge", "Stage 1 acknowledgement", o0.ComplaintStage1AcknowledgeDays);
        var stage1Response = Complaint(Stage1Response, "stage1-response", "Stage 1 response", o0.ComplaintStage1ResponseDays);
        var stage2Acknowledge = Complaint(Stage2Acknowledge, "stage2-acknowledge", "Stage 2 acknowledgement", o0.ComplaintStage2AcknowledgeDays);
        var stage2Response = Complaint(Stage2Response, "stage2-response", "Stage 2 response", o0.ComplaintStage2ResponseDays);
        var maxExtension = Complaint(MaxExtension, "max-extension", "The longest extension", o0.ComplaintMaxExtensionDays);
        var retention = o0.ComplaintRetentionMonths;
        if (RetentionMonths is not null && (!int.TryParse(RetentionMonths, out retention) || retention is < 1 or > 240))
            ModelState.AddModelError("retention-months", "Keep complainants' details for a whole number of months from 1 to 240");
        if (!ModelState.IsValid) return Page();

        var o = Organisation;
        db.Entry(o).Property(x => x.Version).OriginalValue = Version;
        o.CurrentPeriod = current;
        o.DefaultTolerance = tolerance;
        (o.MonthlyDueDays, o.QuarterlyDueDays, o.AnnualDueDays) = (monthly, quarterly, annual);
        (o.ReminderDays, o.EscalationDays) = (reminder, escalation);
        o.EnglandAndWalesBankHolidays = BankHolidaysOn;
        (o.RiskExceptionThreshold, o.RiskReviewMonths) = (threshold, months);
        o.AsAt = asAt;
        (o.BudgetVarianceThreshold, o.MoneyUnit) = (budgetThreshold, MoneyUnit);
        (o.ComplaintStage1AcknowledgeDays, o.ComplaintStage1ResponseDays, o.ComplaintStage2AcknowledgeDays, o.ComplaintStage2ResponseDays) =
            (stage1Acknowledge, stage1Response, stage2Acknowledge, stage2Response);
        (o.ComplaintMaxExtensionDays, o.ComplaintRetentionMonths) = (maxExtension, retention);
        if (Stage1Response is not null) o.ComplaintResponseFromReceipt = ResponseFromReceipt;
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateConcurrencyException)
        {
            Version = await Audit.EditConflict.RefuseAsync(this, db, o.Id, Version, "Someone else changed the settings after you opened them, so your change was not saved", o);
            return Page();
        }
        return Redirect("/manage/settings?saved=true");
    }

    public async Task<IActionResult> OnPostAddClosureAsync()
    {
        await LoadAsync();
        var date = ModelState.Date(ClosureDate, "closure-date", missing: "Enter the date as YYYY-MM-DD, like 2017-12-27") ?? default;
        if (date != default && ClosureDays.Any(c => c.Date == date))
            ModelState.AddModelError("closure-date", $"{Show.Date(date)} is already a closure day");
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
        var year = Organisation.CurrentPeriod?.Year ?? Organisation.Today(clock).Year;
        BankHolidays = Domain.BankHolidays.EnglandAndWales(year);
        ReportingPeriod = await Performance.ReportingPeriodAsync(db, Organisation);
        if (ReportingPeriod is { } p)
            MissingTargets = await Performance.WithoutTargetAsync(db, Organisation, p);
    }

    public string? Error(string key) => ModelState[key]?.Errors.FirstOrDefault()?.ErrorMessage;
}
