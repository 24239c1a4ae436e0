using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Accounts;
using Steward.Features.Organisations;
using Steward.Web;

namespace Steward.Features.Complaints;

/// <summary>
/// The annual complaints performance report the Complaint Handling Code asks for, produced from the log for a financial
/// year (April to March, or to the current month): volumes, responses within the timescale by stage and service,
/// outcomes, categories and channels, extensions and their reasons, the Ombudsman's decisions and what was learnt; and
/// the council's self-assessment against each section of the code (compliant or not, evidence, commentary), which
/// complaint handlers and the performance team keep. Councillors scrutinise both.
/// </summary>
public class AnnualReportModel(StewardDb db, CurrentUser user, TimeProvider clock) : PageModel
{
    public Organisation Organisation { get; private set; } = null!;
    public int Year { get; private set; }
    public ComplaintSummary Summary { get; private set; } = null!;
    public Dictionary<int, SelfAssessment> Assessment { get; private set; } = [];
    public bool Edits => user.Has(Role.ComplaintHandler) || user.ManagesFramework;
    public bool Conflict { get; private set; }

    [BindProperty] public string? Compliant { get; set; }
    [BindProperty] public string? Evidence { get; set; }
    [BindProperty] public string? Commentary { get; set; }
    [BindProperty] public int Version { get; set; }

    public async Task OnGetAsync(int? year) => await LoadAsync(year);

    /// <summary>Saves one section of the year's self-assessment (version-checked, audited).</summary>
    public async Task<IActionResult> OnPostSectionAsync(int year, int section)
    {
        if (!Edits) return Forbid();
        if (section < 1 || section > CodeSections.All.Count) return BadRequest();
        await LoadAsync(year);
        var row = Assessment.GetValueOrDefault(section);
        if (row is null ? Version != 0 : row.Version != Version)
        {
            Conflict = true;
            return Page();
        }
        if (row is null) db.ComplaintSelfAssessments.Add(row = new SelfAssessment { Year = Year, Section = section });
        row.Compliant = Compliant switch { "yes" => true, "no" => false, _ => null };
        (row.Evidence, row.Commentary) = (FormValues.Blank(Evidence), FormValues.Blank(Commentary));
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException e) when (SaveConflict.Is(e))
        {
            db.ChangeTracker.Clear();
            await LoadAsync(year);
            Conflict = true;
            return Page();
        }
        return Redirect($"/complaints/annual-report?year={Year}#section-{section}");
    }

    private async Task LoadAsync(int? year)
    {
        Organisation = user.RequireOrganisation();
        var today = Organisation.Today(clock);
        var current = new Period(today.Year, today.Month);
        Year = year is { } y && y >= Period.MinYear && y <= current.FinancialYear ? y : current.AddMonths(-12).FinancialYear;
        var from = new Period(Year, Period.FinancialYearStartMonth);
        var to = from.AddMonths(11);
        if (to > current) to = current;
        Summary = await ComplaintFigures.SummaryAsync(db, Organisation, from, to, HttpContext.RequestAborted);
        Assessment = await db.ComplaintSelfAssessments.Where(a => a.Year == Year).ToDictionaryAsync(a => a.Section, HttpContext.RequestAborted);
    }
}
