using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Features.Notices;
using Steward.Web;

namespace Steward.Features.Accounts;

/// <summary>
/// "Forgotten your password?": with an e-mail server set up, a person asks for a reset link (an invitation link if they
/// never set a password) by their address. The answer is the same whether or not the address has an account, and
/// requests are throttled per address typed (three, then waits of up to 15 minutes) and per client address, so the page
/// can be used neither to find out who has an account nor to flood someone's inbox. Without e-mail it sends people to
/// their administrator.
/// </summary>
[AllowAnonymous]
[NoOrganisationRequired]
public class ForgotPasswordModel(StewardDb db, TimeProvider clock, Mailer mailer, ILogger<ForgotPasswordModel> log) : PageModel
{
    /// <summary>Reset requests for an address: the third starts a wait (1, 2, 4, 8, then 15 minutes between requests), remembered for a day.</summary>
    public static readonly ThrottleRule PerAddress = new(2, TimeSpan.FromHours(24));

    [BindProperty] public string? Email { get; set; }

    public bool EmailOn => mailer.Settings.Enabled;

    /// <summary>The address a link was asked for (shown in the answer).</summary>
    public string? Asked { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!EmailOn) return Page();
        var email = Email?.Trim() ?? "";
        if (email.Length is 0 or > 320 || !AccountManager.IsValidEmail(email))
        {
            ModelState.AddModelError("email", "Enter your e-mail address, like name@council.gov.uk");
            return Page();
        }
        var ct = HttpContext.RequestAborted;
        var now = clock.GetUtcNow().UtcDateTime;
        var key = Account.Normalise(email);
        Asked = email;
        db.Actor = key;
        if (!await SignInThrottles.TryAttemptAsync(db, "reset:" + key, PerAddress, now, ct)
            || !await SignInThrottles.TryAttemptAsync(db, "reset-" + SignInThrottles.AddressKey(HttpContext.Connection.RemoteIpAddress?.ToString()), ThrottleRule.Address, now, ct))
            return Page();
        var account = await db.Accounts.Include(a => a.Memberships).ThenInclude(m => m.Organisation)
            .SingleOrDefaultAsync(a => a.NormalisedEmail == key && a.DeactivatedAt == null, ct);
        var councils = account?.Memberships.Where(m => m.Roles != Role.None).Select(m => m.Organisation!.Name).Order(StringComparer.Ordinal).ToList() ?? [];
        if (account is null || councils.Count == 0) return Page();
        var purpose = account.PasswordHash is null ? LinkPurpose.Invitation : LinkPurpose.PasswordReset;
        var issued = await AccountLinks.IssueAndSendAsync(db, mailer, account, purpose, key, $"{Request.Scheme}://{Request.Host}", string.Join(" and ", councils), now, log, ct);
        db.Record(issued.Emailed ? "password-reset-link-requested" : "password-reset-link-not-sent", nameof(Account), account.Id.ToString(), account.Email, null);
        await db.SaveChangesAsync(ct);
        return Page();
    }
}
