using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Features.Accounts;
using Steward.Features.Organisations;
using Steward.Web;

namespace Steward.Features.Complaints;

/// <summary>Logs a new complaint at stage 1 (a complaint handler): reference, service, the day it was received, category, channel and, optionally, the complainant.</summary>
[RequireRole(Role.ComplaintHandler)]
public class NewModel(StewardDb db, CurrentUser user, TimeProvider clock) : PageModel
{
    public List<string> Services { get; private set; } = [];

    [BindProperty] public string? Reference { get; set; }
    [BindProperty] public string? Service { get; set; }
    [BindProperty] public string? Received { get; set; }
    [BindProperty] public string? Category { get; set; }
    [BindProperty] public string? Channel { get; set; }
    [BindProperty] public string? ComplainantName { get; set; }
    [BindProperty] public string? ComplainantContact { get; set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        var organisation = await LoadAsync();
        if (string.IsNullOrWhiteSpace(Reference) || Reference.Trim().Length > 64) ModelState.AddModelError("reference", "Enter the complaint's reference, up to 64 characters");
        else if (await db.Complaints.AnyAsync(c => c.ReferenceKey == Complaint.Key(Reference)))
            ModelState.AddModelError("reference", $"There is already a complaint {Reference.Trim()}");
        if (Services.All(s => !string.Equals(s, Service, StringComparison.Ordinal))) ModelState.AddModelError("service", "Choose the service the complaint is about");
        var received = ModelState.Date(Received, "received", missing: "Enter the day it was received, as YYYY-MM-DD");
        if (received is { } r && r > organisation.Today(clock)) ModelState.AddModelError("received", "The day it was received cannot be after today");
        if (!ModelState.IsValid) return Page();
        var complaint = new Complaint
        {
            Reference = Reference!.Trim(), ReferenceKey = Complaint.Key(Reference), Service = await db.Services.SingleAsync(s => s.Name == Service),
            Category = FormValues.Blank(Category), Channel = FormValues.Blank(Channel),
            ComplainantName = FormValues.Blank(ComplainantName), ComplainantContact = FormValues.Blank(ComplainantContact),
            Stages = [new ComplaintStageRecord { Stage = Domain.ComplaintStage.Stage1, Received = received!.Value }],
        };
        db.Complaints.Add(complaint);
        await db.SaveChangesAsync();
        return Redirect($"/complaints/{complaint.Id}");
    }

    private async Task<Organisation> LoadAsync()
    {
        var organisation = user.RequireOrganisation();
        Services = (await db.Services.Select(s => s.Name).ToListAsync()).OrderBy(n => n, StringComparer.Ordinal).ToList();
        return organisation;
    }

    public string? Error(string key) => ModelState[key]?.Errors.FirstOrDefault()?.ErrorMessage;
}
