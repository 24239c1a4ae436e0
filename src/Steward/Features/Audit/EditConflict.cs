using System.Globalization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Data;

namespace Steward.Features.Audit;

/// <summary>
/// What someone else changed in a record while an editor had it open: the audit entries of that record above the
/// version the editor started from (<see cref="AuditEntry.Version"/>), latest first, with the names of who made them.
/// A page whose save was refused for a concurrent change puts it in <see cref="ViewDataKey"/>, and the error summary
/// shows who changed it, when and what beneath the problem, while the form keeps what the editor typed; the API
/// answers 409 with it.
/// </summary>
public sealed record EditConflict(IReadOnlyList<AuditEntry> Entries, Accounts.PeopleNames Names)
{
    public const string ViewDataKey = nameof(EditConflict);

    /// <summary>What the editor should do now, shown beneath the changes.</summary>
    public const string KeptTyping = "What you typed is still in the form. Check it against their changes, then save again to keep yours.";

    /// <summary>What the editor should do now; <see cref="KeptTyping"/> unless the page says otherwise.</summary>
    public string Advice { get; init; } = KeptTyping;

    /// <summary>Changes shown: a record rarely moves on more than once while one person edits it.</summary>
    public const int Shown = 10;

    /// <summary>
    /// The changes to the <typeparamref name="T"/> with key <paramref name="id"/> in the current organisation after
    /// <paramref name="seenVersion"/> (null: the editor saw no record, so every change since it was added), at most
    /// <see cref="Shown"/>, through the audit log's (organisation, type, key, version) index.
    /// </summary>
    public static async Task<EditConflict> SinceAsync<T>(StewardDb db, object id, int? seenVersion, CancellationToken ct = default)
    {
        var type = typeof(T).Name;
        var key = Convert.ToString(id, CultureInfo.InvariantCulture);
        var after = seenVersion ?? -1;
        var entries = await db.AuditLog.Where(a => a.EntityType == type && a.EntityId == key && a.Version > after)
            .OrderByDescending(a => a.Version).ThenByDescending(a => a.Id).Take(Shown).AsNoTracking().ToListAsync(ct);
        return new EditConflict(entries, await Accounts.PeopleNames.LoadAsync(db, AuditWords.Identities(entries), ct));
    }

    /// <summary>Loads the changes (<see cref="SinceAsync{T}"/>) for <paramref name="page"/>'s error summary to show.</summary>
    public static async Task ShowAsync<T>(PageModel page, StewardDb db, object id, int? seenVersion, string advice = KeptTyping) =>
        page.ViewData[ViewDataKey] = await SinceAsync<T>(db, id, seenVersion, page.HttpContext.RequestAborted) with { Advice = advice };

    /// <summary>
    /// Refuses a save because the <typeparamref name="T"/> <paramref name="id"/> moved on from <paramref name="seenVersion"/>:
    /// forgets the unsaved changes, adds <paramref name="message"/> to <paramref name="page"/>'s problems and the changes
    /// since for its error summary, and returns the record's version now, for the form to carry so that saving again
    /// is deliberate. The form keeps what was typed (its bound properties); <paramref name="shown"/>, the tracked record
    /// the page shows, is reloaded as it is now.
    /// </summary>
    public static async Task<int> RefuseAsync<T>(PageModel page, StewardDb db, int id, int seenVersion, string message, T? shown = null) where T : class, IVersioned
    {
        // The record the page shows (its title) as it is now, not with the refused values.
        if (shown is not null && db.Entry(shown).State != EntityState.Detached) await db.Entry(shown).ReloadAsync(page.HttpContext.RequestAborted);
        db.ChangeTracker.Clear();
        page.ModelState.AddModelError("", message);
        await ShowAsync<T>(page, db, id, seenVersion);
        return await db.Set<T>().Where(e => EF.Property<int>(e, "Id") == id).Select(e => e.Version).SingleAsync(page.HttpContext.RequestAborted);
    }

    /// <summary>The changes as the API gives them with a 409: when, who (their name), what, and each change in words.</summary>
    public object ToJson() => Entries.Select(e => new
    {
        at = DateTime.SpecifyKind(e.At, DateTimeKind.Utc),
        by = Names.Of(e.Actor),
        what = $"{AuditWords.Action(e.Action)} {AuditWords.Record(e)}",
        changes = AuditWords.Changes(e.Changes, Names),
    }).ToList();
}
