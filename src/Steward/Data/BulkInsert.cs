using System.Data.Common;
using LinqToDB.Data;
using LinqToDB.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Steward.Data;

/// <summary>
/// Inserts many rows of one organisation at once, untracked, over the context's own connection and transaction.
/// PostgreSQL: linq2db's bulk copy (binary COPY). SQLite: one prepared INSERT run for each row, the bulk insert that
/// Microsoft.Data.Sqlite's documentation gives (linq2db's multi-row INSERTs bind hundreds of parameters by name per
/// statement, and ran several times slower here). Values go through the EF model's own column mappings
/// and value converters, so rows are stored exactly as the context would store them (decimals at full precision). Rows
/// are not audited one by one: the caller records one audit entry for the lot, as an import does. Used by imports and
/// the demo generator.
/// </summary>
public static class BulkInsert
{
    static BulkInsert() => LinqToDBForEFTools.Initialize();

    /// <summary>
    /// Inserts <paramref name="rows"/> (streamed, never all held) into their table and returns how many. Every row must
    /// belong to the organisation the context acts for (<see cref="StewardDb.OrganisationId"/>), else
    /// InvalidOperationException, as for any write. Keys the database generates are not read back. On SQLite a row may
    /// bring its own key (numbered from <see cref="NextKeyAsync{T}"/>); a key of 0 is generated.
    /// </summary>
    public static async Task<long> RowsAsync<T>(StewardDb db, IEnumerable<T> rows, CancellationToken ct = default) where T : class, IOrganisationOwned
    {
        if (db.OrganisationId == 0) throw new InvalidOperationException("Bulk inserts act for an organisation: none is selected.");
        if (typeof(IPerformanceData).IsAssignableFrom(typeof(T))) await db.MoveDataVersionAsync(ct);
        if (db.Database.IsSqlite()) return await PreparedInsertAsync(db, Checked(db.OrganisationId, rows), ct);
        var options = new BulkCopyOptions
        {
            BulkCopyType = BulkCopyType.ProviderSpecific,
            UseParameters = true,
            MaxBatchSize = 5_000,
        };
        var copied = await db.BulkCopyAsync(options, Checked(db.OrganisationId, rows), ct);
        return copied.RowsCopied;
    }

    /// <summary>
    /// On SQLite, the key the database would give the next row of <typeparamref name="T"/>'s table: the larger of the
    /// highest key it ever gave (SQLite's AUTOINCREMENT never gives one again) and the highest there now. A caller that
    /// holds the write lock (a transaction on SQLite does from its start) may number its rows from it and insert them in
    /// another order, so that keys follow its own order. NotSupportedException on PostgreSQL.
    /// </summary>
    public static async Task<int> NextKeyAsync<T>(StewardDb db, CancellationToken ct = default) where T : class
    {
        if (!db.Database.IsSqlite()) throw new NotSupportedException("Keys are numbered by the caller on SQLite only.");
        var entityType = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        var key = entityType.FindPrimaryKey()!.Properties.Single().GetColumnName(table)!;
        var sql = db.GetService<ISqlGenerationHelper>();
        // Identifiers from the model, the table's name as a parameter.
        var query = "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = {0}), 0), " +
                    $"COALESCE((SELECT MAX({sql.DelimitIdentifier(key)}) FROM {sql.DelimitIdentifier(table.Name)}), 0)) AS \"Value\"";
        var highest = await db.Database.SqlQueryRaw<long>(query, table.Name).SingleAsync(ct);
        return checked((int)highest + 1);
    }

    /// <summary>
    /// On SQLite, lets the context's connection keep up to <paramref name="megabytes"/> MB of database pages in memory
    /// until the returned object is disposed, when the connection's own setting is restored (SQLite's default is 2 MB): a
    /// large write into indexed tables then finds most index pages in memory instead of reading and spilling them again
    /// and again. Memory is taken only as pages are read. Does nothing on PostgreSQL.
    /// </summary>
    public static async Task<IAsyncDisposable> LargerCacheAsync(StewardDb db, int megabytes, CancellationToken ct = default)
    {
        if (!db.Database.IsSqlite()) return NoCache.Instance;
        await db.Database.OpenConnectionAsync(ct);
        var connection = db.Database.GetDbConnection();
        async Task<object?> PragmaAsync(string text)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = text;
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            return await command.ExecuteScalarAsync(ct);
        }
        var before = Convert.ToInt64(await PragmaAsync("PRAGMA cache_size"), System.Globalization.CultureInfo.InvariantCulture);
        await PragmaAsync($"PRAGMA cache_size = -{megabytes * 1024L}");
        return new CacheSetting(async () =>
        {
            try
            {
                if (connection.State == System.Data.ConnectionState.Open) await PragmaAsync($"PRAGMA cache_size = {before}");
            }
            catch (DbException)
            {
                // Only a cache size: a connection that cannot take it back (its work failed) must not hide why it failed.
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        });
    }

    private sealed class CacheSetting(Func<Task> restore) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await restore();
    }

    private sealed class NoCache : IAsyncDisposable
    {
        public static readonly NoCache Instance = new();
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
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

    /// <summary>Whether two values are stored alike: equal, and decimals at the same scale too (12.5 and 12.50 are equal, but stored as written).</summary>
    private static bool Same(object? a, object? b) => a is decimal x && b is decimal y ? x == y && x.Scale == y.Scale : Equals(a, b);

    /// <summary>Rows read, converted and compared together by the SQLite insert.</summary>
    private const int Batch = 1_000;

    /// <summary>
    /// A prepared INSERT of every column run for each row in the context's transaction (its connection opened if need
    /// be), a batch of rows at a time. Each value is converted by its property's converter (periods, enums); a generated
    /// key left at 0 is NULL, which SQLite numbers. A column with one value in every row of a batch (the organisation,
    /// a status, an importer's name and time) goes into the statement as the type mapping's SQL literal; the others are
    /// parameters the type mapping configures. Binding a parameter costs more than the insert itself here: a million
    /// results bind half as many.
    /// </summary>
    private static async Task<long> PreparedInsertAsync<T>(StewardDb db, IEnumerable<T> rows, CancellationToken ct) where T : class
    {
        var entityType = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        var columns = entityType.GetProperties()
            .Select(p => (Getter: p.GetGetter(), Mapping: (RelationalTypeMapping)p.GetRelationalTypeMapping(), Column: p.GetColumnName(table)!,
                IsNullable: p.IsNullable || p.IsPrimaryKey(), GeneratedKey: p.IsPrimaryKey() && p.ValueGenerated != ValueGenerated.Never))
            .ToList();
        var into = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Column)))}) VALUES (";

        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            var values = new object?[Batch, columns.Count];
            var bound = new List<(int Column, DbParameter Parameter)>();
            long inserted = 0;
            foreach (var batch in rows.Chunk(Batch))
            {
                ct.ThrowIfCancellationRequested();
                for (var r = 0; r < batch.Length; r++)
                    for (var c = 0; c < columns.Count; c++)
                    {
                        var (getter, mapping, _, _, generatedKey) = columns[c];
                        var value = getter.GetClrValue(batch[r]);
                        if (generatedKey && Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) == 0) value = null;
                        else if (value is not null && mapping.Converter is { } converter) value = converter.ConvertToProvider(value);
                        values[r, c] = value;
                    }

                var text = new System.Text.StringBuilder(into);
                var parameters = new List<(int Column, DbParameter? Parameter)>();
                for (var c = 0; c < columns.Count; c++)
                {
                    if (c > 0) text.Append(", ");
                    var first = values[0, c];
                    var same = true;
                    for (var r = 1; r < batch.Length && same; r++) same = Same(values[r, c], first);
                    if (same) text.Append(first is null ? "NULL" : columns[c].Mapping.GenerateProviderValueSqlLiteral(first));
                    else
                    {
                        text.Append($"@p{c}");
                        parameters.Add((c, null));
                    }
                }
                text.Append(')');
                var statement = text.ToString();
                if (statement != command.CommandText)
                {
                    command.CommandText = statement;
                    command.Parameters.Clear();
                    bound.Clear();
                    foreach (var (c, _) in parameters)
                    {
                        var parameter = columns[c].Mapping.CreateParameter(command, $"@p{c}", null, columns[c].IsNullable);
                        command.Parameters.Add(parameter);
                        bound.Add((c, parameter));
                    }
                    command.Prepare();
                }
                for (var r = 0; r < batch.Length; r++)
                {
                    foreach (var (c, parameter) in bound) parameter.Value = values[r, c] ?? DBNull.Value;
                    // SQLite runs in process: the synchronous call saves a task per row.
                    command.ExecuteNonQuery();
                    inserted++;
                }
            }
            return inserted;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
