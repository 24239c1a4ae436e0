using Steward.Data;
using Steward.Domain;
using Steward.Features.Organisations;

namespace Steward.Features.Indicators;

/// <summary>
/// The figures that read every current indicator of a council, through <see cref="CouncilCache"/>: each is computed once
/// per change of the council's data (per app server) and then costs what reading it from memory costs. The values are
/// exactly those of the functions they wrap; the organisation must be the signed-in user's, read at the start of the
/// request (see <see cref="CouncilCache"/>).
/// </summary>
public static class CouncilFigures
{
    /// <summary><see cref="Performance.SummaryAsync"/> at <paramref name="p"/>.</summary>
    public static Task<PerformanceSummary> SummaryAsync(CouncilCache cache, StewardDb db, Organisation organisation, Period p, CancellationToken ct = default) =>
        cache.GetAsync(organisation, "summary", p, () => Performance.SummaryAsync(db, organisation, p, ct));

    /// <summary><see cref="DueResults.PendingAsync"/> for every current indicator as at <paramref name="today"/>.</summary>
    public static Task<IReadOnlyList<DuePeriod>> PendingAsync(CouncilCache cache, StewardDb db, Organisation organisation, DateOnly today,
        CancellationToken ct = default) =>
        cache.GetAsync<IReadOnlyList<DuePeriod>>(organisation, "pending", today, async () => await DueResults.PendingAsync(db, organisation, today, ct: ct));

    /// <summary><see cref="DueResults.PendingAsync"/> for the indicators <paramref name="person"/> updates, as at <paramref name="today"/>.</summary>
    public static Task<IReadOnlyList<DuePeriod>> PendingForUpdaterAsync(CouncilCache cache, StewardDb db, Organisation organisation, DateOnly today, int person,
        CancellationToken ct = default) =>
        cache.GetAsync<IReadOnlyList<DuePeriod>>(organisation, "pending-updater", (today, person), async () => await DueResults.PendingAsync(db, organisation, today,
            db.Indicators.Where(i => i.Assignments.Any(a => a.PersonId == person && a.Role == AssignmentRole.Updater)), ct));

    /// <summary>
    /// The current indicators that meet an exception criterion at their latest period ending in <paramref name="p"/>'s
    /// month or before it (the dashboard's "exceptions only"), by id.
    /// </summary>
    public static Task<IReadOnlySet<int>> ExceptionsAsync(CouncilCache cache, StewardDb db, Organisation organisation, Period p, CancellationToken ct = default) =>
        cache.GetAsync<IReadOnlySet<int>>(organisation, "exceptions", p, async () => await Dashboard.ExceptionIdsAsync(db, organisation, p, ct));
}
