using Microsoft.Extensions.Caching.Memory;
using Steward.Features.Organisations;

namespace Steward.Data;

/// <summary>
/// Figures computed over a whole council (the overview's summary and counts, what is due and overdue, which indicators
/// are exceptions at a period), kept in this process's memory against the council's <see
/// cref="Organisation.DataVersion"/> and settings version. Every write of performance data moves the data version in its
/// own transaction, so a figure is reused only while nothing it was computed from has changed, on this app server or any
/// other on the same database: a stale figure is never served, and each server recomputes once after a change. The
/// organisation passed in must have been read from the database before the figures' data (as the signed-in user's is, at
/// the start of each request), so a figure is never stored against a newer version than the data it was computed from.
/// Holds at most <see cref="Capacity"/> figures; each is dropped after <see cref="Idle"/> unused.
/// </summary>
public sealed class CouncilCache : IDisposable
{
    public const int Capacity = 4_096;
    public static readonly TimeSpan Idle = TimeSpan.FromMinutes(30);

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = Capacity });

    /// <summary>
    /// The figure <paramref name="kind"/> for <paramref name="argument"/> (a period, a date, a person: anything with value
    /// equality), computed by <paramref name="compute"/> when this process does not hold it for the organisation's current
    /// versions. Requests that ask while it is being computed wait for that computation; if it fails (its request was
    /// cancelled, say) each computes its own. <paramref name="compute"/> must read the organisation's data only and return
    /// a value nobody changes.
    /// </summary>
    public async Task<T> GetAsync<T>(Organisation organisation, string kind, object? argument, Func<Task<T>> compute)
    {
        var key = new Key(organisation.Id, organisation.DataVersion, organisation.Version, kind, argument);
        if (_cache.TryGetValue(key, out Task<T>? shared))
        {
            try
            {
                return await shared!;
            }
            catch (Exception)
            {
                // The request that started it failed or was cancelled: this one computes its own.
                _cache.Remove(key);
                return await compute();
            }
        }
        var task = compute();
        _ = _cache.Set(key, task, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = Idle });
        try
        {
            return await task;
        }
        catch
        {
            _cache.Remove(key);
            throw;
        }
    }

    public void Dispose() => _cache.Dispose();

    private sealed record Key(int Organisation, long DataVersion, int SettingsVersion, string Kind, object? Argument);
}
