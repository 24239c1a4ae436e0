using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Data;

namespace Steward.Features.Indicators.Manage;

public class ListModel(StewardDb db, Steward.Web.CurrentUser user) : PageModel
{
    public string OrganisationName => user.RequireOrganisation().Name;

    public List<Indicator> Indicators { get; private set; } = [];

    public async Task OnGetAsync() =>
        Indicators = (await db.Indicators.Include(i => i.Service).Include(i => i.Assignments).ThenInclude(a => a.Person).ToListAsync())
            .OrderBy(i => i.Retired).ThenBy(i => i.Code, StringComparer.Ordinal).ToList();

    public string Names(Indicator i, AssignmentRole role) =>
        i.Assignments.Where(a => a.Role == role).Select(a => a.Person!.Name).Order(StringComparer.Ordinal).ToList() is { Count: > 0 } names
            ? string.Join(", ", names) : "None";
}
