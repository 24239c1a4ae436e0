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
        var members = await db.Memberships.Where(m => m.OrganisationId == org.Id).Select(m => new { m.AccountId, m.Roles }).ToListAsync();
        var people = await db.People.Where(p => p.AccountId != null).ToListAsync();
        List<Person> Holding(Role role, RiskRole assignment)
        {
            var accounts = members.Where(m => m.Roles.HasFlag(role)).Select(m => m.AccountId).ToHashSet();
            return people.Where(p => accounts.Contains(p.AccountId!.Value))
                .Concat(risk.Assignments.Where(a => a.Role == assignment).Select(a => a.Person!))
                .DistinctBy(p => p.Id).OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
        }
        Reviewers = Holding(Role.RiskOwner, RiskRole.Reviewer);
        Approvers = Holding(Role.Approver, RiskRole.Approver);
        return true;
    }
}
