using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Organisations;
using Steward.Web;

namespace Steward.Features.Risks;

/// <summary>The heat map of a register (and those under it) or of the whole organisation.</summary>
public class HeatMapPageModel(StewardDb db, CurrentUser user, TimeProvider clock) : PageModel
{
    public Organisation Organisation { get; private set; } = null!;
    public LoadedMatrix? Matrix { get; private set; }
    public List<RiskView> Views { get; private set; } = [];
    public string Svg { get; private set; } = "";
    public string Scope { get; private set; } = "";
    public List<(int Id, string Path)> Registers { get; private set; } = [];

    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true)] public int? Register { get; set; }
    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true)] public bool Inherent { get; set; }
    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true)] public bool Movement { get; set; }

    public async Task OnGetAsync()
    {
        Organisation = user.RequireOrganisation();
        Matrix = await RiskMatrixStore.LoadAsync(db);
        var registers = await db.RiskRegisters.ToListAsync();
        var byId = registers.ToDictionary(r => r.Id);
        Registers = registers.Select(r => (r.Id, RiskRegister.PathOf(r, byId))).OrderBy(r => r.Item2, StringComparer.Ordinal).ToList();
        var risks = await db.Risks.Visible(user).Include(r => r.Owner).Where(r => !r.Closed).ToListAsync();
        Scope = Organisation.Name;
        if (Register is { } rid && byId.TryGetValue(rid, out var reg))
        {
            var within = IndexModel.Descendants(rid, registers);
            risks = risks.Where(r => within.Contains(r.RegisterId)).ToList();
            Scope = RiskRegister.PathOf(reg, byId);
        }
        Views = (await RiskViews.ViewsAsync(db, Organisation, risks, clock.GetUtcNow().UtcDateTime))
            .OrderByDescending(v => v.Risk.Residual?.Value ?? -1).ThenBy(v => v.Risk.Code, StringComparer.Ordinal).ToList();
        if (Matrix is not null)
            Svg = HeatMap.Render(Matrix, Views.Select(v => new HeatMapItem(v.Risk.Code, v.Risk.Residual, v.Risk.Inherent, v.Previous)).ToList(),
                Inherent, Movement, $"Heat map: {Scope}");
    }
}
