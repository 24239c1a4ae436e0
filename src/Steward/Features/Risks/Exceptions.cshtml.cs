using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Organisations;
using Steward.Web;

namespace Steward.Features.Risks;

/// <summary>
/// The exception report (Norfolk, seed 004): full detail for risks at or above the threshold whose
/// prospects are amber or red; a one-line summary of the rest. The public version leaves out Part II risks.
/// </summary>
public class ExceptionsModel(StewardDb db, CurrentUser user, TimeProvider clock) : PageModel
{
    public static readonly string[] Prompts =
    [
        "Why are we not meeting our target risk score?",
        "What is the impact of not meeting our target risk score?",
        "What progress with risk mitigation is predicted?",
        "How can progress with risk mitigation be improved?",
        "When will progress be back on track?",
        "What can we learn for the future?",
    ];

    [BindProperty(SupportsGet = true)] public int? Register { get; set; }
    [BindProperty(SupportsGet = true)] public bool Public { get; set; }

    public Organisation Organisation { get; private set; } = null!;
    public List<RiskView> Exceptions { get; private set; } = [];
    public List<RiskView> Others { get; private set; } = [];
    public LoadedMatrix? Matrix { get; private set; }
    public string Scope { get; private set; } = "";

    public async Task OnGetAsync()
    {
        Organisation = user.RequireOrganisation();
        Matrix = await RiskMatrixStore.LoadAsync(db);
        var registers = await db.RiskRegisters.ToListAsync();
        var query = db.Risks.Visible(user).Where(r => !r.Closed)
            .Include(r => r.Owner).Include(r => r.PortfolioHolder).Include(r => r.Controls).Include(r => r.Actions).Include(r => r.Reviews);
        var risks = await (Public ? query.Where(r => !r.Exempt) : query).ToListAsync();
        Scope = Organisation.Name;
        if (Register is { } rid && registers.FirstOrDefault(r => r.Id == rid) is { } reg)
        {
            var within = IndexModel.Descendants(rid, registers);
            risks = risks.Where(r => within.Contains(r.RegisterId)).ToList();
            Scope = RiskRegister.Describe(reg, registers.ToDictionary(r => r.Id), Organisation.Name);
        }
        var views = await RiskViews.ViewsAsync(db, Organisation, risks, Organisation.Today(clock));
        Exceptions = views.Where(v => v.IsException).OrderByDescending(v => v.Risk.Residual!.Value.Value).ThenBy(v => v.Risk.Code, StringComparer.Ordinal).ToList();
        Others = views.Where(v => !v.IsException).OrderBy(v => v.Risk.Code, StringComparer.Ordinal).ToList();
    }
}
