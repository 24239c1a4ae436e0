using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Common;
using Steward.Data;
using Steward.Features.Accounts;
using Steward.Web;

namespace Steward.Features.Audit;

/// <summary>
/// The audit trail of the council (administrators and performance officers): every change, sign-in and import, latest
/// first, 50 a page, searched by person, kind of record, name, date and channel, each entry in words with its
/// before → after; and the same as CSV. Sign-ins and account changes of the council's people are included. Pages go
/// back by the last entry shown, so a page reads 50 entries however long the log.
/// </summary>
[RequireRole(Role.PerformanceOfficer, Role.Administrator)]
public class IndexModel(StewardDb db, CurrentUser user) : PageModel
{
    public const int PageSize = 50;

    /// <summary>Kinds of record offered in the filter, with their names in the log.</summary>
    public static readonly IReadOnlyList<(string Type, string Name)> Kinds =
    [
        ("Indicator", "Indicators"), ("Result", "Results"), ("Target", "Targets"), ("IndicatorAction", "Indicator actions"), ("Assignment", "Assignments"),
        ("Risk", "Risks"), ("RiskReview", "Risk reviews"), ("RiskControl", "Risk controls"), ("RiskAction", "Risk actions"),
        ("Committee", "Committees"), ("Meeting", "Meetings"), ("WorkProgrammeItem", "Work programme items"), ("FollowUpAction", "Follow-up actions"),
        ("PackText", "Pack wording"), ("IssuedPack", "Issued packs"), ("Account", "Accounts and sign-ins"), ("Membership", "Roles"),
        ("Organisation", "Council settings"),
    ];

    public static readonly IReadOnlyList<string> Channels = ["web", "api", "cli", "system"];

    [BindProperty(SupportsGet = true)] public string? Who { get; set; }
    [BindProperty(SupportsGet = true)] public string? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public string? Name { get; set; }
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? Channel { get; set; }

    /// <summary>Show entries older than this one (its id); null for the latest.</summary>
    [BindProperty(SupportsGet = true)] public long? Before { get; set; }

    public List<AuditEntry> Entries { get; private set; } = [];
    public bool More { get; private set; }
    public PeopleNames Names { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync()
    {
        if (Query() is not { } query) return Page();
        if (Before is { } before) query = query.Where(a => a.Id < before);
        var rows = await query.OrderByDescending(a => a.Id).Take(PageSize + 1).AsNoTracking().ToListAsync(HttpContext.RequestAborted);
        More = rows.Count > PageSize;
        Entries = rows.Take(PageSize).ToList();
        Names = await PeopleNames.LoadAsync(db, AuditWords.Identities(Entries), HttpContext.RequestAborted);
        return Page();
    }

    /// <summary>Every entry the filters match, as CSV: when (ISO, UTC), who, channel, what, record, changes in words.</summary>
    public async Task<IActionResult> OnGetCsvAsync()
    {
        if (Query() is not { } query) return Page();
        var ct = HttpContext.RequestAborted;
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = $"attachment; filename=\"{user.RequireOrganisation().Code.ToLowerInvariant()}-audit.csv\"";
        await using var body = new StreamWriter(Response.Body, new System.Text.UTF8Encoding(false)) { NewLine = "\n" };
        await body.WriteAsync(CsvExport.ToText(csv => csv.Row("at", "who", "channel", "action", "record", "changes")));
        // In batches by id, each written as it is read, so a long log streams in steady memory.
        long? before = null;
        while (true)
        {
            var batch = query;
            if (before is { } b) batch = batch.Where(a => a.Id < b);
            var rows = await batch.OrderByDescending(a => a.Id).Take(1000).AsNoTracking().ToListAsync(ct);
            if (rows.Count == 0) break;
            await body.WriteAsync(CsvExport.ToText(csv =>
            {
                foreach (var e in rows)
                    csv.Row(e.At.ToString("yyyy-MM-ddTHH:mm:ssZ"), e.Actor, e.Channel, AuditWords.Action(e.Action), AuditWords.Record(e), string.Join("; ", AuditWords.Changes(e.Changes)));
            }));
            before = rows[^1].Id;
        }
        await body.FlushAsync(ct);
        return new EmptyResult();
    }

    /// <summary>The entries the filters match, unordered; null (with errors) when a filter cannot be read.</summary>
    private IQueryable<AuditEntry>? Query()
    {
        var organisationId = user.RequireOrganisation().Id;
        // The council's own entries, and its people's sign-ins and account changes (recorded for no council).
        var people = db.Memberships.Where(m => m.OrganisationId == organisationId).Select(m => m.AccountId.ToString());
        var query = db.AuditLog.IgnoreQueryFilters()
            .Where(a => a.OrganisationId == organisationId || ((a.OrganisationId == null || a.OrganisationId == 0) && a.EntityType == "Account" && people.Contains(a.EntityId!)));
        if (!string.IsNullOrWhiteSpace(Who)) { var who = Who.Trim().ToLowerInvariant(); query = query.Where(a => a.Actor.Contains(who)); }
        if (!string.IsNullOrWhiteSpace(Kind))
        {
            if (Kinds.All(k => k.Type != Kind)) ModelState.AddModelError("kind", "Choose a kind of record from the list");
            else query = query.Where(a => a.EntityType == Kind);
        }
        if (!string.IsNullOrWhiteSpace(Name)) { var name = Name.Trim(); query = query.Where(a => a.Label != null && a.Label.Contains(name)); }
        if (Date(From, "from") is { } from) { var f = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc); query = query.Where(a => a.At >= f); }
        if (Date(To, "to") is { } to) { var t = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc); query = query.Where(a => a.At < t); }
        if (!string.IsNullOrWhiteSpace(Channel))
        {
            if (!Channels.Contains(Channel)) ModelState.AddModelError("channel", "Choose a channel from the list");
            else query = query.Where(a => a.Channel == Channel);
        }
        return ModelState.IsValid ? query : null;
    }

    private DateOnly? Date(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", out var d)) return d;
        ModelState.AddModelError(field, $"Enter the '{field}' date as year-month-day, like 2018-03-06");
        return null;
    }

    /// <summary>This page's address with its filters, going back from <paramref name="before"/>, or as CSV.</summary>
    public string Link(long? before = null, bool csv = false) => PageAddress.Of("/manage/audit",
        ("who", Who), ("kind", Kind), ("name", Name), ("from", From), ("to", To), ("channel", Channel),
        ("before", before?.ToString()), ("handler", csv ? "Csv" : null));

    public string? Error(string key) => ModelState[key]?.Errors.FirstOrDefault()?.ErrorMessage;
}
