using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Features.Accounts;
using Steward.Features.Risks;
using Steward.Web;

namespace Steward.Features.Committees;

/// <summary>Add a committee or change one: name, code, clerk, members and remit (services, themes, risk registers).</summary>
[RequireRole(Role.PerformanceOfficer, Role.Administrator)]
public class EditModel(StewardDb db, CurrentUser user) : PageModel
{
    public Committee? Committee { get; private set; }
    public List<(int Id, string Name)> AllServices { get; private set; } = [];
    public List<(int Id, string Name)> AllThemes { get; private set; } = [];
    public List<(int Id, string Name)> AllRegisters { get; private set; } = [];

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Code { get; set; }
    [BindProperty] public string? Clerk { get; set; }
    [BindProperty] public string? Members { get; set; }
    [BindProperty] public List<int> ServiceIds { get; set; } = [];
    [BindProperty] public List<int> ThemeIds { get; set; } = [];
    [BindProperty] public List<int> RegisterIds { get; set; } = [];
    [BindProperty] public int Version { get; set; }

    public async Task<IActionResult> OnGetAsync(int? id)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (Committee is { } c)
        {
            (Name, Code, Clerk, Members, Version) = (c.Name, c.Code, c.Clerk?.Name, CommitteeStore.WriteMembers(c.Members), c.Version);
            (ServiceIds, ThemeIds, RegisterIds) = (c.Services.Select(s => s.ServiceId).ToList(), c.Themes.Select(t => t.ThemeId).ToList(),
                c.Registers.Select(r => r.RegisterId).ToList());
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? id)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (Committee is { } existing && existing.Version != Version) return await RefusedAsync(existing.Id);
        var (committee, errors) = await CommitteeStore.ApplyAsync(db, Committee,
            new CommitteeStore.Details(Name, Code, Clerk, Members, ServiceIds, ThemeIds, RegisterIds), HttpContext.RequestAborted);
        foreach (var (key, message) in errors) ModelState.AddModelError(key, message);
        if (committee is null) return Page();
        try
        {
            await db.SaveChangesAsync(HttpContext.RequestAborted);
        }
        catch (DbUpdateConcurrencyException)
        {
            return await RefusedAsync(committee.Id);
        }
        return Redirect($"/committees/{committee.Id}");
    }

    private async Task<IActionResult> RefusedAsync(int id)
    {
        Version = await Audit.EditConflict.RefuseAsync(this, db, id, Version, "Someone else changed this committee after you opened it, so your change was not saved", Committee);
        return Page();
    }

    private async Task<bool> LoadAsync(int? id)
    {
        var org = user.RequireOrganisation();
        if (id is { } committeeId && (Committee = await CommitteeStore.LoadAsync(db, committeeId, HttpContext.RequestAborted)) is null) return false;
        AllServices = (await db.Services.Select(s => new { s.Id, s.Name }).ToListAsync()).Select(s => (s.Id, s.Name)).OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        AllThemes = (await db.Themes.Select(t => new { t.Id, t.Name }).ToListAsync()).Select(t => (t.Id, t.Name)).OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        var registers = await db.RiskRegisters.AsNoTracking().ToListAsync();
        var byId = registers.ToDictionary(r => r.Id);
        AllRegisters = registers.Select(r => (r.Id, RiskRegister.Describe(r, byId, org.Name))).OrderBy(r => r.Item2, StringComparer.Ordinal).ToList();
        return true;
    }

    public string? Error(string key) => ModelState[key]?.Errors.FirstOrDefault()?.ErrorMessage;
}
