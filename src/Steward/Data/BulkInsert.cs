using LinqToDB.Data;
using LinqToDB.EntityFrameworkCore;

namespace Steward.Data;

/// <summary>
/// Inserts many rows of one organisation at once, untracked, through linq2db's bulk copy over the context's own
/// connection and transaction: PostgreSQL's binary COPY, SQLite's multi-row INSERTs with every value a parameter (so
/// decimals keep their full precision as EF stores them). Rows are not audited one by one: the caller records one
/// audit entry for the lot, as an import does. Used by imports and the demo generator.
/// </summary>
public static class BulkInsert
{
    static BulkInsert() => LinqToDBForEFTools.Initialize();

    /// <summary>
    /// Inserts <paramref name="rows"/> (streamed, never all held) into their table and returns how many. Every row must
    /// belong to the organisation the context acts for (<see cref="StewardDb.OrganisationId"/>), else
    /// InvalidOperationException, as for any write. Keys the database generates are not read back.
    /// </summary>
    public static async Task<long> RowsAsync<T>(StewardDb db, IEnumerable<T> rows, CancellationToken ct = default) where T : class, IOrganisationOwned
    {
        if (db.OrganisationId == 0) throw new InvalidOperationException("Bulk inserts act for an organisation: none is selected.");
        var options = new BulkCopyOptions
        {
            BulkCopyType = db.Database.IsNpgsql() ? BulkCopyType.ProviderSpecific : BulkCopyType.MultipleRows,
            UseParameters = true,
            MaxBatchSize = 5_000,
        };
        var copied = await db.BulkCopyAsync(options, Checked(db.OrganisationId, rows), ct);
        return copied.RowsCopied;
    }

    private static IEnumerable<T> Checked<T>(int organisationId, IEnumerable<T> rows) where T : IOrganisationOwned
    {
        foreach (var row in rows)
        {
            if (row.OrganisationId == 0) row.OrganisationId = organisationId;
            else if (row.OrganisationId != organisationId)
                throw new InvalidOperationException($"Refused to write {typeof(T).Name} of organisation {row.OrganisationId} while acting for organisation {organisationId}.");
            yield return row;
        }
    }

    private static bool IsNpgsql(this Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade database) =>
        database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true;
}
