using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Web;

namespace Steward.Features.Projects;

/// <summary>
/// One project: what it is and who runs it, every baseline with its milestones, the latest approved forecast against
/// the baseline in force and the original, and its highlight reports month by month (the latest 13).
/// </summary>
public class DetailModel(StewardDb db, CurrentUser user, TimeProvider clock) : PageModel
{
    /// <summary>Months of highlight reports shown.</summary>
    public const int MonthsShown = 13;

    public ProjectStatus Status { get; private set; } = null!;
    public Project Project => Status.Project;
    public List<ProjectBaseline> Baselines { get; private set; } = [];
    public List<HighlightReport> Reports { get; private set; } = [];

    /// <summary>The month whose report is written now (the council's today's), when this user may write it: its manager or the performance team.</summary>
    public Domain.Period? ToWrite { get; private set; }

    /// <summary>Whether this user is of the performance team, who edit projects and record baselines.</summary>
    public bool Manages => user.ManagesFramework;

    public async Task<IActionResult> OnGetAsync(int id)
    {
        var ct = HttpContext.RequestAborted;
        var organisation = user.RequireOrganisation();
        var project = await db.Projects.Where(p => p.Id == id)
            .Include(p => p.Programme).Include(p => p.Directorate).Include(p => p.Sponsor).Include(p => p.Manager)
            .AsNoTracking().SingleOrDefaultAsync(ct);
        if (project is null) return NotFound();
        Status = (await Portfolio.StatusAsync(db, [project], ct))[0];
        Baselines = await db.ProjectBaselines.Where(b => b.ProjectId == id).Include(b => b.Milestones).OrderBy(b => b.Number).AsNoTracking().ToListAsync(ct);
        var today = organisation.Today(clock);
        if (Domain.ApprovalWorkflow.CanEnter(HighlightEntry.ActorFor(project, user.Email, user.PersonId, user.ManagesFramework)))
            ToWrite = new Domain.Period(today.Year, today.Month);
        Reports = await db.HighlightReports.Where(h => h.ProjectId == id).OrderByDescending(h => h.Period).Take(MonthsShown).AsNoTracking().ToListAsync(ct);
        return Page();
    }
}
