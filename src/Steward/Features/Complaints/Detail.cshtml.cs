using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Common;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Accounts;
using Steward.Features.Indicators;
using Steward.Features.Organisations;
using Steward.Web;

namespace Steward.Features.Complaints;

/// <summary>
/// One complaint: each stage it reached with its due dates by the council's policy, extension, outcome and whether it was
/// answered in time, and what was learnt. Complaint handlers alone see the complainant, and record each step: the
/// acknowledgement, the response (with any extension and its reason, and the outcome), escalation to stage 2 or the
/// Ombudsman. Every change is version-checked and audited, the complainant's details redacted in the log.
/// </summary>
public class DetailModel(StewardDb db, CurrentUser user, TimeProvider clock) : PageModel
{
    public Complaint Complaint { get; private set; } = null!;
    public Organisation Organisation { get; private set; } = null!;
    public List<StageCase> Stages { get; private set; } = [];
    public DateOnly Today { get; private set; }
    public bool Handles => user.Has(Role.ComplaintHandler);
    public bool Conflict { get; private set; }

    [BindProperty] public int Version { get; set; }
    [BindProperty] public string? Acknowledged { get; set; }
    [BindProperty] public string? Responded { get; set; }
    [BindProperty] public string? ExtensionDays { get; set; }
    [BindProperty] public string? ExtensionReason { get; set; }
    [BindProperty] public string? Outcome { get; set; }
    [BindProperty] public string? Received { get; set; }
    [BindProperty] public string? Learning { get; set; }
    [BindProperty] public string? ComplainantName { get; set; }
    [BindProperty] public string? ComplainantContact { get; set; }

    public async Task<IActionResult> OnGetAsync(int id) => await LoadAsync(id) ? Page() : NotFound();

    /// <summary>Records a stage's acknowledgement, response, extension and outcome (a complaint handler).</summary>
    public async Task<IActionResult> OnPostStageAsync(int id, ComplaintStage stage)
    {
        if (!Handles) return Forbid();
        if (!await LoadAsync(id)) return NotFound();
        if (Complaint.At(stage) is not { } record) return NotFound();
        var key = $"stage{(int)stage}";
        var acknowledged = ModelState.Date(Acknowledged, $"{key}-acknowledged");
        var responded = ModelState.Date(Responded, $"{key}-responded");
        var extension = 0;
        if (!string.IsNullOrWhiteSpace(ExtensionDays) && (!int.TryParse(ExtensionDays, out extension) || extension < 0 || extension > Organisation.ComplaintMaxExtensionDays))
            ModelState.AddModelError($"{key}-extension", $"The extension must be a whole number of working days from 0 to {Organisation.ComplaintMaxExtensionDays}");
        if (extension > 0 && string.IsNullOrWhiteSpace(ExtensionReason)) ModelState.AddModelError($"{key}-reason", "Give the reason for the extension, as told to the complainant");
        ComplaintOutcome? outcome = FormValues.Named<ComplaintOutcome>(Outcome);
        if (outcome is not null && responded is null) ModelState.AddModelError($"{key}-responded", "Give the day the response was sent with its outcome");
        foreach (var (date, field) in new[] { (acknowledged, "acknowledged"), (responded, "responded") })
        {
            if (date is { } d && d < record.Received) ModelState.AddModelError($"{key}-{field}", $"The date cannot be before the complaint reached this stage ({Show.Date(record.Received)})");
            if (date is { } t && t > Today) ModelState.AddModelError($"{key}-{field}", "The date cannot be after today");
        }
        if (!ModelState.IsValid) return Page();
        (record.Acknowledged, record.Responded, record.ExtensionDays, record.ExtensionReason, record.Outcome) =
            (acknowledged, responded, extension, FormValues.Blank(ExtensionReason), outcome);
        return await SaveAsync(id);
    }

    /// <summary>Escalates the complaint to the next stage on the day the request (or the Ombudsman's enquiry) was received.</summary>
    public async Task<IActionResult> OnPostEscalateAsync(int id, ComplaintStage stage)
    {
        if (!Handles) return Forbid();
        if (!await LoadAsync(id)) return NotFound();
        if (stage == ComplaintStage.Stage1 || Complaint.At(stage) is not null || Complaint.At(stage - 1)?.Responded is not { } answered) return BadRequest();
        var received = ModelState.Date(Received, $"escalate{(int)stage}", missing: "Enter the day it was received, as YYYY-MM-DD");
        if (received is { } r && r < answered) ModelState.AddModelError($"escalate{(int)stage}", $"The date cannot be before the last stage was answered ({Show.Date(answered)})");
        if (received is { } t && t > Today) ModelState.AddModelError($"escalate{(int)stage}", "The date cannot be after today");
        if (!ModelState.IsValid) return Page();
        Complaint.Stages.Add(new ComplaintStageRecord { Stage = stage, Received = received!.Value });
        return await SaveAsync(id);
    }

    /// <summary>Changes what was learnt and (a complaint handler, before the details are removed) the complainant's details.</summary>
    public async Task<IActionResult> OnPostDetailsAsync(int id)
    {
        if (!Handles) return Forbid();
        if (!await LoadAsync(id)) return NotFound();
        Complaint.Learning = FormValues.Blank(Learning);
        if (Complaint.AnonymisedOn is null)
            (Complaint.ComplainantName, Complaint.ComplainantContact) = (FormValues.Blank(ComplainantName), FormValues.Blank(ComplainantContact));
        return await SaveAsync(id);
    }

    private async Task<IActionResult> SaveAsync(int id)
    {
        // The complaint's version stands for its stages too: a change saved meanwhile by someone else is never overwritten.
        db.Entry(Complaint).Property(x => x.Version).OriginalValue = Version;
        db.Entry(Complaint).State = EntityState.Modified;
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            await LoadAsync(id);
            Conflict = true;
            ModelState.AddModelError("", "Someone else changed this complaint after you opened it, so your change was not saved: it is shown as it is now");
            return Page();
        }
        return Redirect($"/complaints/{id}");
    }

    private async Task<bool> LoadAsync(int id)
    {
        Organisation = user.RequireOrganisation();
        Today = Organisation.Today(clock);
        var complaint = await db.Complaints.Include(c => c.Service).Include(c => c.Stages).SingleOrDefaultAsync(c => c.Id == id, HttpContext.RequestAborted);
        if (complaint is null) return false;
        Complaint = complaint;
        if (Request.Method == "GET" || Conflict) (Version, Learning, ComplainantName, ComplainantContact) = (complaint.Version, complaint.Learning, complaint.ComplainantName, complaint.ComplainantContact);
        var calendar = await DueResults.CalendarAsync(db, Organisation, HttpContext.RequestAborted);
        var policy = Organisation.Complaints;
        Stages = complaint.Stages.OrderBy(s => s.Stage).Select(r => new StageCase(complaint, r, ComplaintRules.AcknowledgeBy(calendar, policy, r.Stage, r.Received),
            ComplaintRules.RespondBy(calendar, policy, r.Stage, r.Received, r.Acknowledged, r.ExtensionDays))).ToList();
        return true;
    }

    public string? Error(string key) => ModelState[key]?.Errors.FirstOrDefault()?.ErrorMessage;
}
