using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Common;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Organisations;
using Steward.Web;

namespace Steward.Features.Projects;

/// <summary>
/// The portfolio: the council's programmes and projects, filtered by directorate, programme and stage, 50 a page by
/// code, each with its latest approved highlight report's RAGs and its slippage and budget variance against the
/// baseline in force. Everyone in the council may read it.
/// </summary>
public class IndexModel(StewardDb db, CurrentUser user, TimeProvider clock) : PageModel
{
    public Organisation Organisation { get; private set; } = null!;
    public List<ProjectStatus> Rows { get; private set; } = [];

    /// <summary>The page's projects with a baseline in force, for the timeline.</summary>
    public List<TimelineRow> TimelineRows { get; private set; } = [];

    /// <summary>Each row's dependencies, change requests awaiting a decision and open risks.</summary>
    public Dictionary<int, (List<string> DependsOn, int AwaitingChanges, int OpenRisks)> Notes { get; private set; } = [];

    /// <summary>The council's today, marked on the timeline.</summary>
    public DateOnly Today { get; private set; }
    public int Total { get; private set; }
    public List<(int Id, string Name)> Directorates { get; private set; } = [];
    public List<Programme> Programmes { get; private set; } = [];

    [BindProperty(SupportsGet = true, Name = "directorate")] public int? DirectorateId { get; set; }
    [BindProperty(SupportsGet = true, Name = "programme")] public int? ProgrammeId { get; set; }
    [BindProperty(SupportsGet = true, Name = "stage")] public string? StageName { get; set; }
    [BindProperty(SupportsGet = true, Name = "pg")] public int PageNumber { get; set; } = 1;

    /// <summary>Whether this user is of the performance team, who add projects.</summary>
    public bool Manages => user.ManagesFramework;

    public int PageCount => Math.Max(1, (Total + Portfolio.PageSize - 1) / Portfolio.PageSize);

    [BindProperty] public string? ProgrammeCode { get; set; }
    [BindProperty] public string? ProgrammeName { get; set; }
    [BindProperty] public string? ProgrammeBoard { get; set; }
    [BindProperty] public int? ProgrammeDirectorate { get; set; }

    /// <summary>The performance team adds a programme: code, name, the board that oversees it, its directorate.</summary>
    public async Task<IActionResult> OnPostAddProgrammeAsync()
    {
        if (!Manages) return Forbid();
        var ct = HttpContext.RequestAborted;
        await OnGetAsync();
        var code = ProgrammeCode?.Trim() ?? "";
        if (code.Length is 0 or > 32 || !Indicators.Indicator.IsValidCode(code))
            ModelState.AddModelError("programme-code", "Enter a code of up to 32 letters, digits and _ . - /, like SCSR");
        else if (await db.Programmes.AnyAsync(p => p.CodeKey == Project.Key(code), ct)) ModelState.AddModelError("programme-code", $"Another programme already has the code {code}");
        var name = FormValues.Blank(ProgrammeName);
        if (name is null || name.Length > 200) ModelState.AddModelError("programme-name", "Enter the programme's name, up to 200 characters");
        if (ProgrammeBoard?.Trim().Length > 200) ModelState.AddModelError("programme-board", "Enter the board's name, up to 200 characters");
        if (ProgrammeDirectorate is { } d && Directorates.All(x => x.Id != d)) ModelState.AddModelError("programme-directorate", "Choose a directorate from the list");
        if (!ModelState.IsValid) return Page();
        db.Programmes.Add(new Programme { Code = code, CodeKey = Project.Key(code), Name = name!, Board = FormValues.Blank(ProgrammeBoard), DirectorateId = ProgrammeDirectorate });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (SaveConflict.Is(e))
        {
            ModelState.AddModelError("programme-code", "Someone else has just given a programme this code. Choose another code.");
            return Page();
        }
        return Redirect("/projects");
    }

    /// <summary>
    /// The projects as filtered — every page — as a workbook: a sheet of projects (RAGs coloured and named, dates,
    /// days late and money as numbers) and a sheet of their key milestones against the baseline in force.
    /// </summary>
    public async Task<IActionResult> OnGetWorkbookAsync()
    {
        var ct = HttpContext.RequestAborted;
        Organisation = user.RequireOrganisation();
        var all = await Portfolio.AllAsync(db, new PortfolioFilter(DirectorateId, ProgrammeId, FormValues.Named<ProjectStage>(StageName)), ct);
        static SheetCell Rating(Rag? rag) => rag is { } r ? new SheetCell(Show.Rag(r), Fill: Show.RagFill(r)) : new SheetCell("No report");
        static SheetCell Pounds(decimal? p) => p is { } v ? new SheetCell(Show.Money(v), v, "£#,##0.00") : new SheetCell("");
        static SheetCell Date(DateOnly? d) => d?.ToString("yyyy-MM-dd");
        var projects = all.Select(s => (IReadOnlyList<SheetCell>)
        [
            s.Project.Code, s.Project.Name, s.Project.Programme?.Name, s.Project.Directorate?.Name, Show.Stage(s.Project.Stage),
            s.Project.Sponsor?.Name ?? "Not set", s.Project.Manager?.Name ?? "Not set",
            Rating(s.Latest?.Overall), Rating(s.Latest?.Time), Rating(s.Latest?.Cost), Rating(s.Latest?.Scope), Rating(s.Latest?.Quality),
            s.Latest is { } l ? Show.Month(l.Period) : "None approved",
            s.Current is { } b ? new SheetCell(b.Number.ToString(), b.Number, "0") : "None", Date(s.Current?.Start), Date(s.Current?.End), Date(s.Latest?.ForecastEnd),
            s.Variance?.DaysLate is { } days ? new SheetCell(Show.Slippage(days), days, "0") : "",
            Pounds(s.Current?.Plan.Budget), Pounds(s.Latest?.ForecastCost), Pounds(s.Variance?.CostOver),
            s.Variance?.CostOverPercent is { } pc ? new SheetCell(pc.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture), pc, "0.0") : "",
        ]).ToList();
        var milestones = (await Timeline.RowsAsync(db, all, Organisation.Today(clock), ct)).SelectMany(r => r.Milestones.Select(m => (IReadOnlyList<SheetCell>)
        [
            r.Project.Code, m.Milestone.Name, new SheetCell(r.Baseline.Number.ToString(), r.Baseline.Number, "0"), Date(m.Dates.Baseline), Date(m.Dates.Forecast), Date(m.Dates.Actual),
            Show.Milestone(m.Dates, r.AsAt),
        ])).ToList();
        return File(Xlsx.Write($"{Organisation.Name}: projects",
            [
                new Sheet("Projects", ["Code", "Project", "Programme", "Directorate", "Stage", "Sponsor", "Project manager", "Overall", "Time", "Cost", "Scope", "Quality",
                    "Last report", "Baseline", "Baseline start", "Baseline end", "Forecast end", "Days late", "Budget (£)", "Forecast cost (£)", "Cost over (£)", "Cost over (%)"], projects),
                new Sheet("Milestones", ["Project", "Milestone", "Baseline", "Baseline date", "Forecast", "Actual", "Status"], milestones),
            ]), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"{Organisation.Code}-projects.xlsx".ToLowerInvariant());
    }

    /// <summary>This page's workbook, with the filters kept.</summary>
    public string WorkbookLink() => Address(("handler", "Workbook"));

    public string? Error(string key) => ModelState[key]?.Errors.FirstOrDefault()?.ErrorMessage;

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        Organisation = user.RequireOrganisation();
        Directorates = (await db.Directorates.Select(d => new { d.Id, d.Name }).ToListAsync(ct))
            .Select(d => (d.Id, d.Name)).OrderBy(d => d.Name, StringComparer.Ordinal).ToList();
        Programmes = (await db.Programmes.AsNoTracking().ToListAsync(ct)).OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
        var stage = FormValues.Named<ProjectStage>(StageName);
        (Rows, Total, PageNumber) = await Portfolio.PageAsync(db, new PortfolioFilter(DirectorateId, ProgrammeId, stage), PageNumber, ct);
        Today = Organisation.Today(clock);
        TimelineRows = await Timeline.RowsAsync(db, Rows, Today, ct);
        Notes = await Portfolio.NotesAsync(db, Rows.Select(r => r.Project).ToList(), ct);
    }

    /// <summary>This page's address with the filters kept and the page number changed.</summary>
    public string Link(int page) => Address(("pg", PageAddress.PageNumber(page)));

    private string Address((string, string?) last) =>
        PageAddress.Of("/projects", ("directorate", DirectorateId?.ToString()), ("programme", ProgrammeId?.ToString()), ("stage", StageName), last);
}
