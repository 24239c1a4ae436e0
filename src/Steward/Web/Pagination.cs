namespace Steward.Web;

/// <summary>
/// A list's pages for the GOV.UK pagination component: the current page, how many there are, the address of page n,
/// and what the pages are of (for assistive technology). Long runs of pages collapse to an ellipsis.
/// </summary>
public sealed record Pagination(int Page, int PageCount, Func<int, string> Link, string Label)
{
    /// <summary>The page numbers to show (first, last, and the current one with its neighbours); null stands for an ellipsis.</summary>
    public IReadOnlyList<int?> Items
    {
        get
        {
            var shown = new SortedSet<int> { 1, PageCount, Page - 1, Page, Page + 1 };
            shown.RemoveWhere(n => n < 1 || n > PageCount);
            var items = new List<int?>();
            int? previous = null;
            foreach (var n in shown)
            {
                if (previous is { } p && n > p + 1) items.Add(null);
                items.Add(n);
                previous = n;
            }
            return items;
        }
    }
}

/// <summary>Addresses of a page with its settings in the query string.</summary>
public static class PageAddress
{
    /// <summary>
    /// <paramref name="path"/> with the settings that have a value (null or empty ones are left out, so a default setting
    /// gives the plain address), escaped; e.g. <c>("/risks", ("q", "fire"), ("pg", null))</c> gives <c>/risks?q=fire</c>.
    /// </summary>
    public static string Of(string path, params (string Key, string? Value)[] settings) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(path,
            settings.Where(s => !string.IsNullOrEmpty(s.Value)).Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));

    /// <summary>A page number as a setting: null for the first page, so page 1's address is the plain one.</summary>
    public static string? PageNumber(int page) => page > 1 ? page.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>A yes/no setting: "true", or null (left out) when off.</summary>
    public static string? Flag(bool on) => on ? "true" : null;
}
