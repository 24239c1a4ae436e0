using Microsoft.EntityFrameworkCore;
using Steward.Data;

namespace Steward.Features.Accounts;

/// <summary>
/// Failed sign-ins counted against one key — an e-mail address as typed (known or not, so the count says nothing about
/// which addresses have accounts) or a client address — and the time until which that key must wait.
/// </summary>
public class SignInThrottle
{
    public int Id { get; set; }

    /// <summary>"email:" and the normalised address, or "address:" and the client's IP address; unique.</summary>
    public required string Key { get; set; }

    public int Failures { get; set; }
    public DateTime LastFailureAt { get; set; }

    /// <summary>Sign-ins for this key are refused until then (UTC); null when not waiting.</summary>
    public DateTime? BlockedUntil { get; set; }
}

/// <summary>
/// How failures slow sign-in down (NCSC: throttle rather than lock out): after <paramref name="Free"/> failures in a row
/// a key waits one minute, doubling with each further failure up to <see cref="Longest"/>; failures are forgotten
/// <see cref="Forget"/> after the last one. A wait never grows while it runs: attempts during it are not counted.
/// </summary>
/// <param name="Free">Failures allowed before the first wait: 5 for an e-mail address, 20 for a client address (many
/// officers share a council's address).</param>
public sealed record ThrottleRule(int Free)
{
    public static readonly ThrottleRule Email = new(5), Address = new(20);

    /// <summary>The longest wait: so an attacker cannot keep a colleague out for long.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromMinutes(15);

    public static readonly TimeSpan Forget = TimeSpan.FromMinutes(15);

    /// <summary>The wait after the <paramref name="failures"/>th failure in a row: none up to <see cref="Free"/>, then 1, 2, 4, 8, 15, 15… minutes.</summary>
    public TimeSpan WaitAfter(int failures) =>
        failures <= Free ? TimeSpan.Zero : TimeSpan.FromMinutes(Math.Min(Longest.TotalMinutes, Math.Pow(2, Math.Min(failures - Free - 1, 10))));
}

/// <summary>Reading and counting sign-in failures; counts are single statements, so failures at several app servers at once all count.</summary>
public static class SignInThrottles
{
    public static string EmailKey(string normalisedEmail) => "email:" + normalisedEmail;
    public static string AddressKey(string? address) => "address:" + (address ?? "unknown");

    /// <summary>Whether any of <paramref name="keys"/> must wait at <paramref name="now"/>.</summary>
    public static Task<bool> WaitingAsync(StewardDb db, IReadOnlyList<string> keys, DateTime now, CancellationToken ct = default) =>
        db.SignInThrottles.AnyAsync(t => keys.Contains(t.Key) && t.BlockedUntil != null && t.BlockedUntil > now, ct);

    /// <summary>Counts a failure against <paramref name="key"/> under <paramref name="rule"/> and sets its wait.</summary>
    public static async Task FailAsync(StewardDb db, string key, ThrottleRule rule, DateTime now, CancellationToken ct = default)
    {
        var stale = now - ThrottleRule.Forget;
        async Task<int> Bump() => await db.SignInThrottles.Where(t => t.Key == key).ExecuteUpdateAsync(u => u
            .SetProperty(t => t.Failures, t => t.LastFailureAt < stale ? 1 : t.Failures + 1)
            .SetProperty(t => t.LastFailureAt, now), ct);
        if (await Bump() == 0)
        {
            try
            {
                db.SignInThrottles.Add(new SignInThrottle { Key = key, Failures = 1, LastFailureAt = now });
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Another server counted this key's first failure at the same moment: count this one on its row.
                db.ChangeTracker.Clear();
                await Bump();
            }
        }
        var failures = await db.SignInThrottles.Where(t => t.Key == key).Select(t => t.Failures).SingleAsync(ct);
        var wait = rule.WaitAfter(failures);
        if (wait > TimeSpan.Zero)
            await db.SignInThrottles.Where(t => t.Key == key).ExecuteUpdateAsync(u => u.SetProperty(t => t.BlockedUntil, now + wait), ct);
    }

    /// <summary>Forgets the failures of <paramref name="key"/> (after a successful sign-in).</summary>
    public static Task ClearAsync(StewardDb db, string key, CancellationToken ct = default) =>
        db.SignInThrottles.Where(t => t.Key == key).ExecuteDeleteAsync(ct);
}
