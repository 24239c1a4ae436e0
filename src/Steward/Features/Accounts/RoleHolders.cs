using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Features.Organisations;

namespace Steward.Features.Accounts;

/// <summary>The organisation's people whose accounts hold a role there: who can be assigned to enter, review or approve.</summary>
public sealed class RoleHolders
{
    private readonly List<(int AccountId, Role Roles)> _members;
    private readonly List<Person> _people;

    private RoleHolders(List<(int, Role)> members, List<Person> people) => (_members, _people) = (members, people);

    public static async Task<RoleHolders> LoadAsync(StewardDb db, int organisationId, CancellationToken ct = default)
    {
        var members = (await db.Memberships.Where(m => m.OrganisationId == organisationId).Select(m => new { m.AccountId, m.Roles }).ToListAsync(ct))
            .Select(m => (m.AccountId, m.Roles)).ToList();
        return new RoleHolders(members, await db.People.Where(p => p.AccountId != null).ToListAsync(ct));
    }

    /// <summary>People holding the role, and those already assigned (so they can be unassigned), by name.</summary>
    public List<Person> Holding(Role role, IEnumerable<Person> alreadyAssigned)
    {
        var accounts = _members.Where(m => m.Roles.HasFlag(role)).Select(m => m.AccountId).ToHashSet();
        return _people.Where(p => accounts.Contains(p.AccountId!.Value)).Concat(alreadyAssigned)
            .DistinctBy(p => p.Id).OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
    }
}
