using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Web;

namespace Steward.Features.Notices;

/// <summary>
/// A person's choice, per kind of notice, of an e-mail for each, a daily digest or no e-mail (the mandatory kinds —
/// returned to you, awaiting your approval — only each or digest). Applies in every council they belong to; notices are
/// listed in the app whatever the choice. Audit-logged.
/// </summary>
[NoOrganisationRequired]
public class PreferencesModel(StewardDb db, CurrentUser user, Mailer mailer) : PageModel
{
    public Dictionary<NoticeKind, NoticeDelivery> Choices { get; private set; } = [];
    public bool Saved { get; private set; }
    public bool EmailOn => mailer.Settings.Enabled;

    public async Task OnGetAsync(bool saved)
    {
        Saved = saved;
        Choices = await LoadAsync();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var ct = HttpContext.RequestAborted;
        var chosen = new Dictionary<NoticeKind, NoticeDelivery>();
        foreach (var (kind, title, _) in NoticeKinds.All)
        {
            var posted = Request.Form[Field(kind)].ToString();
            var delivery = NoticeKinds.Choices(kind).Where(d => NoticeKinds.Value(d) == posted).Select(d => (NoticeDelivery?)d).FirstOrDefault();
            if (delivery is null) ModelState.AddModelError(Field(kind), NoticeKinds.IsMandatory(kind)
                ? $"Choose an e-mail for each or the daily digest for “{title}”: it cannot be turned off"
                : $"Choose how “{title}” is e-mailed");
            else chosen[kind] = delivery.Value;
        }
        if (!ModelState.IsValid)
        {
            Choices = await LoadAsync();
            foreach (var (k, d) in chosen) Choices[k] = d;
            return Page();
        }
        var account = user.Account!.Id;
        var rows = await db.NoticePreferences.Where(p => p.AccountId == account).ToDictionaryAsync(p => p.Kind, ct);
        foreach (var (kind, delivery) in chosen)
        {
            if (rows.TryGetValue(kind, out var row)) row.Delivery = delivery;
            else if (delivery != NoticeDelivery.Immediate) db.NoticePreferences.Add(new NoticePreference { AccountId = account, Kind = kind, Delivery = delivery });
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (SaveConflict.Is(e))
        {
            // Saved at the same moment in another tab: that choice stands; this page shows it.
            return LocalRedirect("/account/notices");
        }
        return LocalRedirect("/account/notices?saved=true");
    }

    public static string Field(NoticeKind kind) => $"kind-{(int)kind}";

    public string? Error(NoticeKind kind) => ModelState[Field(kind)]?.Errors.FirstOrDefault()?.ErrorMessage;

    private async Task<Dictionary<NoticeKind, NoticeDelivery>> LoadAsync()
    {
        var account = user.Account!.Id;
        var stored = await db.NoticePreferences.Where(p => p.AccountId == account).ToDictionaryAsync(p => p.Kind, p => p.Delivery, HttpContext.RequestAborted);
        return NoticeKinds.All.ToDictionary(k => k.Kind, k => NoticeKinds.Allowed(k.Kind, stored.GetValueOrDefault(k.Kind, NoticeDelivery.Immediate)));
    }
}
