using System.Net.Mail;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Features.Organisations;

namespace Steward.Features.Accounts;

/// <summary>Creating accounts, granting roles, checking passwords (with lockout).</summary>
public static class AccountManager
{
    public const int MinimumPasswordLength = 12;
    public const int MaxFailedSignIns = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    private static readonly PasswordHasher<Account> Hasher = new();

    public static bool IsValidEmail(string email) =>
        MailAddress.TryCreate(email.Trim(), out var address) && address.Address == email.Trim() && email.Contains('.', StringComparison.Ordinal);

    /// <summary>Why a password is not acceptable, or null.</summary>
    public static string? PasswordProblem(string password) =>
        password.Length < MinimumPasswordLength ? $"the password must be at least {MinimumPasswordLength} characters" : null;

    public static void SetPassword(Account account, string password)
    {
        account.PasswordHash = Hasher.HashPassword(account, password);
        account.SecurityStamp = Guid.NewGuid().ToString("N");
        account.FailedSignIns = 0;
        account.LockedUntil = null;
    }

    /// <summary>
    /// Creates the account if needed and adds <paramref name="roles"/> in <paramref name="organisation"/>,
    /// making sure the organisation has a person for it. The caller saves.
    /// </summary>
    public static async Task<Account> GrantAsync(StewardDb db, string email, string? displayName, string? password, Organisation organisation, Role roles)
    {
        var key = Account.Normalise(email);
        var account = await db.Accounts.Include(a => a.Memberships).SingleOrDefaultAsync(a => a.NormalisedEmail == key);
        if (account is null)
        {
            account = new Account
            {
                Email = email.Trim(),
                NormalisedEmail = key,
                DisplayName = string.IsNullOrWhiteSpace(displayName) ? email.Trim() : displayName.Trim(),
                CreatedAt = DateTime.UtcNow,
            };
            db.Accounts.Add(account);
        }
        else if (!string.IsNullOrWhiteSpace(displayName))
        {
            account.DisplayName = displayName.Trim();
        }
        if (password is not null) SetPassword(account, password);

        var membership = account.Memberships.SingleOrDefault(m => m.OrganisationId == organisation.Id);
        if (membership is null)
        {
            membership = new Membership { Account = account, OrganisationId = organisation.Id };
            account.Memberships.Add(membership);
        }
        if ((membership.Roles | roles) != membership.Roles)
        {
            membership.Roles |= roles;
            account.SecurityStamp = Guid.NewGuid().ToString("N");
        }
        await db.SaveChangesAsync();
        await EnsurePersonAsync(db, account, organisation.Id);
        return account;
    }

    /// <summary>The organisation's person for this account: linked by account, else by name, else created.</summary>
    public static async Task<Person> EnsurePersonAsync(StewardDb db, Account account, int organisationId)
    {
        var previous = db.OrganisationId;
        db.UseOrganisation(organisationId);
        try
        {
            var people = await db.People.Where(p => p.AccountId == account.Id || p.Name == account.DisplayName).ToListAsync();
            var person = people.FirstOrDefault(p => p.AccountId == account.Id) ?? people.FirstOrDefault(p => p.AccountId is null);
            if (person is null)
            {
                var name = account.DisplayName;
                if (people.Count > 0) name = $"{account.DisplayName} ({account.Email})";
                person = new Person { Name = name, Email = account.Email, AccountId = account.Id };
                db.People.Add(person);
            }
            else if (person.AccountId is null)
            {
                person.AccountId = account.Id;
                person.Email ??= account.Email;
            }
            await db.SaveChangesAsync();
            return person;
        }
        finally
        {
            db.UseOrganisation(previous);
        }
    }

    public enum SignInOutcome { Success, Failed, LockedOut }

    /// <summary>
    /// Checks a password for <paramref name="account"/> (null: no such account, answered as a wrong password after the
    /// same work) and counts a failure towards a lockout. Counting is one statement in the database, and the failure that
    /// reaches <see cref="MaxFailedSignIns"/> locks the account in another, so failures arriving at several app servers at
    /// once all count; a success resets the count when the caller saves. Returns the outcome.
    /// </summary>
    public static async Task<SignInOutcome> CheckPasswordAsync(StewardDb db, Account? account, string password, DateTime now, CancellationToken ct = default)
    {
        if (account is null)
        {
            // Same work as a real check, so timing does not reveal which emails have accounts.
            Hasher.VerifyHashedPassword(new Account { Email = "", NormalisedEmail = "", DisplayName = "" }, DummyHash, password);
            return SignInOutcome.Failed;
        }
        if (account.LockedUntil is { } until && until > now) return SignInOutcome.LockedOut;
        var verified = account.PasswordHash is not null &&
                       Hasher.VerifyHashedPassword(account, account.PasswordHash, password) != PasswordVerificationResult.Failed;
        if (verified)
        {
            account.FailedSignIns = 0;
            account.LockedUntil = null;
            account.LastSignInAt = now;
            return SignInOutcome.Success;
        }
        var id = account.Id;
        await db.Accounts.Where(a => a.Id == id).ExecuteUpdateAsync(u => u.SetProperty(a => a.FailedSignIns, a => a.FailedSignIns + 1), ct);
        var lockedUntil = now + LockoutDuration;
        var locked = await db.Accounts.Where(a => a.Id == id && a.FailedSignIns >= MaxFailedSignIns)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.LockedUntil, lockedUntil).SetProperty(a => a.FailedSignIns, 0), ct);
        return locked > 0 ? SignInOutcome.LockedOut : SignInOutcome.Failed;
    }

    private static readonly string DummyHash = Hasher.HashPassword(new Account { Email = "", NormalisedEmail = "", DisplayName = "" }, Guid.NewGuid().ToString());
}
