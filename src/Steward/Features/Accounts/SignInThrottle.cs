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

    /// <summary>"email:" (passwords) or "code:" (second-factor codes) and the normalised address, or "address:" and the client's IP address; unique.</summary>
    public required string Key { get; set; }

    public int Failures { get; set; }
    public DateTime LastFailureAt { get; set; }

    /// <summary>Sign-ins for this key are refused until then (UTC); null when not waiting.</summary>
    public DateTime? BlockedUntil { get; set; }
}

/// <summary>
/// How failures slow sign-in down (NCSC: throttle rather than lock out): after <paramref name="Free"/> failures a key
/// waits one minute, doubling with each further failure up to <see cref="Longest"/>; failures are forgotten
/// <paramref name="Forget"/> after the last one, and an address's when its sign-in succeeds. A wait never grows while it
/// runs: attempts during it are not counted.
/// </summary>
/// <param name="Free">Failures allowed before the first wait: 5 for an e-mail address, 20 for a client address (many
/// officers share a council's address).</param>
/// <param name="Forget">How long failures are remembered: a day for an e-mail address, so its guesses stay slow (about
/// four an hour once waiting); 15 minutes for a client address, so a council's shared address recovers quickly.</param>
public sealed record ThrottleRule(int Free, TimeSpan Forget)
{
    public static readonly ThrottleRule Email = new(5, TimeSpan.FromHours(24)), Address = new(20, TimeSpan.FromMinutes(15));

    /// <summary>The longest wait: so an attacker cannot keep a colleague out for long.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromMinutes(15);

    /// <summary>The wait after the <paramref name="failures"/>th remembered failure: none up to <see cref="Free"/>, then 1, 2, 4, 8, 15, 15… minutes.</summary>
    public TimeSpan WaitAfter(int failures) =>
        failures <= Free ? TimeSpan.Zero : TimeSpan.FromMinutes(Math.Min(Longest.TotalMinutes, Math.Pow(2, Math.Min(failures - Free - 1, 10))));
}

/// <summary>Reading and counting sign-in failures; counts are single statements, so failures at several app servers at once all count.</summary>
public static class SignInThrottles
{
    public static string EmailKey(string normalisedEmail) => "email:" + normalisedEmail;

    /// <summary>The second-factor codes entered for an address: counted apart from its passwords, so a right password does not use up a code's chances.</summary>
    public static string CodeKey(string normalisedEmail) => "code:" + normalisedEmail;
    public static string AddressKey(string? address) => "address:" + (address ?? "unknown");

    /// <summary>Whether any of <paramref name="keys"/> must wait at <paramref name="now"/>.</summary>
    public static Task<bool> WaitingAsync(StewardDb db, IReadOnlyList<string> keys, DateTime now, CancellationToken ct = default) =>
        db.SignInThrottles.AnyAsync(t => keys.Contains(t.Key) && t.BlockedUntil != null && t.BlockedUntil > now, ct);

    /// <summary>Counts a failure against <paramref name="key"/> under <paramref name="rule"/> and sets its wait.</summary>
    public static async Task FailAsync(StewardDb db, string key, ThrottleRule rule, DateTime now, CancellationToken ct = default)
    {
        var stale = now - rule.Forget;
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

    /// <summary>
    /// Takes an attempt for <paramref name="key"/> under <paramref name="rule"/> before it is checked: counts it and, past
    /// the rule's free attempts, starts the wait it earns — in one statement that only succeeds while the key is not
    /// waiting, so attempts arriving together (at one server or several) cannot all slip in. True when the attempt may go
    /// ahead. The count is forgotten when the sign-in succeeds (<see cref="ClearAsync"/>).
    /// </summary>
    public static async Task<bool> TryAttemptAsync(StewardDb db, string key, ThrottleRule rule, DateTime now, CancellationToken ct = default)
    {
        var stale = now - rule.Forget;
        var free = rule.Free;
        // The wait each count earns, as the rule gives it: none up to the free attempts, then 1, 2, 4, 8, 15 minutes.
        var (w1, w2, w3, w4, w5) = (now + rule.WaitAfter(free + 1), now + rule.WaitAfter(free + 2), now + rule.WaitAfter(free + 3), now + rule.WaitAfter(free + 4), now + rule.WaitAfter(free + 5));
        async Task<int> Take() => await db.SignInThrottles.Where(t => t.Key == key && (t.BlockedUntil == null || t.BlockedUntil <= now)).ExecuteUpdateAsync(u => u
            .SetProperty(t => t.Failures, t => t.LastFailureAt < stale ? 1 : t.Failures + 1)
            .SetProperty(t => t.LastFailureAt, now)
            .SetProperty(t => t.BlockedUntil, t =>
                (t.LastFailureAt < stale ? 1 : t.Failures + 1) <= free ? (DateTime?)null
                : (t.LastFailureAt < stale ? 1 : t.Failures + 1) == free + 1 ? w1
                : (t.LastFailureAt < stale ? 1 : t.Failures + 1) == free + 2 ? w2
                : (t.LastFailureAt < stale ? 1 : t.Failures + 1) == free + 3 ? w3
                : (t.LastFailureAt < stale ? 1 : t.Failures + 1) == free + 4 ? w4
                : w5), ct);
        if (await Take() == 1) return true;
        // No row was free to take: the key is waiting, or its row was made by an attempt that committed just after ours looked.
        if (await db.SignInThrottles.AnyAsync(t => t.Key == key, ct)) return await Take() == 1;
        try
        {
            db.SignInThrottles.Add(new SignInThrottle { Key = key, Failures = 1, LastFailureAt = now, BlockedUntil = free >= 1 ? null : w1 });
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another attempt made the row at the same moment: take this one on it.
            db.ChangeTracker.Clear();
            return await Take() == 1;
        }
    }

    /// <summary>Forgets the failures of <paramref name="key"/> (after a successful sign-in).</summary>
    public static Task ClearAsync(StewardDb db, string key, CancellationToken ct = default) =>
        db.SignInThrottles.Where(t => t.Key == key).ExecuteDeleteAsync(ct);
}
