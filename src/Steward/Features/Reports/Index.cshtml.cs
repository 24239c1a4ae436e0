using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Accounts;
using Steward.Features.Committees;
using Steward.Features.Indicators;
using Steward.Features.Risks;
using Steward.Web;

namespace Steward.Features.Reports;

/// <summary>
/// The quarterly pack for a committee (or the whole council) and a quarter, in the browser (HTML, printable) or as a Word
/// document or a PDF. People cleared for exempt information (and the risk team) get the Part II version by default and may ask for
/// the public one; everyone else gets the public version only.
/// </summary>
public class IndexModel(StewardDb db, CurrentUser user, TimeProvider clock) : PageModel
{
    /// <summary>Quarters offered, the latest first.</summary>
    public const int QuartersShown = 12;

    public List<Committee> Committees { get; private set; } = [];
    public List<Period> Quarters { get; private set; } = [];
    public bool SeesExempt => user.ManagesRisks() || user.Has(Role.ExemptReader);

    [BindProperty(SupportsGet = true, Name = "committee")] public int? CommitteeId { get; set; }
    [BindProperty(SupportsGet = true, Name = "period")] public string? Period { get; set; }
    [BindProperty(SupportsGet = true, Name = "public")] public bool PublicVersion { get; set; }
    [BindProperty(SupportsGet = true, Name = "format")] public string? Format { get; set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnGetPackAsync()
    {
        var ct = HttpContext.RequestAborted;
        var organisation = user.RequireOrganisation();
        await LoadAsync();
        var (committee, p) = Chosen();
        if (Format is null || !PackIssuer.Formats.ContainsKey(Format)) ModelState.AddModelError("format", "Choose the pack's format: the web page, Word, PDF or Excel");
        if (!ModelState.IsValid) return Page();
        var pack = await PackBuilder.BuildAsync(db, organisation, new PackRequest(committee, p, PublicVersion || !SeesExempt, organisation.Today(clock)), ct);
        var name = $"{organisation.Code}-{committee?.Code ?? "council"}-{p}-performance-pack{(pack.PublicVersion ? "-public" : "")}".ToLowerInvariant();
        if (Format != "html") return File(PackIssuer.Render(pack, Format!), PackIssuer.Formats[Format!], $"{name}.{Format}");
        // The pack is one self-contained page: its own style sheet, allowed by hash, and nothing else.
        Response.Headers.ContentSecurityPolicy = PackHtml.ContentSecurityPolicy(pack);
        return Content(PackHtml.Render(pack), "text/html; charset=utf-8");
    }

    public bool Manages => user.ManagesFramework;

    /// <summary>The performance team, and officers who may lead a pack (anyone who is not only a reader).</summary>
    public bool Prepares => Manages || (user.PersonId is not null && (user.Roles & ~(Role.Viewer | Role.ExemptReader)) != 0);

    /// <summary>The committee (null: the whole council) and quarter asked for; errors name the field when either is not one offered.</summary>
    private (Committee? Committee, Period Period) Chosen()
    {
        if (!Domain.Period.TryParse(Period, out var p) || !PackBuilder.IsQuarterEnd(p)) ModelState.AddModelError("period", "Choose the quarter the pack reports on");
        Committee? committee = null;
        if (CommitteeId is { } id && (committee = Committees.SingleOrDefault(c => c.Id == id)) is null) ModelState.AddModelError("committee", "Choose a committee from the list");
        return (committee, p);
    }

    private async Task LoadAsync()
    {
        var organisation = user.RequireOrganisation();
        Committees = (await db.Committees.AsNoTracking().ToListAsync()).OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        var reporting = await Performance.ReportingPeriodAsync(db, organisation) ?? DueResults.LastEnding(new Domain.Period(organisation.Today(clock).Year, organisation.Today(clock).Month), Frequency.Quarterly);
        var latest = DueResults.LastEnding(reporting, Frequency.Quarterly);
        Quarters = Enumerable.Range(0, QuartersShown).Select(k => latest.Previous(Frequency.Quarterly, k)).ToList();
        Period ??= latest.ToString();
    }

    public string? Error(string key) => ModelState[key]?.Errors.FirstOrDefault()?.ErrorMessage;
}
