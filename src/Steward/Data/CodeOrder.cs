using Microsoft.EntityFrameworkCore;

namespace Steward.Data;

/// <summary>Rows people know by a code ("CS02a", "PP_R011"): indicators and risks.</summary>
public interface ICoded
{
    /// <summary>The code as the organisation writes it: letters, digits and _ . - / only.</summary>
    string Code { get; }
}

/// <summary>
/// Code order in SQL, the same on every provider: ordinal (byte by byte), as C# sorts with <see cref="StringComparer.Ordinal"/>.
/// SQLite compares text that way already (BINARY); PostgreSQL compares by the database's collation unless asked for "C".
/// Codes are ASCII, so byte order and ordinal order agree.
/// </summary>
public static class CodeOrder
{
    /// <summary>
    /// <paramref name="rows"/> whose code comes after <paramref name="after"/> (or is it, when <paramref name="inclusive"/>;
    /// all of them when it is null), in code order. The comparison and the order run in the database, so a caller can take
    /// one page with <c>Take</c>.
    /// </summary>
    public static IOrderedQueryable<T> InCodeOrder<T>(this IQueryable<T> rows, StewardDb db, string? after = null, bool inclusive = false) where T : class, ICoded
    {
        var least = inclusive ? 0 : 1;
        if (IsPostgres(db))
        {
            if (after is not null) rows = rows.Where(x => string.Compare(EF.Functions.Collate(x.Code, "C"), after) >= least);
            return rows.OrderBy(x => EF.Functions.Collate(x.Code, "C"));
        }
        if (after is not null) rows = rows.Where(x => string.Compare(x.Code, after) >= least);
        return rows.OrderBy(x => x.Code);
    }

    /// <summary>Whether <paramref name="db"/> is on PostgreSQL, whose text comparisons need an explicit "C" collation to be ordinal.</summary>
    public static bool IsPostgres(StewardDb db) => db is PostgresStewardDb;
}
