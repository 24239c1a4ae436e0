using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Steward.Data;

namespace Steward.Features.Accounts;

/// <summary>What a one-time link lets its holder do.</summary>
public enum LinkPurpose
{
    /// <summary>Set the first password of an invited account: valid for 7 days.</summary>
    Invitation = 1,
    /// <summary>Choose a new password: valid for 1 hour.</summary>
    PasswordReset = 2,
}

/// <summary>
/// A one-time link to set a password (an invitation or a reset): only the SHA-256 hash of its random token is stored,
/// it expires, and it works once. Issuing a new link for an account withdraws its earlier ones.
/// </summary>
public class AccountLink
{
    public int Id { get; set; }
    public int AccountId { get; set; }
    public Account? Account { get; set; }
    public LinkPurpose Purpose { get; set; }

    /// <summary>SHA-256 of the token in the link, hex; unique.</summary>
    public required string TokenHash { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }

    /// <summary>When it was used, or withdrawn by a newer link; null while it works.</summary>
    public DateTime? UsedAt { get; set; }

    /// <summary>Who issued it (the administrator's e-mail).</summary>
    public required string IssuedBy { get; set; }
}

/// <summary>
/// A one-time link just issued: its address (shown to the administrator only when it could not be e-mailed), until
/// when it works, whether it is an invitation, and whether it went by e-mail to the person.
/// </summary>
public sealed record IssuedLink(string Url, DateTime ExpiresAt, bool Invitation, bool Emailed, string Email);

/// <summary>Issuing and redeeming one-time links.</summary>
public static class AccountLinks
{
    /// <summary>How long a link of each purpose works.</summary>
    public static TimeSpan Lifetime(LinkPurpose purpose) => purpose == LinkPurpose.Invitation ? TimeSpan.FromDays(7) : TimeSpan.FromHours(1);

    /// <summary>
    /// Issues a link for <paramref name="accountId"/> (saved; earlier open links of the account withdrawn) and returns
    /// its token: 32 random bytes, base64url. The page to open is <c>/set-password?token=…</c>.
    /// </summary>
    public static async Task<string> IssueAsync(StewardDb db, int accountId, LinkPurpose purpose, string issuedBy, DateTime now, CancellationToken ct = default)
    {
        await db.AccountLinks.Where(l => l.AccountId == accountId && l.UsedAt == null).ExecuteUpdateAsync(u => u.SetProperty(l => l.UsedAt, now), ct);
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        db.AccountLinks.Add(new AccountLink
        {
            AccountId = accountId, Purpose = purpose, TokenHash = SignInSessions.Hash(token), CreatedAt = now, ExpiresAt = now + Lifetime(purpose), IssuedBy = issuedBy,
        });
        await db.SaveChangesAsync(ct);
        return token;
    }

    /// <summary>
    /// Issues a link (as <see cref="IssueAsync"/>) and, when an e-mail server is set up, e-mails it to the account's
    /// address with what it is for and until when it works (the link is saved first). An e-mailed link starts with the
    /// configured site address (never a request's Host header); one shown instead starts with <paramref name="site"/>, the
    /// address the administrator is using. A failed e-mail is not an error: it is logged to <paramref name="log"/> and the
    /// administrator is shown the link to pass on themselves.
    /// </summary>
    public static async Task<IssuedLink> IssueAndSendAsync(StewardDb db, Notices.Mailer mailer, Account account, LinkPurpose purpose, string issuedBy,
        string site, string council, DateTime now, ILogger log, CancellationToken ct = default)
    {
        var token = await IssueAsync(db, account.Id, purpose, issuedBy, now, ct);
        var url = $"{mailer.Settings.SiteUrl ?? site}/set-password?token={token}";
        var expires = now + Lifetime(purpose);
        var invitation = purpose == LinkPurpose.Invitation;
        var emailed = false;
        if (mailer.Settings.Enabled)
        {
            var body = (invitation
                    ? $"You are invited to Steward, the performance and risk system of {council}.\n\nChoose your password here, then sign in with this e-mail address:\n"
                    : $"A new Steward password was asked for your account at {council}.\n\nChoose it here:\n")
                + $"{url}\n\nThe link works once, until {Common.Show.DateTime(expires)}. If you were not expecting it, you can ignore this e-mail.\n";
            var email = new Notices.Email(account.Email, account.DisplayName, invitation ? $"You are invited to Steward – {council}" : $"Choose a new Steward password – {council}", body);
            var outcome = await mailer.SendAsync([email], ct);
            emailed = outcome.Sent.Count == 1;
            if (!emailed) log.LogWarning(outcome.Failure, "A {Purpose} link could not be e-mailed to account {Account}", purpose, account.Id);
        }
        return new IssuedLink(url, expires, invitation, emailed, account.Email);
    }

    /// <summary>The open link for <paramref name="token"/> with its account, or null when it is unknown, used, withdrawn or expired at <paramref name="now"/>.</summary>
    public static Task<AccountLink?> FindAsync(StewardDb db, string? token, DateTime now, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100) return Task.FromResult<AccountLink?>(null);
        var hash = SignInSessions.Hash(token);
        return db.AccountLinks.Include(l => l.Account).SingleOrDefaultAsync(l => l.TokenHash == hash && l.UsedAt == null && l.ExpiresAt > now, ct);
    }

    /// <summary>
    /// Uses the link: marks it used in one statement that only succeeds while it is open (so two tabs cannot both use it)
    /// and returns whether this use won.
    /// </summary>
    public static async Task<bool> UseAsync(StewardDb db, AccountLink link, DateTime now, CancellationToken ct = default) =>
        await db.AccountLinks.Where(l => l.Id == link.Id && l.UsedAt == null).ExecuteUpdateAsync(u => u.SetProperty(l => l.UsedAt, now), ct) == 1;
}
