using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Common;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Accounts;
using Steward.Web;

namespace Steward.Features.Projects;

/// <summary>
/// The performance team records a baseline as the board approved it: the first one, or a re-baseline, which needs its
/// reason. Baselines are never edited: each is kept, numbered on, so the one in force can be set against the original.
/// </summary>
[RequireRole(Role.PerformanceOfficer, Role.Administrator)]
public class BaselineModel(StewardDb db, CurrentUser user, TimeProvider clock) : PageModel
{
    public Project Project { get; private set; } = null!;
    public ProjectBaseline? Current { get; private set; }

    [BindProperty] public string? Start { get; set; }
    [BindProperty] public string? End { get; set; }
    [BindProperty] public string? CapitalBudget { get; set; }
    [BindProperty] public string? RevenueBudget { get; set; }
    [BindProperty] public string? Milestones { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public string? ApprovedBy { get; set; }
    [BindProperty] public string? ApprovedOn { get; set; }

    /// <summary>The number the new baseline had when the form was read: a baseline recorded meanwhile is reported, never numbered past.</summary>
    [BindProperty] public int? Seen { get; set; }

    /// <summary>Key milestones a baseline holds at most.</summary>
    public const int MaxMilestones = 50;

    /// <summary>The number the new baseline takes: one more than the one in force, or 1.</summary>
    public int Number => (Current?.Number ?? 0) + 1;

    public async Task<IActionResult> OnGetAsync(int id)
    {
        if (!await LoadAsync(id)) return NotFound();
        Seen = Number;
        if (Current is { } b)
        {
            // A re-baseline starts from the plan in force.
            (Start, End) = (b.Start.ToString("yyyy-MM-dd"), b.End.ToString("yyyy-MM-dd"));
            (CapitalBudget, RevenueBudget) = (Numbers.Plain(b.CapitalBudget), Numbers.Plain(b.RevenueBudget));
            Milestones = string.Join("\n", b.Milestones.OrderBy(m => m.Date).Select(m => $"{m.Date:yyyy-MM-dd} {m.Name}"));
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id)
    {
        var ct = HttpContext.RequestAborted;
        if (!await LoadAsync(id)) return NotFound();
        if (Seen is { } seen && seen != Number)
        {
            ModelState.AddModelError("", $"Someone else recorded baseline {Current?.Number} after you opened this page, so nothing was saved. Look at it on the project's page, then record yours again if it is still needed.");
            Seen = Number;
            return Page();
        }
        var start = ModelState.Date(Start, "start", missing: "Enter the start date, like 2016-02-08");
        var end = ModelState.Date(End, "end", missing: "Enter the end date, like 2018-03-31");
        if (start is { } from && end is { } to)
        {
            if (to < from) ModelState.AddModelError("end", "The end date must be on or after the start date");
            if (from.Year < 1990 || to.Year > 2100) ModelState.AddModelError("start", "Enter dates from 1990 to 2100");
        }
        decimal Pounds(string? text, string key, string label)
        {
            if (Money.TryParsePounds(text, out var p)) return p;
            ModelState.AddModelError(key, $"Enter the {label} in pounds, like 7926000 or 1250.50 (0 if there is none)");
            return 0;
        }
        var capital = Pounds(CapitalBudget, "capital-budget", "capital budget");
        var revenue = Pounds(RevenueBudget, "revenue-budget", "revenue budget");
        var milestones = new List<BaselineMilestone>();
        var lines = (Milestones ?? "").Replace("\r", "").Split('\n').Select((l, i) => (Text: l.Trim(), Line: i + 1)).Where(x => x.Text.Length > 0).ToList();
        if (lines.Count > MaxMilestones) ModelState.AddModelError("milestones", $"Give at most {MaxMilestones} key milestones");
        foreach (var (line, n) in lines.Take(MaxMilestones))
        {
            var space = line.IndexOf(' ');
            if (space == 10 && DateOnly.TryParseExact(line[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) && line[11..].Trim().Length is > 0 and <= 300)
            {
                if (start is { } from2 && end is { } to2 && (date < from2 || date > to2))
                    ModelState.AddModelError("milestones", $"Line {n} of the milestones: {Show.Date(date)} is outside the baseline's start and end");
                milestones.Add(new BaselineMilestone { Date = date, Name = line[11..].Trim() });
            }
            else ModelState.AddModelError("milestones", $"Line {n} of the milestones: write the date then the milestone, like 2017-11-30 Adults go live");
        }
        if (Current is not null && string.IsNullOrWhiteSpace(Reason)) ModelState.AddModelError("reason", "Say why the project is re-baselined");
        if ((Reason?.Length ?? 0) > TextRules.MaxCommentLength) ModelState.AddModelError("reason", TextRules.CommentTooLong("The reason"));
        if (string.IsNullOrWhiteSpace(ApprovedBy) || ApprovedBy.Trim().Length > 200) ModelState.AddModelError("approved-by", "Say who approved it, like the programme board, in up to 200 characters");
        var approvedOn = ModelState.Date(ApprovedOn, "approved-on", missing: "Enter the date it was approved");
        if (approvedOn is { } on && on > user.RequireOrganisation().Today(clock)) ModelState.AddModelError("approved-on", "The approval date cannot be in the future");
        else if (approvedOn is { } on2 && Current is { } previous && on2 < previous.ApprovedOn)
            ModelState.AddModelError("approved-on", $"A re-baseline is approved on or after the baseline it replaces ({Show.Date(previous.ApprovedOn)})");
        if (!ModelState.IsValid) return Page();

        db.ProjectBaselines.Add(new ProjectBaseline
        {
            ProjectId = id, Number = Number, Start = start!.Value, End = end!.Value, CapitalBudget = capital, RevenueBudget = revenue,
            Reason = FormValues.Blank(Reason), ApprovedBy = ApprovedBy!.Trim(), ApprovedOn = approvedOn!.Value, Milestones = milestones,
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (SaveConflict.Is(e))
        {
            // Baseline numbers are unique per project: someone recorded one at the same moment.
            db.ChangeTracker.Clear();
            await LoadAsync(id);
            ModelState.AddModelError("", $"Someone else recorded baseline {Current?.Number} meanwhile. It is shown on the project: record yours again if it is still needed.");
            return Page();
        }
        return Redirect($"/projects/{id}#baselines");
    }

    private async Task<bool> LoadAsync(int id)
    {
        var project = await db.Projects.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, HttpContext.RequestAborted);
        if (project is null) return false;
        Project = project;
        Current = await db.ProjectBaselines.Where(b => b.ProjectId == id).Include(b => b.Milestones).OrderByDescending(b => b.Number).AsNoTracking()
            .FirstOrDefaultAsync(HttpContext.RequestAborted);
        return true;
    }

    public string? Error(string key) => ModelState[key]?.Errors.FirstOrDefault()?.ErrorMessage;
}
