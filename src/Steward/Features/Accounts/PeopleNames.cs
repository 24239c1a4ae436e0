using Microsoft.EntityFrameworkCore;
using Steward.Data;

namespace Steward.Features.Accounts;

/// <summary>
/// The names of the people behind the identities stored on results and reviews ("entered by", "signed off by"): a
/// sign-in's normalised e-mail is shown as the person's name in the organisation (else the account's display name);
/// anything else (a name written in a file, a CLI identity) is shown as stored.
/// </summary>
public sealed class PeopleNames
{
    private readonly Dictionary<string, string> _names;

    private PeopleNames(Dictionary<string, string> names) => _names = names;

    /// <summary>Looks up the names of the given identities in one query each for accounts and people (nulls are skipped).</summary>
    public static async Task<PeopleNames> LoadAsync(StewardDb db, IEnumerable<string?> identities, CancellationToken ct = default)
    {
        var emails = identities.OfType<string>().Where(x => x.Contains('@')).Select(Account.Normalise).Distinct().ToList();
        var names = new Dictionary<string, string>();
        if (emails.Count == 0) return new PeopleNames(names);
        var accounts = await db.Accounts.Where(a => emails.Contains(a.NormalisedEmail))
            .Select(a => new { a.Id, a.NormalisedEmail, a.DisplayName }).ToListAsync(ct);
        var ids = accounts.Select(a => a.Id).ToList();
        var people = await db.People.Where(p => p.AccountId != null && ids.Contains(p.AccountId.Value))
            .Select(p => new { AccountId = p.AccountId!.Value, p.Name }).ToListAsync(ct);
        foreach (var a in accounts)
            names[a.NormalisedEmail] = people.FirstOrDefault(p => p.AccountId == a.Id)?.Name ?? a.DisplayName;
        return new PeopleNames(names);
    }

    /// <summary>The person's name for a stored identity; the identity itself when no one by that e-mail is known; "" for none.</summary>
    public string Of(string? identity) =>
        identity is null ? "" : _names.TryGetValue(Account.Normalise(identity), out var name) ? name : identity;
}
