using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Common;
using Steward.Data;
using Steward.Features.Accounts;
using Steward.Features.Committees;
using Steward.Features.Organisations;
using Steward.Features.Risks;
using Steward.Web;

namespace Steward.Features.Reports;

/// <summary>
/// One quarter's pack for a committee (or the whole council) on its way to the meeting: its wording, its lead officer
/// and their sign-off of the pack as it stands, then its issue by the performance team. Open to the performance team
/// and to the pack's lead officer; the lead officer signs off, the performance team issues.
/// </summary>
public class PrepareModel(StewardDb db, CurrentUser user, TimeProvider clock) : PageModel
{
    /// <summary>Earlier issues shown, the latest first.</summary>
    public const int IssuesShown = 10;

    [BindProperty(SupportsGet = true, Name = "committee")] public int? CommitteeId { get; set; }
    [BindProperty(SupportsGet = true, Name = "period")] public string? PeriodText { get; set; }

    /// <summary>The hash of the pack the lead officer read (<see cref="PackFingerprint.Hash"/>), posted with their sign-off.</summary>
    [BindProperty] public string? Seen { get; set; }

    /// <summary>The hash of the pack as it stands, given to the sign-off form.</summary>
    public string Current { get; private set; } = "";

    [BindProperty(SupportsGet = true, Name = "signed")] public bool JustSignedOff { get; set; }

    public Committee? Committee { get; private set; }
    public Domain.Period Quarter { get; private set; }
    public SignOffState State { get; private set; } = null!;
    public List<IssuedPack> Issues { get; private set; } = [];

    public bool Manages => user.ManagesFramework;

    /// <summary>Whether the lines that changed since the sign-off may be listed: they come from the Part II pack.</summary>
    public bool MayReadChanges => !State.Pack.HasExemptContent || user.ManagesRisks() || user.Has(Role.ExemptReader);
    public bool IsLeadOfficer => user.PersonId is { } me && State.LeadOfficer?.Id == me;

    /// <summary>The query that names this pack on the other pages: "committee=3&amp;period=2017-09".</summary>
    public string Query => $"committee={Committee?.Id.ToString() ?? ""}&period={Quarter}";

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ?? Page();

    public async Task<IActionResult> OnPostSignOffAsync()
    {
        if (await LoadAsync() is { } refused) return refused;
        if (!IsLeadOfficer) return Forbid();
        var organisation = user.RequireOrganisation();
        var me = await db.People.SingleAsync(p => p.Id == user.PersonId, HttpContext.RequestAborted);
        try
        {
            await PackIssuer.SignOffAsync(db, organisation, Committee, Quarter, organisation.Today(clock), me, user.ManagesRisks() || user.Has(Role.ExemptReader),
                Seen ?? "", clock.GetUtcNow().UtcDateTime, HttpContext.RequestAborted);
            return Redirect($"/reports/prepare?{Query}&signed=true");
        }
        catch (Exception e) when (e is PackRefusedException or DbUpdateException)
        {
            return await RefusedAsync(e is PackRefusedException ? e.Message : "Someone else changed this pack at the same moment: read it again, then sign it off.");
        }
    }

    public async Task<IActionResult> OnPostIssueAsync()
    {
        if (await LoadAsync() is { } refused) return refused;
        if (!Manages) return Forbid();
        var organisation = user.RequireOrganisation();
        try
        {
            var issued = await PackIssuer.IssueAsync(db, organisation, Committee, Quarter, organisation.Today(clock), user.Account!.DisplayName,
                clock.GetUtcNow().UtcDateTime, HttpContext.RequestAborted);
            return Redirect($"/reports/issued/{issued.Id}");
        }
        catch (Exception e) when (e is PackRefusedException or DbUpdateException)
        {
            return await RefusedAsync(e is PackRefusedException ? e.Message
                : "Someone else issued this pack at the same moment. Look at its issues below, then issue again if it is still needed.");
        }
    }

    private async Task<IActionResult> RefusedAsync(string message)
    {
        db.ChangeTracker.Clear();
        await LoadAsync();
        ModelState.AddModelError("", message);
        return Page();
    }

    /// <summary>Loads the pack asked for; NotFound when the committee or quarter is not one of this council's, Forbid when the user may not prepare it.</summary>
    private async Task<IActionResult?> LoadAsync()
    {
        var organisation = user.RequireOrganisation();
        if (!Domain.Period.TryParse(PeriodText, out var quarter) || !PackBuilder.IsQuarterEnd(quarter)) return NotFound();
        Quarter = quarter;
        if (CommitteeId is { } id && (Committee = await db.Committees.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id)) is null) return NotFound();
        var ct = HttpContext.RequestAborted;
        State = await PackIssuer.SignOffStateAsync(db, organisation, Committee, Quarter, organisation.Today(clock), ct);
        if (!Manages && !IsLeadOfficer) return Forbid();
        var scope = Committee?.Id ?? 0;
        Issues = await db.IssuedPacks.Where(p => p.Scope == scope && p.Period == Quarter).OrderByDescending(p => p.Number).Take(IssuesShown).AsNoTracking().ToListAsync(ct);
        Current = PackFingerprint.Hash(State.Fingerprint);
        return null;
    }

    /// <summary>How many fields come from where: "2 fields written for this pack, 1 from the standing wording, 11 Steward's standard wording".</summary>
    public string WordingSummary() =>
        string.Join(", ", PackWording.Fields.GroupBy(State.Setting.Wording.Source).OrderBy(g => g.Key)
            .Select(g => $"{Show.Count(g.Count(), "field")} {PackWording.Describe(g.Key)}"));
}
