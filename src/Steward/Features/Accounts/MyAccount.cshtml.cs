using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Web;

namespace Steward.Features.Accounts;

/// <summary>
/// The signed-in person's own account: their name, their password (the current one first; changing it ends their other
/// sign-ins), and the browsers they are signed in on, which they can sign out.
/// </summary>
[NoOrganisationRequired]
public class MyAccountModel(StewardDb db, CurrentUser user, TimeProvider clock) : PageModel
{
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Current { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public string? Confirm { get; set; }
    [BindProperty(SupportsGet = true, Name = "done")] public string? Done { get; set; }

    /// <summary>What the change just made did, for the success banner.</summary>
    public string DoneMessage => Done switch
    {
        "name" => "Name saved.",
        "password" => "Password changed. Your other sign-ins have ended.",
        "others" => "Your other sign-ins have ended.",
        "two-factor-off" => "Two-factor authentication is off. Your other sign-ins have ended.",
        _ => "Done.",
    };

    public List<SignInSession> Sessions { get; private set; } = [];
    public string ThisSession => user.SessionKey is { } key ? SignInSessions.Hash(key) : "";
    public Account Me => user.Account!;

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostNameAsync()
    {
        var name = Name?.Trim() ?? "";
        if (name.Length == 0) ModelState.AddModelError("name", "Enter your full name");
        else if (name.Length > 200) ModelState.AddModelError("name", "Enter a name of 200 characters or fewer");
        if (!ModelState.IsValid) return await PageAsync();
        var account = await db.Accounts.SingleAsync(a => a.Id == Me.Id, HttpContext.RequestAborted);
        account.DisplayName = name;
        await db.SaveChangesAsync(HttpContext.RequestAborted);
        return Redirect("/account?done=name");
    }

    public async Task<IActionResult> OnPostPasswordAsync()
    {
        var ct = HttpContext.RequestAborted;
        var account = await db.Accounts.SingleAsync(a => a.Id == Me.Id, ct);
        if (!await AccountManager.ConfirmPasswordAsync(db, account, Current, clock.GetUtcNow().UtcDateTime, ct))
            ModelState.AddModelError("current", "Enter your current password (after several wrong ones, wait a few minutes)");
        if (await AccountManager.NewPasswordProblemAsync(db, account, Password, Confirm, ct) is var (field, message)) ModelState.AddModelError(field, message);
        if (!ModelState.IsValid) return await PageAsync();

        AccountManager.SetPassword(account, Password!);
        db.Record("password-changed", nameof(Account), account.Id.ToString(), account.Email, null, organisationId: 0);
        await db.SaveChangesAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        await SignInSessions.EndAllAsync(db, account.Id, "password changed", now, user.SessionKey, ct);
        // This browser stays signed in: its cookie carries the new security stamp.
        await HttpContext.SignInAsync(Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationDefaults.AuthenticationScheme,
            CurrentUser.Principal(account, user.Organisation?.Id ?? 0, user.SessionKey!, user.SsoCouncil));
        return Redirect("/account?done=password");
    }

    public async Task<IActionResult> OnPostSignOutOthersAsync()
    {
        await SignInSessions.EndAllAsync(db, Me.Id, "signed out from another browser", clock.GetUtcNow().UtcDateTime, user.SessionKey, HttpContext.RequestAborted);
        return Redirect("/account?done=others");
    }

    private async Task<IActionResult> PageAsync()
    {
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        Sessions = await db.SignInSessions.Where(s => s.AccountId == Me.Id && s.EndedAt == null && s.CreatedAt > now - TimeSpan.FromDays(1))
            .OrderByDescending(s => s.LastSeenAt).Take(20).AsNoTracking().ToListAsync(HttpContext.RequestAborted);
        Name ??= Me.DisplayName;
    }

    public string? Error(string key) => ModelState[key]?.Errors.FirstOrDefault()?.ErrorMessage;
}
