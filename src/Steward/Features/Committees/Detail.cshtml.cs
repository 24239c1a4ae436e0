using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Common;
using Steward.Data;
using Steward.Features.Organisations;
using Steward.Features.Risks;
using Steward.Web;

namespace Steward.Features.Committees;

/// <summary>
/// A committee: members, clerk and remit; its work programme (coming meetings, and past ones of the last year or all of
/// them) with each meeting's report deadline, items, lead officers and status; its open follow-up actions. Performance
/// officers and administrators add meetings here.
/// </summary>
public class DetailModel(StewardDb db, CurrentUser user, TimeProvider clock) : PageModel
{
    public Committee Committee { get; private set; } = null!;
    public DateOnly Today { get; private set; }
    public List<Meeting> Coming { get; private set; } = [];
    public List<Meeting> Past { get; private set; } = [];
    public List<FollowUpView> Actions { get; private set; } = [];
    public List<string> RegisterNames { get; private set; } = [];
    public bool Manages => user.ManagesFramework;

    /// <summary>Past meetings of every year, not only the last twelve months.</summary>
    [BindProperty(SupportsGet = true, Name = "past")] public string? PastRange { get; set; }
    public bool AllPast => PastRange == "all";

    [BindProperty] public string? Date { get; set; }
    [BindProperty] public string? Time { get; set; }
    [BindProperty] public string? Venue { get; set; }
    [BindProperty] public string? Deadline { get; set; }

    public async Task<IActionResult> OnGetAsync(int id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAddMeetingAsync(int id)
    {
        if (!Manages) return Forbid();
        if (!await LoadAsync(id)) return NotFound();
        var (meeting, errors) = await CommitteeStore.ApplyMeetingAsync(db, user.RequireOrganisation(), Committee, null,
            new CommitteeStore.MeetingDetails(Date, Time, Venue, Deadline), HttpContext.RequestAborted);
        foreach (var (key, message) in errors) ModelState.AddModelError(key, message);
        if (meeting is null) return Page();
        await db.SaveChangesAsync(HttpContext.RequestAborted);
        return Redirect($"/committees/meetings/{meeting.Id}");
    }

    /// <summary>
    /// The committee's whole work programme (every meeting, past and future, with its items) and its follow-up actions
    /// (open and done) as an Excel workbook: dates as dates in the spreadsheet's own form (YYYY-MM-DD text), one row per item.
    /// </summary>
    public async Task<IActionResult> OnGetWorkbookAsync(int id)
    {
        var ct = HttpContext.RequestAborted;
        PastRange = "all";
        if (!await LoadAsync(id)) return NotFound();
        var rows = new List<IReadOnlyList<SheetCell>>();
        foreach (var m in Past.AsEnumerable().Reverse().Concat(Coming))
        {
            var items = m.Items.OrderBy(i => i.Position).ThenBy(i => i.Id).ToList();
            if (items.Count == 0) rows.Add(MeetingCells(m, null));
            rows.AddRange(items.Select(i => MeetingCells(m, i)));
        }
        var actions = await FollowUpView.LoadAsync(db, user, db.FollowUpActions.Where(a => a.Meeting!.CommitteeId == id), Today, ct);
        var workbook = Xlsx.Write($"{Committee.Name}: work programme", [
            new Sheet("Work programme", ["Meeting", "Time", "Venue", "Report deadline", "Cancelled", "Item", "Lead officer", "Status", "Background"], rows),
            new Sheet("Follow-up actions", ["Action", "About", "Owner", "Agreed", "Reports back", "Status", "Overdue", "Completed", "Progress"],
                actions.Select(v => (IReadOnlyList<SheetCell>)
                [
                    v.Asked, v.About, v.Action.Owner?.Name, Iso(v.Action.Meeting!.Date), v.Action.ReportBackMeeting is { } back ? Iso(back.Date) : null,
                    Show.Status(v.Action.Status), v.Overdue ? "Overdue" : null, v.Action.CompletedOn is { } done ? Iso(done) : null, v.Action.Progress,
                ]).ToList()),
        ]);
        return File(workbook, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            $"{user.RequireOrganisation().Code}-{Committee.Code}-work-programme.xlsx".ToLowerInvariant());

        IReadOnlyList<SheetCell> MeetingCells(Meeting m, WorkProgrammeItem? i) =>
        [
            Iso(m.Date), m.Time?.ToString("HH:mm"), m.Venue, Iso(m.ReportDeadline), m.Cancelled ? "Cancelled" : null,
            i?.Title, i?.LeadOfficer?.Name, i is null ? null : Show.Status(i.Status), i?.Notes,
        ];
        static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd");
    }

    private async Task<bool> LoadAsync(int id)
    {
        var ct = HttpContext.RequestAborted;
        var organisation = user.RequireOrganisation();
        Today = organisation.Today(clock);
        if (await CommitteeStore.LoadAsync(db, id, ct) is not { } committee) return false;
        Committee = committee;
        var registers = await db.RiskRegisters.AsNoTracking().ToDictionaryAsync(r => r.Id, ct);
        RegisterNames = committee.Registers.Select(r => RiskRegister.Describe(registers[r.RegisterId], registers, organisation.Name))
            .Order(StringComparer.Ordinal).ToList();

        var today = Today;
        var from = AllPast ? DateOnly.MinValue : today.AddYears(-1);
        var meetings = await db.Meetings.Where(m => m.CommitteeId == id && m.Date >= from)
            .Include(m => m.Items).ThenInclude(i => i.LeadOfficer).AsSplitQuery().AsNoTracking().ToListAsync(ct);
        Coming = meetings.Where(m => m.Date >= today).OrderBy(m => m.Date).ToList();
        Past = meetings.Where(m => m.Date < today).OrderByDescending(m => m.Date).ToList();
        Actions = await FollowUpView.LoadAsync(db, user, db.FollowUpActions.Where(a => a.Meeting!.CommitteeId == id && a.Status == FollowUpStatus.Open), today, ct);
        return true;
    }

    public string? Error(string key) => ModelState[key]?.Errors.FirstOrDefault()?.ErrorMessage;
}
