using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Steward.Data;

namespace Steward.Features.Accounts;

/// <summary>
/// One signed-in browser: the sign-in cookie carries a random key whose SHA-256 hash is stored here, so a session can be
/// ended on the server — by signing out, by a password or role change, by an administrator, or by running idle or past
/// its absolute limit — and a copy of its cookie is useless from that moment.
/// </summary>
public class SignInSession
{
    public int Id { get; set; }
    public int AccountId { get; set; }
    public Account? Account { get; set; }

    /// <summary>SHA-256 of the key in the cookie, hex; unique.</summary>
    public required string KeyHash { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>The last request seen, to the minute (UTC): the idle time-out runs from here.</summary>
    public DateTime LastSeenAt { get; set; }

    public DateTime? EndedAt { get; set; }

    /// <summary>Why it ended, in words ("signed out", "password changed").</summary>
    public string? EndedBecause { get; set; }

    /// <summary>The client's address when it signed in (behind trusted proxies, the forwarded one).</summary>
    public string? Address { get; set; }

    /// <summary>The browser's own description (User-Agent), cut to 200 characters.</summary>
    public string? Agent { get; set; }
}

/// <summary>How long a sign-in lasts: idle (no request) and absolute (since signing in), both in minutes of the server's clock.</summary>
/// <param name="Idle">Default 60 minutes (setting <c>Steward:Sessions:IdleMinutes</c>).</param>
/// <param name="Absolute">Default 12 hours (setting <c>Steward:Sessions:AbsoluteMinutes</c>).</param>
public sealed record SessionPolicy(TimeSpan Idle, TimeSpan Absolute)
{
    public static readonly SessionPolicy Default = new(TimeSpan.FromMinutes(60), TimeSpan.FromHours(12));

    /// <summary>How stale <see cref="SignInSession.LastSeenAt"/> may be before a request writes it again: the idle time-out is exact to this.</summary>
    public static readonly TimeSpan TouchEvery = TimeSpan.FromMinutes(1);

    /// <summary>The policy from configuration; the defaults where a setting is absent. InvalidOperationException naming the setting for a value that is not a whole number of minutes from 1.</summary>
    public static SessionPolicy From(IConfiguration configuration)
    {
        TimeSpan Minutes(string key, TimeSpan fallback) =>
            configuration[key] is not { Length: > 0 } text ? fallback
            : int.TryParse(text, out var m) && m >= 1 ? TimeSpan.FromMinutes(m)
            : throw new InvalidOperationException($"{key}: '{text}' is not a whole number of minutes from 1");
        return new SessionPolicy(Minutes("Steward:Sessions:IdleMinutes", Default.Idle), Minutes("Steward:Sessions:AbsoluteMinutes", Default.Absolute));
    }

    /// <summary>Whether a session created at <paramref name="created"/>, last seen at <paramref name="lastSeen"/> and ended at <paramref name="ended"/> (if ever) is live at <paramref name="now"/> (all UTC).</summary>
    public bool IsLive(DateTime created, DateTime lastSeen, DateTime? ended, DateTime now) =>
        ended is null && now - lastSeen < Idle && now - created < Absolute;
}

/// <summary>Starting, checking and ending sign-in sessions.</summary>
public static class SignInSessions
{
    /// <summary>The hash stored for a cookie's key.</summary>
    public static string Hash(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>Starts a session for <paramref name="account"/> (saved) and returns the key for its cookie: 32 random bytes, base64url.</summary>
    public static async Task<string> StartAsync(StewardDb db, Account account, HttpContext http, DateTime now, CancellationToken ct = default)
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var agent = http.Request.Headers.UserAgent.ToString();
        db.SignInSessions.Add(new SignInSession
        {
            AccountId = account.Id, KeyHash = Hash(key), CreatedAt = now, LastSeenAt = now,
            Address = http.Connection.RemoteIpAddress?.ToString(), Agent = agent.Length > 200 ? agent[..200] : agent,
        });
        await db.SaveChangesAsync(ct);
        return key;
    }

    /// <summary>
    /// Whether the session with cookie key <paramref name="key"/> belongs to <paramref name="accountId"/> and is live under
    /// <paramref name="policy"/> at <paramref name="now"/>; a live one's last-seen time is written when a minute stale.
    /// </summary>
    public static async Task<bool> CheckAsync(StewardDb db, int accountId, string? key, SessionPolicy policy, DateTime now, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(key)) return false;
        var hash = Hash(key);
        var session = await db.SignInSessions.Where(s => s.KeyHash == hash && s.AccountId == accountId)
            .Select(s => new { s.Id, s.CreatedAt, s.LastSeenAt, s.EndedAt }).SingleOrDefaultAsync(ct);
        if (session is null || !policy.IsLive(session.CreatedAt, session.LastSeenAt, session.EndedAt, now)) return false;
        if (now - session.LastSeenAt >= SessionPolicy.TouchEvery)
            await db.SignInSessions.Where(s => s.Id == session.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenAt, now), ct);
        return true;
    }

    /// <summary>Ends the session with cookie key <paramref name="key"/>, if it is still open.</summary>
    public static Task EndAsync(StewardDb db, string key, string because, DateTime now, CancellationToken ct = default)
    {
        var hash = Hash(key);
        return db.SignInSessions.Where(s => s.KeyHash == hash && s.EndedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now).SetProperty(x => x.EndedBecause, because), ct);
    }

    /// <summary>Ends every open session of <paramref name="accountId"/> but the one with cookie key <paramref name="except"/> (if given); returns how many ended.</summary>
    public static Task<int> EndAllAsync(StewardDb db, int accountId, string because, DateTime now, string? except = null, CancellationToken ct = default)
    {
        var keep = except is null ? "" : Hash(except);
        return db.SignInSessions.Where(s => s.AccountId == accountId && s.EndedAt == null && s.KeyHash != keep)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now).SetProperty(x => x.EndedBecause, because), ct);
    }
}
