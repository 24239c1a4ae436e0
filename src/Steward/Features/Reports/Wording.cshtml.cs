using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Features.Committees;
using Steward.Features.Organisations;
using Steward.Web;

namespace Steward.Features.Reports;

/// <summary>
/// The words of a committee's (or the whole council's) quarterly pack: with a quarter, that quarter's pack; without,
/// the standing wording every quarter's pack starts from. Each field shows the words the pack prints, with
/// placeholders; words equal to what the field would inherit (the standing wording, else Steward's standard) are not
/// stored, so later changes to the standing wording still reach it. The performance team edits both, and chooses the
/// lead officer; a quarter's lead officer may edit that quarter's words.
/// </summary>
public class WordingModel(StewardDb db, CurrentUser user, TimeProvider clock) : PageModel
{
    private const string Conflict = "Someone else changed this wording after you opened it, so your change was not saved";

    [BindProperty(SupportsGet = true, Name = "committee")] public int? CommitteeId { get; set; }
    [BindProperty(SupportsGet = true, Name = "period")] public string? PeriodText { get; set; }

    /// <summary>The words posted, by field key.</summary>
    [BindProperty] public Dictionary<string, string?> Texts { get; set; } = [];

    /// <summary>The lead officer's name posted; empty to follow the standing choice.</summary>
    [BindProperty] public string? LeadOfficer { get; set; }

    /// <summary>The version of the draft the form was read from; -1 when there was none.</summary>
    [BindProperty] public int Version { get; set; } = -1;

    [BindProperty(SupportsGet = true, Name = "saved")] public bool Saved { get; set; }

    public Committee? Committee { get; private set; }

    /// <summary>The quarter; null for the standing wording.</summary>
    public Domain.Period? Quarter { get; private set; }

    public PackWordingSet Wording { get; private set; } = null!;

    /// <summary>The values of the placeholders for this quarter's pack; null for the standing wording.</summary>
    public IReadOnlyDictionary<string, string>? Values { get; private set; }

    /// <summary>Who leads the pack when this page names no one: the standing choice, the work programme's, or the clerk.</summary>
    public string InheritedLead { get; private set; } = "";

    public bool Manages => user.ManagesFramework;
    public bool IsStanding => Quarter is null;
    public PackDraft? Draft => IsStanding ? Wording.StandingDraft : Wording.Draft;
    public string Query => $"committee={Committee?.Id.ToString() ?? ""}" + (Quarter is { } q ? $"&period={q}" : "");

    public async Task<IActionResult> OnGetAsync()
    {
        if (await LoadAsync(tracking: false) is { } refused) return refused;
        Version = Draft?.Version ?? -1;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var ct = HttpContext.RequestAborted;
        if (await LoadAsync(tracking: true) is { } refused) return refused;
        if ((Draft?.Version ?? -1) != Version) return await RefusedAsync();
        var written = new Dictionary<string, string>();
        foreach (var field in PackWording.Fields)
        {
            var text = PackWording.Normalise(Texts.GetValueOrDefault(field.Key));
            if (PackWording.Check(field, text) is { } error) ModelState.AddModelError($"text-{field.Key}", error);
            written[field.Key] = text;
        }
        var lead = LeadOfficer?.Trim() ?? "";
        if (lead.Length > 200) ModelState.AddModelError("lead", "Enter the lead officer's name, up to 200 characters");
        if (!ModelState.IsValid) return Page();

        var draft = Draft;
        if (draft is null) db.PackDrafts.Add(draft = PackDraft.For(Committee?.Id, Quarter?.Key ?? PackDraft.Standing));
        foreach (var field in PackWording.Fields)
        {
            var text = written[field.Key];
            var own = draft.Texts.FirstOrDefault(t => t.Field == field.Key);
            if (text.Length == 0 || text == Wording.Inherited(field, IsStanding))
            {
                if (own is not null) draft.Texts.Remove(own);
            }
            else if (own is null) draft.Texts.Add(new PackText { Field = field.Key, Text = text });
            else own.Text = text;
        }
        if (Manages)
        {
            var person = lead.Length == 0 || lead.Equals(InheritedLead, StringComparison.OrdinalIgnoreCase) ? null : await new NameResolver(db).PersonAsync(lead, ct);
            draft.LeadOfficer = person;
            draft.LeadOfficerId = person?.Id;
        }
        // The draft's version moves with any change to its words, so a form read before them is refused.
        if (draft.Id != 0 && db.ChangeTracker.HasChanges()) db.Entry(draft).Property(d => d.Version).IsModified = true;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            await LoadAsync(tracking: false);
            return await RefusedAsync();
        }
        return Redirect($"/reports/wording?{Query}&saved=true");
    }

    /// <summary>
    /// The wording moved on from the version posted: what was typed stays in the form, the changes made since are shown
    /// (who, when, which words), and the form takes the version now, so that saving again is deliberate.
    /// </summary>
    private async Task<IActionResult> RefusedAsync()
    {
        Refused = true;
        ModelState.AddModelError("", Conflict);
        if (Draft is { } draft) await Audit.EditConflict.ShowAsync<PackDraft>(this, db, draft.Id, Version < 0 ? null : Version);
        ModelState.Remove(nameof(Version));
        Version = Draft?.Version ?? -1;
        return Page();
    }

    /// <summary>The words a field shows: as posted after an error, else as the pack prints them (with placeholders).</summary>
    public string TextOf(WordingField field) =>
        Texts.TryGetValue(field.Key, out var posted) && posted is not null ? posted : SavedTextOf(field);

    /// <summary>The words a field has as saved now (as the pack prints them, with placeholders).</summary>
    public string SavedTextOf(WordingField field) =>
        IsStanding ? Wording.StandingDraft?.Texts.FirstOrDefault(t => t.Field == field.Key)?.Text ?? field.Standard : Wording.Text(field);

    /// <summary>After a save refused because someone else changed the wording: the words saved now where they differ from what was typed.</summary>
    public string? TheirsOf(WordingField field) =>
        Refused && Texts.TryGetValue(field.Key, out var posted) && posted is not null
        && PackWording.Normalise(posted) != PackWording.Normalise(SavedTextOf(field)) ? SavedTextOf(field) : null;

    /// <summary>Whether a save was refused because someone else changed the wording.</summary>
    public bool Refused { get; private set; }

    /// <summary>The lead officer's name the field shows.</summary>
    public string LeadOf() => LeadOfficer ?? Draft?.LeadOfficer?.Name ?? "";

    public string? Error(string key) => ModelState[key]?.Errors.FirstOrDefault()?.ErrorMessage;

    private async Task<IActionResult?> LoadAsync(bool tracking)
    {
        var organisation = user.RequireOrganisation();
        var ct = HttpContext.RequestAborted;
        if (PeriodText is { Length: > 0 })
        {
            if (!Domain.Period.TryParse(PeriodText, out var q) || !PackBuilder.IsQuarterEnd(q)) return NotFound();
            Quarter = q;
        }
        if (CommitteeId is { } id && (Committee = await db.Committees.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct)) is null) return NotFound();
        if (Quarter is { } quarter)
        {
            var setting = await PackBuilder.SettingAsync(db, organisation, new PackRequest(Committee, quarter, false, organisation.Today(clock)), tracking, ct);
            Wording = setting.Wording;
            Values = setting.Values;
            InheritedLead = setting.InheritedLeadOfficer?.Name ?? "";
            var isLead = user.PersonId is { } me && setting.LeadOfficer?.Id == me;
            if (!Manages && !isLead) return Forbid();
        }
        else
        {
            if (!Manages) return Forbid();
            Wording = await PackWordingSet.LoadAsync(db, Committee?.Id, null, tracking, ct);
        }
        return null;
    }
}
