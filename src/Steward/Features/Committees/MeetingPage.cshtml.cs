using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Indicators;
using Steward.Features.Organisations;
using Steward.Features.Risks;
using Steward.Web;

namespace Steward.Features.Committees;

/// <summary>
/// One meeting: its details, its work programme items and the follow-up actions it agreed and that report back to it.
/// Performance officers and administrators change the meeting, its items and its actions; a lead officer moves their
/// own item on (drafting, submitted); an action's owner reports its progress.
/// </summary>
public class MeetingPageModel(StewardDb db, CurrentUser user, TimeProvider clock) : PageModel
{
    private const string Conflict = "Someone else changed this after you opened it, so your change was not saved";

    public Meeting Meeting { get; private set; } = null!;
    public DateOnly Today { get; private set; }
    public List<FollowUpView> Agreed { get; private set; } = [];
    public List<FollowUpView> ReportingBack { get; private set; } = [];
    public List<Meeting> LaterMeetings { get; private set; } = [];
    public bool Manages => user.ManagesFramework;
    public int? PersonId => user.PersonId;

    // The meeting's details.
    [BindProperty] public string? Date { get; set; }
    [BindProperty] public string? Time { get; set; }
    [BindProperty] public string? Venue { get; set; }
    [BindProperty] public string? Deadline { get; set; }
    [BindProperty] public bool Cancelled { get; set; }

    // An item, or an action.
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? LeadOfficer { get; set; }
    [BindProperty] public ItemStatus? Status { get; set; }
    [BindProperty] public string? Notes { get; set; }
    [BindProperty] public int? Position { get; set; }
    [BindProperty] public StandardAction? Kind { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public string? IndicatorCode { get; set; }
    [BindProperty] public string? RiskCode { get; set; }
    [BindProperty] public int? ItemId { get; set; }
    [BindProperty] public string? Owner { get; set; }
    [BindProperty] public int? ReportBackMeetingId { get; set; }
    [BindProperty] public FollowUpStatus? ActionStatus { get; set; }
    [BindProperty] public string? Progress { get; set; }
    [BindProperty] public int Version { get; set; }

    public async Task<IActionResult> OnGetAsync(int id)
    {
        if (!await LoadAsync(id)) return NotFound();
        (Date, Time, Venue, Deadline, Cancelled) = (Meeting.Date.ToString("yyyy-MM-dd"), Meeting.Time?.ToString("HH:mm"), Meeting.Venue,
            Meeting.ReportDeadline.ToString("yyyy-MM-dd"), Meeting.Cancelled);
        return Page();
    }

    public async Task<IActionResult> OnPostMeetingAsync(int id)
    {
        if (!Manages) return Forbid();
        if (!await LoadAsync(id)) return NotFound();
        if (Meeting.Version != Version) return await ConflictAsync<Meeting>(id, "meeting", id);
        var (meeting, errors) = await CommitteeStore.ApplyMeetingAsync(db, user.RequireOrganisation(), Meeting.Committee!, Meeting,
            new CommitteeStore.MeetingDetails(Date, Time, Venue, Deadline, Cancelled), HttpContext.RequestAborted);
        foreach (var (key, message) in errors) ModelState.AddModelError(key, message);
        return meeting is null ? Page() : await SaveAsync(id, "meeting", () => ConflictAsync<Meeting>(id, "meeting", id));
    }

    public async Task<IActionResult> OnPostAddItemAsync(int id)
    {
        if (!Manages) return Forbid();
        if (!await LoadAsync(id)) return NotFound();
        var item = new WorkProgrammeItem { Title = "", MeetingId = Meeting.Id, Position = Meeting.Items.Select(i => i.Position).DefaultIfEmpty(0).Max() + 1 };
        if (!await ApplyItemAsync(item, "item")) return Page();
        db.WorkProgrammeItems.Add(item);
        return await SaveAsync(id, "items");
    }

    public async Task<IActionResult> OnPostItemAsync(int id, int itemId)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (Meeting.Items.SingleOrDefault(i => i.Id == itemId) is not { } item) return NotFound();
        var key = $"item-{itemId}";
        if (item.Version != Version) return await ConflictAsync<WorkProgrammeItem>(id, key, itemId);
        if (Manages)
        {
            if (!await ApplyItemAsync(item, key)) return Page();
        }
        else if (item.LeadOfficerId is { } lead && lead == user.PersonId)
        {
            // The lead officer moves their own report on; the programme itself is the performance team's.
            if (Status is not (ItemStatus.Planned or ItemStatus.Drafting or ItemStatus.Submitted)) return Refused(key, "Choose planned, drafting or submitted");
            item.Status = Status.Value;
        }
        else return Forbid();
        return await SaveAsync(id, "items", () => ConflictAsync<WorkProgrammeItem>(id, key, itemId));
    }

    private async Task<bool> ApplyItemAsync(WorkProgrammeItem item, string key)
    {
        var title = Title?.Trim() ?? "";
        if (title.Length is 0 or > 300) ModelState.AddModelError(key + "-title", "Enter the item's title, up to 300 characters");
        if (Status is not { } status || !Enum.IsDefined(status)) ModelState.AddModelError(key + "-status", "Choose the item's status");
        if (LeadOfficer?.Trim().Length > 200) ModelState.AddModelError(key + "-lead", "Enter the lead officer's name, up to 200 characters");
        if (Notes?.Trim().Length > 2000) ModelState.AddModelError(key + "-notes", "Enter the background information in up to 2,000 characters");
        if (!ModelState.IsValid) return false;
        (item.Title, item.Status, item.Notes) = (title, Status!.Value, FormValues.Blank(Notes));
        if (Position is { } p) item.Position = p;
        item.LeadOfficer = await new NameResolver(db).PersonAsync(LeadOfficer, HttpContext.RequestAborted);
        item.LeadOfficerId = item.LeadOfficer?.Id;
        return true;
    }

    public async Task<IActionResult> OnPostAddActionAsync(int id)
    {
        if (!Manages) return Forbid();
        if (!await LoadAsync(id)) return NotFound();
        var action = new FollowUpAction { MeetingId = Meeting.Id };
        if (!await ApplyActionAsync(action, "action")) return Page();
        db.FollowUpActions.Add(action);
        return await SaveAsync(id, "actions");
    }

    public async Task<IActionResult> OnPostActionAsync(int id, int actionId)
    {
        if (!await LoadAsync(id)) return NotFound();
        // An action is followed up at the meeting that agreed it and at the one it reports back to.
        var action = await db.FollowUpActions.SingleOrDefaultAsync(a => a.Id == actionId && (a.MeetingId == id || a.ReportBackMeetingId == id));
        if (action is null) return NotFound();
        var key = $"action-{actionId}";
        if (action.Version != Version) return await ConflictAsync<FollowUpAction>(id, key, actionId);
        var owner = action.OwnerId is { } o && o == user.PersonId;
        if (!Manages && !owner) return Forbid();
        if (Manages && action.MeetingId == id && !await ApplyActionAsync(action, key)) return Page();
        if (ActionStatus is not { } status || !Enum.IsDefined(status)) return Refused(key + "-status", "Choose whether the action is open or done");
        if (Progress?.Trim().Length > TextRules.MaxCommentLength) return Refused(key + "-progress", TextRules.CommentTooLong("The progress"));
        action.Progress = FormValues.Blank(Progress);
        if (action.Status != status) action.CompletedOn = status == FollowUpStatus.Done ? Today : null;
        action.Status = status;
        return await SaveAsync(id, "actions", () => ConflictAsync<FollowUpAction>(id, key, actionId));
    }

    private async Task<bool> ApplyActionAsync(FollowUpAction action, string key)
    {
        var ct = HttpContext.RequestAborted;
        if (Kind is not { } kind || !Enum.IsDefined(kind)) ModelState.AddModelError(key + "-kind", "Choose the action from the list");
        var description = FormValues.Blank(Description);
        if (Kind == StandardAction.Other && description is null) ModelState.AddModelError(key + "-description", "Enter what the committee asked for");
        if (description?.Length > 4000) ModelState.AddModelError(key + "-description", "Enter what the committee asked for in up to 4,000 characters");
        var about = new[] { FormValues.Blank(IndicatorCode), FormValues.Blank(RiskCode), ItemId?.ToString() }.Count(x => x is not null);
        if (about > 1) ModelState.AddModelError(key + "-about", "An action is about one indicator, one risk or one item: give only one");
        Indicator? indicator = null;
        Risk? risk = null;
        if (FormValues.Blank(IndicatorCode) is { } code)
        {
            var codeKey = Indicator.Key(code);
            indicator = await db.Indicators.SingleOrDefaultAsync(i => i.CodeKey == codeKey, ct);
            if (indicator is null) ModelState.AddModelError(key + "-indicator", $"There is no indicator with the code {code}");
        }
        if (FormValues.Blank(RiskCode) is { } riskCode)
        {
            var codeKey = Risk.Key(riskCode);
            risk = await db.Risks.Visible(user).SingleOrDefaultAsync(r => r.CodeKey == codeKey, ct);
            if (risk is null) ModelState.AddModelError(key + "-risk", $"There is no risk with the code {riskCode}");
        }
        if (ItemId is { } itemId && Meeting.Items.All(i => i.Id != itemId)) ModelState.AddModelError(key + "-item", "Choose an item of this meeting");
        if (ReportBackMeetingId is { } back && LaterMeetings.All(m => m.Id != back))
            ModelState.AddModelError(key + "-back", "Choose a later meeting of this committee to report back to");
        if (Owner?.Trim().Length > 200) ModelState.AddModelError(key + "-owner", "Enter the owner's name, up to 200 characters");
        if (!ModelState.IsValid) return false;
        (action.Kind, action.Description) = (Kind!.Value, description);
        (action.IndicatorId, action.RiskId, action.ItemId, action.ReportBackMeetingId) = (indicator?.Id, risk?.Id, ItemId, ReportBackMeetingId);
        action.Owner = await new NameResolver(db).PersonAsync(Owner, ct);
        action.OwnerId = action.Owner?.Id;
        return true;
    }

    private IActionResult Refused(string key, string message)
    {
        ModelState.AddModelError(key, message);
        return Page();
    }

    /// <summary>Saves and goes back to <paramref name="fragment"/>; a record changed meanwhile is answered by <paramref name="conflict"/>.</summary>
    private async Task<IActionResult> SaveAsync(int id, string fragment, Func<Task<IActionResult>>? conflict = null)
    {
        try
        {
            await db.SaveChangesAsync(HttpContext.RequestAborted);
        }
        catch (DbUpdateConcurrencyException)
        {
            if (conflict is not null) return await conflict();
            db.ChangeTracker.Clear();
            await LoadAsync(id);
            return Refused("", Conflict);
        }
        return Redirect($"/committees/meetings/{id}#{fragment}");
    }

    /// <summary>
    /// The <typeparamref name="T"/> <paramref name="entityId"/> moved on from the version posted: the meeting is shown as
    /// it is now (so its forms carry the new versions) with who changed it, when and what, and the posted form keeps
    /// what was typed (<paramref name="key"/> marks it).
    /// </summary>
    private async Task<IActionResult> ConflictAsync<T>(int id, string key, int entityId)
    {
        db.ChangeTracker.Clear();
        await LoadAsync(id);
        await Audit.EditConflict.ShowAsync<T>(this, db, entityId, Version);
        return Refused(key, Conflict);
    }

    private async Task<bool> LoadAsync(int id)
    {
        var ct = HttpContext.RequestAborted;
        Today = user.RequireOrganisation().Today(clock);
        var meeting = await db.Meetings.Where(m => m.Id == id).Include(m => m.Committee).Include(m => m.Items).ThenInclude(i => i.LeadOfficer)
            .AsSplitQuery().SingleOrDefaultAsync(ct);
        if (meeting is null) return false;
        Meeting = meeting;
        LaterMeetings = await db.Meetings.Where(m => m.CommitteeId == meeting.CommitteeId && m.Date > meeting.Date).OrderBy(m => m.Date)
            .AsNoTracking().ToListAsync(ct);
        Agreed = await FollowUpView.LoadAsync(db, user, db.FollowUpActions.Where(a => a.MeetingId == id), Today, ct);
        ReportingBack = await FollowUpView.LoadAsync(db, user, db.FollowUpActions.Where(a => a.ReportBackMeetingId == id && a.MeetingId != id), Today, ct);
        return true;
    }

    /// <summary>Whether this user may move the item on: the performance team, or the item's lead officer.</summary>
    public bool MayUpdate(WorkProgrammeItem item) => Manages || (item.LeadOfficerId is { } lead && lead == user.PersonId);

    /// <summary>Whether this user may report on the action: the performance team, or its owner.</summary>
    public bool MayUpdate(FollowUpAction action) => Manages || (action.OwnerId is { } owner && owner == user.PersonId);

    public string? Error(string key) => ModelState[key]?.Errors.FirstOrDefault()?.ErrorMessage;
}
