using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Features.Accounts;
using Steward.Features.Organisations;
using Steward.Web;

namespace Steward.Features.Indicators.Manage;

/// <summary>Chooses an indicator's updaters and approvers from the people holding those roles.</summary>
[RequireRole(Role.PerformanceOfficer, Role.Administrator)]
public class AssignmentsModel(StewardDb db, CurrentUser user) : PageModel
{
    public Indicator Indicator { get; private set; } = null!;
    public List<Person> Updaters { get; private set; } = [];
    public List<Person> Approvers { get; private set; } = [];
    public HashSet<(int, AssignmentRole)> Current { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(int id, int[] updaters, int[] approvers)
    {
        if (!await LoadAsync(id)) return NotFound();
        var allowed = new Dictionary<AssignmentRole, HashSet<int>>
        {
            [AssignmentRole.Updater] = Updaters.Select(p => p.Id).ToHashSet(),
            [AssignmentRole.Approver] = Approvers.Select(p => p.Id).ToHashSet(),
        };
        var wanted = updaters.Where(allowed[AssignmentRole.Updater].Contains).Select(p => (p, AssignmentRole.Updater))
            .Concat(approvers.Where(allowed[AssignmentRole.Approver].Contains).Select(p => (p, AssignmentRole.Approver)))
            .ToHashSet();
        foreach (var a in Indicator.Assignments.ToList())
            if (!wanted.Contains((a.PersonId, a.Role))) db.Assignments.Remove(a);
        foreach (var (personId, role) in wanted.Where(w => !Current.Contains(w)))
            db.Assignments.Add(new Assignment { IndicatorId = id, PersonId = personId, Role = role });
        await db.SaveChangesAsync();
        return Redirect($"/indicators/{id}");
    }

    private async Task<bool> LoadAsync(int id)
    {
        var org = user.RequireOrganisation();
        var indicator = await db.Indicators.Include(i => i.Assignments).ThenInclude(a => a.Person).SingleOrDefaultAsync(i => i.Id == id);
        if (indicator is null) return false;
        Indicator = indicator;
        Current = indicator.Assignments.Select(a => (a.PersonId, a.Role)).ToHashSet();
        var holders = await RoleHolders.LoadAsync(db, org.Id);
        Updaters = holders.Holding(Role.Updater, indicator.Assignments.Where(a => a.Role == AssignmentRole.Updater).Select(a => a.Person!));
        Approvers = holders.Holding(Role.Approver, indicator.Assignments.Where(a => a.Role == AssignmentRole.Approver).Select(a => a.Person!));
        return true;
    }
}
