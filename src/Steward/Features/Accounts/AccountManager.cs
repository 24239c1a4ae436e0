using System.Net.Mail;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Features.Organisations;

namespace Steward.Features.Accounts;

/// <summary>Creating accounts, granting roles, checking passwords (throttled, never locked out).</summary>
public static class AccountManager
{

    private static readonly PasswordHasher<Account> Hasher = new();

    public static bool IsValidEmail(string email) =>
        MailAddress.TryCreate(email.Trim(), out var address) && address.Address == email.Trim() && email.Contains('.', StringComparison.Ordinal);

    /// <summary>
    /// The first problem with a new password for <paramref name="account"/> — not entered, refused by
    /// <see cref="PasswordRules"/> (with the person's name, e-mail and councils' names), or not typed the same twice —
    /// as the form field ("password" or "confirm") and its message; null when there is none.
    /// </summary>
    public static async Task<(string Field, string Message)?> NewPasswordProblemAsync(StewardDb db, Account account, string? password, string? confirm, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(password)) return ("password", "Enter a new password");
        var councils = await db.Memberships.Where(m => m.AccountId == account.Id).Select(m => m.Organisation!.Name).ToListAsync(ct);
        if (PasswordRules.Problem(password, [account.Email, account.DisplayName, .. councils]) is { } problem)
            return ("password", char.ToUpperInvariant(problem[0]) + problem[1..]);
        return password == confirm ? null : ("confirm", "Enter the same new password twice");
    }

    /// <summary>
    /// Whether <paramref name="password"/> is the signed-in person's current one, asked before a change that matters
    /// (a new password, new recovery codes, turning two-factor off). Each try counts against their address like a sign-in
    /// (<see cref="SignInThrottles.TryAttemptAsync"/>), so a stolen session cannot guess it; a right one forgets the count.
    /// </summary>
    public static async Task<bool> ConfirmPasswordAsync(StewardDb db, Account account, string? password, DateTime now, CancellationToken ct = default)
    {
        var key = SignInThrottles.EmailKey(account.NormalisedEmail);
        if (string.IsNullOrEmpty(password) || account.PasswordHash is null || !await SignInThrottles.TryAttemptAsync(db, key, ThrottleRule.Email, now, ct)) return false;
        if (Hasher.VerifyHashedPassword(account, account.PasswordHash, password) == PasswordVerificationResult.Failed) return false;
        await SignInThrottles.ClearAsync(db, key, ct);
        return true;
    }

    public static void SetPassword(Account account, string password)
    {
        account.PasswordHash = Hasher.HashPassword(account, password);
        account.SecurityStamp = Guid.NewGuid().ToString("N");
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
        var stampChanged = account.Id != 0 && db.Entry(account).Property(a => a.SecurityStamp).IsModified;
        await db.SaveChangesAsync();
        // A new password or new roles end every sign-in of the person: the stamp refuses their cookies, and the sessions say why.
        if (stampChanged) await SignInSessions.EndAllAsync(db, account.Id, "password or roles changed", DateTime.UtcNow);
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

    /// <summary>What a sign-in attempt came to. Every outcome but success is shown to the person in the same words.</summary>
    public enum SignInOutcome
    {
        Success,
        /// <summary>Unknown address, wrong password, no password set, or a deactivated account.</summary>
        Failed,
        /// <summary>The address or the client has failed too often lately and must wait (<see cref="ThrottleRule"/>).</summary>
        Waiting,
    }

    private static readonly AsyncLocal<System.Runtime.CompilerServices.StrongBox<int>?> Checks = new();

    /// <summary>For tests: counts the password hashes checked in the calling flow from now on.</summary>
    public static System.Runtime.CompilerServices.StrongBox<int> CountPasswordChecks() => Checks.Value = new System.Runtime.CompilerServices.StrongBox<int>();

    /// <summary>
    /// Checks <paramref name="password"/> for the address <paramref name="email"/> (normalised) and its
    /// <paramref name="account"/> (null: no such account) from client <paramref name="address"/>. Every path checks one
    /// password hash (a stand-in one when there is no account or password), so the time taken does not tell which
    /// addresses have accounts, and every failure reads the same to the person. Attempts count against the address typed,
    /// failures against the client (<see cref="SignInThrottles"/>); while either must wait, even the right password is refused. A success
    /// sets the last sign-in (saved by the caller); the address's failures are forgotten only when the whole sign-in,
    /// second factor included, completes.
    /// </summary>
    public static async Task<SignInOutcome> CheckPasswordAsync(StewardDb db, string email, Account? account, string password, string? address, DateTime now,
        CancellationToken ct = default)
    {
        string[] keys = [SignInThrottles.EmailKey(email), SignInThrottles.AddressKey(address)];
        // The address typed counts every attempt before it is checked (a burst is held back as a run is); the client's
        // address counts failures only, so a council's shared address is not slowed by its officers signing in.
        var waiting = await SignInThrottles.WaitingAsync(db, [keys[1]], now, ct) || !await SignInThrottles.TryAttemptAsync(db, keys[0], ThrottleRule.Email, now, ct);
        if (Checks.Value is { } counter) counter.Value++;
        bool verified;
        if (account?.PasswordHash is { } hash) verified = Hasher.VerifyHashedPassword(account, hash, password) != PasswordVerificationResult.Failed;
        else
        {
            Hasher.VerifyHashedPassword(StandIn, DummyHash, password);
            verified = false;
        }
        if (waiting) return SignInOutcome.Waiting;
        if (verified && account!.DeactivatedAt is null)
        {
            account.LastSignInAt = now;
            return SignInOutcome.Success;
        }
        await SignInThrottles.FailAsync(db, keys[1], ThrottleRule.Address, now, ct);
        return SignInOutcome.Failed;
    }

    private static readonly Account StandIn = new() { Email = "", NormalisedEmail = "", DisplayName = "" };

    private static readonly string DummyHash = Hasher.HashPassword(StandIn, Guid.NewGuid().ToString());
}
