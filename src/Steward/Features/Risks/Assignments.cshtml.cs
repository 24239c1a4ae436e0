using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Features.Accounts;
using Steward.Features.Organisations;
using Steward.Web;

namespace Steward.Features.Risks;

/// <summary>Chooses who reviews a risk (besides its owner) and who signs the reviews off.</summary>
[RequireRole(Role.PerformanceOfficer, Role.Administrator)]
public class AssignmentsModel(StewardDb db, CurrentUser user) : PageModel
{
    public Risk Risk { get; private set; } = null!;
    public List<Person> Reviewers { get; private set; } = [];
    public List<Person> Approvers { get; private set; } = [];
    public HashSet<(int, RiskRole)> Current { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(int id, int[] reviewers, int[] approvers)
    {
        if (!await LoadAsync(id)) return NotFound();
        var wanted = reviewers.Where(p => Reviewers.Any(x => x.Id == p)).Select(p => (p, RiskRole.Reviewer))
            .Concat(approvers.Where(p => Approvers.Any(x => x.Id == p)).Select(p => (p, RiskRole.Approver))).ToHashSet();
        foreach (var a in Risk.Assignments.ToList())
            if (!wanted.Contains((a.PersonId, a.Role))) db.RiskAssignments.Remove(a);
        foreach (var (personId, role) in wanted.Where(w => !Current.Contains(w)))
            db.RiskAssignments.Add(new RiskAssignment { RiskId = id, PersonId = personId, Role = role });
        await db.SaveChangesAsync();
        return Redirect($"/risks/{id}");
    }

    private async Task<bool> LoadAsync(int id)
    {
        var org = user.RequireOrganisation();
        var risk = await db.Risks.Include(r => r.Assignments).ThenInclude(a => a.Person).SingleOrDefaultAsync(r => r.Id == id);
        if (risk is null) return false;
        Risk = risk;
        Current = risk.Assignments.Select(a => (a.PersonId, a.Role)).ToHashSet();
        var holders = await RoleHolders.LoadAsync(db, org.Id);
        Reviewers = holders.Holding(Role.RiskOwner, risk.Assignments.Where(a => a.Role == RiskRole.Reviewer).Select(a => a.Person!));
        Approvers = holders.Holding(Role.Approver, risk.Assignments.Where(a => a.Role == RiskRole.Approver).Select(a => a.Person!));
        return true;
    }
}
