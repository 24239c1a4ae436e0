using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Features.Accounts;
using Steward.Web;

namespace Steward.Features.Risks;

/// <summary>The register hierarchy: corporate → directorate → service / operational; add, rename, move, and say which form the corporate register.</summary>
[RequireRole(Role.PerformanceOfficer, Role.Administrator)]
public class RegistersModel(StewardDb db, CurrentUser user) : PageModel
{
    public List<(RiskRegister Register, string Path, int Risks)> Registers { get; private set; } = [];

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public int? ParentId { get; set; }
    [BindProperty] public bool Corporate { get; set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAddAsync()
    {
        await LoadAsync();
        if (await Validate(null) is { } page) return page;
        db.RiskRegisters.Add(new RiskRegister { Name = Name!.Trim(), ParentId = ParentId, Corporate = Corporate });
        await db.SaveChangesAsync();
        return Redirect("/manage/registers");
    }

    public async Task<IActionResult> OnPostUpdateAsync(int registerId)
    {
        await LoadAsync();
        var register = Registers.Select(r => r.Register).SingleOrDefault(r => r.Id == registerId);
        if (register is null) return NotFound();
        if (await Validate(register) is { } page) return page;
        (register.Name, register.ParentId, register.Corporate) = (Name!.Trim(), ParentId, Corporate);
        await db.SaveChangesAsync();
        return Redirect("/manage/registers");
    }

    private async Task<IActionResult?> Validate(RiskRegister? register)
    {
        var key = register is null ? "name" : $"name-{register.Id}";
        if (string.IsNullOrWhiteSpace(Name) || Name.Trim().Length > 200) ModelState.AddModelError(key, "Enter the register's name, up to 200 characters");
        if (ParentId is { } p && Registers.All(r => r.Register.Id != p)) ModelState.AddModelError(key, "Choose a parent register from the list");
        if (register is not null && ParentId is { } parent && IndexModel.Descendants(register.Id, Registers.Select(r => r.Register).ToList()).Contains(parent))
            ModelState.AddModelError(key, "A register cannot sit inside itself or one of its own registers");
        if (ModelState.IsValid && await db.RiskRegisters.AnyAsync(r => r.ParentId == ParentId && r.Name == Name!.Trim() && r.Id != (register == null ? 0 : register.Id)))
            ModelState.AddModelError(key, "There is already a register of that name there");
        return ModelState.IsValid ? null : Page();
    }

    private async Task LoadAsync()
    {
        user.RequireOrganisation();
        var registers = await db.RiskRegisters.ToListAsync();
        var byId = registers.ToDictionary(r => r.Id);
        var counts = (await db.Risks.Select(r => r.RegisterId).ToListAsync()).GroupBy(x => x).ToDictionary(g => g.Key, g => g.Count());
        // The whole tree, so every path is written in full, root first.
        Registers = registers.Select(r => (r, string.Join(" › ", RiskRegister.Names(r, byId)), counts.GetValueOrDefault(r.Id)))
            .OrderBy(x => x.Item2, StringComparer.Ordinal).ToList();
    }

    public string? Error(string key) => ModelState[key]?.Errors.FirstOrDefault()?.ErrorMessage;
}
