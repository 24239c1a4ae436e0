using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Steward.Web;

/// <summary>
/// One page of an API list: up to <c>limit</c> items and the path and query of the next page (<c>null</c> on the last
/// page). The same link is sent in a <c>Link: &lt;…&gt;; rel="next"</c> header.
/// </summary>
/// <param name="Items">The page's items, in the list's stable order.</param>
/// <param name="Next">
/// The next page as a path and query on this server ("/api/v1/indicators?limit=100&amp;after=…"), to be requested as it is
/// with the same token; null when this page is the last.
/// </param>
public sealed record PageJson<T>(IReadOnlyList<T> Items, string? Next);

/// <summary>
/// Paging for the API's lists: a <c>limit</c> (default <see cref="DefaultLimit"/>, at most <see cref="MaxLimit"/>) and an
/// opaque <c>after</c> cursor naming the last row of the previous page. Lists are read in a stable order (codes ordinal,
/// then periods), so following <c>next</c> to the end sees every row once, and each page is one bounded query.
/// </summary>
public static class ApiPaging
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    /// <summary>The <c>limit</c> parameter, for the OpenAPI document.</summary>
    public const string LimitDescription = "Rows a page: a whole number from 1 to 1000; default 100.";

    /// <summary>The <c>after</c> parameter, for the OpenAPI document.</summary>
    public const string AfterDescription = "Opaque cursor: where the previous page ended. Leave it out for the first page; after that request 'next' as it is.";

    /// <summary>
    /// Reads the <c>limit</c> query value: absent means <see cref="DefaultLimit"/>; otherwise a whole number from 1 to
    /// <see cref="MaxLimit"/>. Returns false with a 400 problem naming the parameter when it is anything else.
    /// </summary>
    public static bool TryLimit(string? text, out int limit, out ProblemHttpResult? problem)
    {
        problem = null;
        limit = DefaultLimit;
        if (text is null) return true;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) && limit is >= 1 and <= MaxLimit) return true;
        problem = Bad("limit", $"limit must be a whole number from 1 to {MaxLimit} (default {DefaultLimit})");
        return false;
    }

    /// <summary>A cursor for the row a page ends on: the list's kind and the row's key values, encoded opaquely (base64url).</summary>
    public static string Cursor(string kind, params string[] values) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Join('\n', [kind, .. values])));

    /// <summary>
    /// Reads an <c>after</c> cursor made by <see cref="Cursor"/> for the list <paramref name="kind"/> with
    /// <paramref name="count"/> values. Null text means the first page (true, with null values); a cursor that is not one
    /// of this list's gives false and a 400 problem naming the parameter.
    /// </summary>
    public static bool TryCursor(string? text, string kind, int count, out string[]? values, out ProblemHttpResult? problem)
    {
        values = null;
        problem = null;
        if (text is null) return true;
        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text)).Split('\n');
            if (parts.Length == count + 1 && parts[0] == kind && parts.Skip(1).All(p => p.Length > 0))
            {
                values = parts[1..];
                return true;
            }
        }
        catch (FormatException)
        {
        }
        problem = Bad("after", "after must be the cursor of a next link from this list: follow 'next' as it is");
        return false;
    }

    /// <summary>
    /// Finishes a page: of the <paramref name="rows"/> read (the query takes <c>limit + 1</c>, so one more means another
    /// page exists) keeps <paramref name="limit"/>, and when there is more builds the next link from the request's own path and
    /// query with <c>limit</c> and <c>after</c> set (the cursor of the last row kept), and sends it as a <c>Link</c> header too.
    /// </summary>
    public static (List<T> Rows, string? Next) Finish<T>(HttpContext http, List<T> rows, int limit, Func<T, string> cursor)
    {
        if (rows.Count <= limit) return (rows, null);
        rows.RemoveRange(limit, rows.Count - limit);
        var next = NextLink(http.Request, limit, cursor(rows[^1]));
        http.Response.Headers.Append("Link", $"<{next}>; rel=\"next\"");
        return (rows, next);
    }

    /// <summary>The request's path (under its path base) and query, with <c>limit</c> and <c>after</c> replaced.</summary>
    public static string NextLink(HttpRequest request, int limit, string after)
    {
        var query = request.Query
            .Where(q => !q.Key.Equals("limit", StringComparison.OrdinalIgnoreCase) && !q.Key.Equals("after", StringComparison.OrdinalIgnoreCase))
            .SelectMany(q => q.Value.Select(v => KeyValuePair.Create(q.Key, v)))
            .Append(KeyValuePair.Create("limit", (string?)limit.ToString(CultureInfo.InvariantCulture)))
            .Append(KeyValuePair.Create("after", (string?)after));
        return request.PathBase.Add(request.Path).Add(QueryString.Create(query));
    }

    private static ProblemHttpResult Bad(string parameter, string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: $"Bad value for '{parameter}'",
            extensions: new Dictionary<string, object?> { ["parameter"] = parameter });
}
