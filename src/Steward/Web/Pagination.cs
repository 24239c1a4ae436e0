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
