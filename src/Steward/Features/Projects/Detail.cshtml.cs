using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Risks;
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

    /// <summary>The baseline the latest approved report is measured against.</summary>
    public ProjectBaseline? MilestoneBaseline { get; private set; }

    /// <summary>The key milestones of the baseline the latest approved report is measured against, with the dates it gives them.</summary>
    public List<(BaselineMilestone Milestone, MilestoneDates Dates)> Milestones { get; private set; } = [];

    /// <summary>The month whose report is written now (the council's today's), when this user may write it: its manager or the performance team.</summary>
    public Period? ToWrite { get; private set; }

    /// <summary>Whether this user is of the performance team, who edit projects and record baselines.</summary>
    public bool Manages => user.ManagesFramework;

    /// <summary>Each gate with how many criteria it has, how many are not met or waived, and its latest decision.</summary>
    public List<(ProjectGate Gate, int Criteria, int Open, GateDecision? Latest)> Gates { get; private set; } = [];

    /// <summary>How many change requests the project has, and how many await a decision.</summary>
    public (int All, int Awaiting) Changes { get; private set; }

    /// <summary>Risks shown from the project's register, highest current score first.</summary>
    public const int RisksShown = 20;

    /// <summary>The open risks of the project's register (the first <see cref="RisksShown"/>, highest current score first) with their bands, and how many are open.</summary>
    public List<(Risk Risk, string? Band)> ProjectRisks { get; private set; } = [];
    public int OpenRisks { get; private set; }

    /// <summary>Whether this user keeps risk registers (the performance team), who open a project's register.</summary>
    public bool ManagesRisks => user.ManagesRisks();

    /// <summary>
    /// Opens the project's own risk register, under its programme's (made with the programme's first), so its risks are
    /// kept on the council's matrix and review cycle and can be moved up to the corporate register when they grow.
    /// </summary>
    public async Task<IActionResult> OnPostOpenRegisterAsync(int id)
    {
        if (!ManagesRisks) return Forbid();
        var ct = HttpContext.RequestAborted;
        var project = await db.Projects.Include(p => p.Programme).SingleOrDefaultAsync(p => p.Id == id, ct);
        if (project is null) return NotFound();
        if (project.RegisterId is not null) return Redirect($"/projects/{id}#risks");
        // All or nothing: the programme's register (when it has none), the project's, and both links.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var parent = project.Programme?.RegisterId;
            if (project.Programme is { RegisterId: null } programme)
            {
                var programmeRegister = db.RiskRegisters.Add(new RiskRegister { Name = $"{programme.Name} programme" }).Entity;
                await db.SaveChangesAsync(ct);
                programme.RegisterId = parent = programmeRegister.Id;
            }
            var register = db.RiskRegisters.Add(new RiskRegister { Name = $"{project.Code} {project.Name}", ParentId = parent }).Entity;
            await db.SaveChangesAsync(ct);
            project.RegisterId = register.Id;
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException e) when (SaveConflict.Is(e))
        {
            // Someone else opened it (or the programme's) at the same moment: nothing of this one is kept; theirs stands.
            await transaction.RollbackAsync(ct);
        }
        return Redirect($"/projects/{id}#risks");
    }

    /// <summary>How many benefits the project has, and whether its closure report is written.</summary>
    public (int Benefits, bool Closure) Delivery { get; private set; }

    /// <summary>The projects this one depends on (with them loaded), and those that depend on it.</summary>
    public List<ProjectDependency> DependsOn { get; private set; } = [];
    public List<ProjectDependency> NeededBy { get; private set; } = [];

    /// <summary>Whether this user records the project's dependencies: its manager or the performance team.</summary>
    public bool Plans { get; private set; }

    [BindProperty] public string? DependsOnCode { get; set; }
    [BindProperty] public string? DependencyDescription { get; set; }
    [BindProperty] public string? DependencyNeededBy { get; set; }

    /// <summary>Records that this project depends on another (by its code), what it needs and by when; never on itself or in a circle.</summary>
    public async Task<IActionResult> OnPostAddDependencyAsync(int id)
    {
        if (await OnGetAsync(id) is not PageResult) return NotFound();
        if (!Plans) return Forbid();
        var ct = HttpContext.RequestAborted;
        var code = DependsOnCode?.Trim() ?? "";
        var other = code.Length == 0 ? null : await db.Projects.AsNoTracking().SingleOrDefaultAsync(p => p.CodeKey == Project.Key(code), ct);
        if (other is null) ModelState.AddModelError("dependency-code", code.Length == 0 ? "Enter the code of the project it depends on" : $"No project has the code {code}");
        else if (other.Id == id) ModelState.AddModelError("dependency-code", "A project cannot depend on itself");
        else if (DependsOn.Any(d => d.DependsOnId == other.Id)) ModelState.AddModelError("dependency-code", $"This project already depends on {other.Code}");
        else if (await DependsAsync(other.Id, id, ct)) ModelState.AddModelError("dependency-code", $"{other.Code} already depends on this project, directly or through others: a dependency the other way would be circular");
        var description = FormValues.Blank(DependencyDescription);
        if (description is null || description.Length > 2000) ModelState.AddModelError("dependency-description", "Say what it needs from that project, up to 2,000 characters");
        var neededBy = ModelState.Date(DependencyNeededBy, "dependency-needed-by");
        if (!ModelState.IsValid) return Page();
        db.ProjectDependencies.Add(new ProjectDependency { ProjectId = id, DependsOnId = other!.Id, Description = description!, NeededBy = neededBy });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (SaveConflict.Is(e))
        {
            db.ChangeTracker.Clear();
            await OnGetAsync(id);
            ModelState.AddModelError("dependency-code", $"Someone else has just recorded this project's dependency on {other.Code}");
            return Page();
        }
        return Redirect($"/projects/{id}#dependencies");
    }

    /// <summary>Removes a dependency of this project.</summary>
    public async Task<IActionResult> OnPostRemoveDependencyAsync(int id, int dependencyId)
    {
        if (await OnGetAsync(id) is not PageResult) return NotFound();
        if (!Plans) return Forbid();
        var dependency = await db.ProjectDependencies.SingleOrDefaultAsync(d => d.Id == dependencyId && d.ProjectId == id, HttpContext.RequestAborted);
        if (dependency is not null)
        {
            db.ProjectDependencies.Remove(dependency);
            await db.SaveChangesAsync(HttpContext.RequestAborted);
        }
        return Redirect($"/projects/{id}#dependencies");
    }

    /// <summary>Whether project <paramref name="from"/> depends on <paramref name="to"/>, directly or through others (the council's dependencies, walked once).</summary>
    private async Task<bool> DependsAsync(int from, int to, CancellationToken ct)
    {
        var edges = (await db.ProjectDependencies.Select(d => new { d.ProjectId, d.DependsOnId }).ToListAsync(ct)).ToLookup(d => d.ProjectId, d => d.DependsOnId);
        var seen = new HashSet<int> { from };
        var queue = new Queue<int>([from]);
        while (queue.TryDequeue(out var next))
            foreach (var on in edges[next])
            {
                if (on == to) return true;
                if (seen.Add(on)) queue.Enqueue(on);
            }
        return false;
    }

    [BindProperty] public string? GateName { get; set; }
    [BindProperty] public string? GatePlanned { get; set; }

    /// <summary>The performance team adds a gate, numbered after the last.</summary>
    public async Task<IActionResult> OnPostAddGateAsync(int id)
    {
        if (!Manages) return Forbid();
        if (await OnGetAsync(id) is not PageResult) return NotFound();
        var name = FormValues.Blank(GateName);
        if (name is null || name.Length > 300) ModelState.AddModelError("gate-name", "Enter the gate's name, up to 300 characters");
        var planned = ModelState.Date(GatePlanned, "gate-planned");
        if (!ModelState.IsValid) return Page();
        db.ProjectGates.Add(new ProjectGate { ProjectId = id, Number = Gates.Select(g => g.Gate.Number).DefaultIfEmpty(0).Max() + 1, Name = name!, Planned = planned });
        try
        {
            await db.SaveChangesAsync(HttpContext.RequestAborted);
        }
        catch (DbUpdateException e) when (SaveConflict.Is(e))
        {
            ModelState.AddModelError("gate-name", "Someone else added a gate at the same moment: look at the gates again and add yours if it is still needed");
            db.ChangeTracker.Clear();
            await OnGetAsync(id);
            return Page();
        }
        return Redirect($"/projects/{id}#gates");
    }

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
        if (Status.Latest is { } latest)
            (MilestoneBaseline, Milestones) = HighlightEntry.MilestonesOf(Baselines, latest.Period,
                await db.MilestoneProgress.Where(m => m.ReportId == latest.Id).AsNoTracking().ToListAsync(ct));
        var today = organisation.Today(clock);
        var actor = HighlightEntry.ActorFor(project, user);
        if (ApprovalWorkflow.CanEnter(actor)) ToWrite = new Period(today.Year, today.Month);
        Plans = ApprovalWorkflow.CanEnter(actor);
        var changes = await db.ChangeRequests.Where(r => r.ProjectId == id).GroupBy(r => 1)
            .Select(g => new { All = g.Count(), Awaiting = g.Count(r => r.Status == ChangeStatus.Proposed) }).FirstOrDefaultAsync(ct);
        Changes = (changes?.All ?? 0, changes?.Awaiting ?? 0);
        if (project.RegisterId is { } registerId)
        {
            var open = db.Risks.Visible(user).Where(r => r.RegisterId == registerId && !r.Closed);
            OpenRisks = await open.CountAsync(ct);
            var risks = await open.OrderBy(r => r.ResidualLikelihood == null || r.ResidualImpact == null).ThenByDescending(r => r.ResidualLikelihood * r.ResidualImpact).ThenBy(r => r.Code).Take(RisksShown).AsNoTracking().ToListAsync(ct);
            var matrix = await RiskMatrixStore.LoadAsync(db, ct);
            ProjectRisks = risks.Select(r => (r, r.Residual is { } score ? matrix?.Model.BandOf(score) : null)).ToList();
        }
        Delivery = (await db.ProjectBenefits.CountAsync(b => b.ProjectId == id, ct), await db.ProjectClosures.AnyAsync(c => c.ProjectId == id, ct));
        DependsOn = await db.ProjectDependencies.Where(d => d.ProjectId == id).Include(d => d.DependsOn).AsNoTracking().ToListAsync(ct);
        NeededBy = await db.ProjectDependencies.Where(d => d.DependsOnId == id).Include(d => d.Project).AsNoTracking().ToListAsync(ct);
        Gates = (await db.ProjectGates.Where(g => g.ProjectId == id).OrderBy(g => g.Number)
                .Select(g => new
                {
                    Gate = g, Criteria = g.Criteria.Count(), Open = g.Criteria.Count(c => c.Status != CriterionStatus.Met && c.Status != CriterionStatus.Waived),
                    Latest = g.Decisions.OrderByDescending(d => d.DecidedAt).FirstOrDefault(),
                }).AsNoTracking().ToListAsync(ct))
            .Select(x => (x.Gate, x.Criteria, x.Open, x.Latest)).ToList();
        // Viewers and risk owners read approved reports only, as they read approved results only.
        var reports = db.HighlightReports.Where(h => h.ProjectId == id);
        if (!HighlightEntry.SeesUnapproved(actor)) reports = reports.Where(h => h.Status == ApprovalStatus.Approved);
        Reports = await reports.OrderByDescending(h => h.Period).Take(MonthsShown).AsNoTracking().ToListAsync(ct);
        return Page();
    }

    public string? Error(string key) => ModelState[key]?.Errors.FirstOrDefault()?.ErrorMessage;
}
