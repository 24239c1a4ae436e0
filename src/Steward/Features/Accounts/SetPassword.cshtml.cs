using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Web;

namespace Steward.Features.Accounts;

/// <summary>
/// Setting a password from a one-time link (<see cref="AccountLink"/>): an invitation's first password or a reset. The
/// link works once and expires; a used, withdrawn, expired or unknown link gets the same answer. Setting the password
/// ends every sign-in of the person; they then sign in with it.
/// </summary>
[AllowAnonymous]
[NoOrganisationRequired]
public class SetPasswordModel(StewardDb db, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public string? Confirm { get; set; }

    /// <summary>The open link, or null when the link does not work.</summary>
    public AccountLink? Link { get; private set; }

    public async Task OnGetAsync() => Link = await AccountLinks.FindAsync(db, Token, clock.GetUtcNow().UtcDateTime, HttpContext.RequestAborted);

    public async Task<IActionResult> OnPostAsync()
    {
        var ct = HttpContext.RequestAborted;
        var now = clock.GetUtcNow().UtcDateTime;
        Link = await AccountLinks.FindAsync(db, Token, now, ct);
        if (Link is null) return Page();
        var account = Link.Account!;
        if (await AccountManager.NewPasswordProblemAsync(db, account, Password, Confirm, ct) is var (field, message))
        {
            ModelState.AddModelError(field, message);
            return Page();
        }

        if (!await AccountLinks.UseAsync(db, Link, now, ct))
        {
            Link = null;
            return Page();
        }
        var tracked = await db.Accounts.SingleAsync(a => a.Id == account.Id, ct);
        AccountManager.SetPassword(tracked, Password!);
        db.Actor = account.NormalisedEmail;
        db.Channel = "web";
        db.Record(Link.Purpose == LinkPurpose.Invitation ? "password-set-from-invitation" : "password-reset", nameof(Account),
            account.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), account.Email, null, organisationId: 0);
        await db.SaveChangesAsync(ct);
        await SignInSessions.EndAllAsync(db, account.Id, "password changed", now, ct: ct);
        return Redirect("/sign-in?set=true");
    }

    public string? Error(string key) => ModelState[key]?.Errors.FirstOrDefault()?.ErrorMessage;
}
