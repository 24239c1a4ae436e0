using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Organisations;
using Steward.Web;

namespace Steward.Features.Risks;

/// <summary>The registers and their risks, filterable; exempt risks only for those cleared.</summary>
public class IndexModel(StewardDb db, CurrentUser user, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Register { get; set; }
    [BindProperty(SupportsGet = true)] public bool Exceptions { get; set; }
    [BindProperty(SupportsGet = true)] public bool Closed { get; set; }

    public Organisation Organisation { get; private set; } = null!;
    public List<(RiskRegister Register, string Path, int Depth, int Count)> Registers { get; private set; } = [];
    public List<RiskView> Risks { get; private set; } = [];
    public bool ManagesRisks => user.ManagesRisks();

    public async Task OnGetAsync()
    {
        Organisation = user.RequireOrganisation();
        var registers = await db.RiskRegisters.ToListAsync();
        var byId = registers.ToDictionary(r => r.Id);
        var query = db.Risks.Visible(user).Include(r => r.Owner).Where(r => r.Closed == Closed);
        var risks = await query.ToListAsync();
        if (Register is { } rid && byId.ContainsKey(rid))
        {
            var within = Descendants(rid, registers);
            risks = risks.Where(r => within.Contains(r.RegisterId)).ToList();
        }
        var views = await RiskViews.ViewsAsync(db, Organisation, risks, Organisation.Today(clock), pending: user.SeesUnsignedReviews());
        Risks = views.Where(v => !Exceptions || v.IsException).OrderBy(v => v.Risk.Code, StringComparer.Ordinal).ToList();

        var counts = (await db.Risks.Visible(user).Where(r => !r.Closed).Select(r => r.RegisterId).ToListAsync()).GroupBy(x => x).ToDictionary(g => g.Key, g => g.Count());
        void Walk(int? parent, int depth)
        {
            foreach (var r in registers.Where(r => r.ParentId == parent).OrderBy(r => r.Name, StringComparer.Ordinal))
            {
                var total = Descendants(r.Id, registers).Sum(id => counts.GetValueOrDefault(id));
                Registers.Add((r, RiskRegister.Describe(r, byId, Organisation.Name), depth, total));
                Walk(r.Id, depth + 1);
            }
        }
        Walk(null, 0);
    }

    public static HashSet<int> Descendants(int id, IReadOnlyList<RiskRegister> all)
    {
        var result = new HashSet<int> { id };
        var added = true;
        while (added)
        {
            added = false;
            foreach (var r in all.Where(r => r.ParentId is { } p && result.Contains(p) && !result.Contains(r.Id)))
                added |= result.Add(r.Id);
        }
        return result;
    }
}
