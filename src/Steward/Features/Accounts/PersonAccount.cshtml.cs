using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Web;

namespace Steward.Features.Accounts;

/// <summary>
/// One person's account as the council's administrator sees it: their roles here (changed together, refused if the
/// council would be left without an administrator), a one-time link to set a password, signing them out everywhere,
/// and removing them from the council (their roles here go; with no roles left anywhere the account is deactivated, and
/// never deleted). Every change ends the person's sign-ins and is audit-logged.
/// </summary>
[RequireRole(Role.Administrator)]
public class PersonAccountModel(StewardDb db, CurrentUser user, TimeProvider clock, Notices.Mailer mailer, ILogger<PersonAccountModel> log) : PageModel
{
    private const string Conflict = "Someone else changed this account while you were looking at it. It is shown as it is now: make your change again.";

    [BindProperty] public List<string> Roles { get; set; } = [];

    /// <summary>The account's security stamp when the form was read: any change to it since (roles, password) refuses the form.</summary>
    [BindProperty] public string? Stamp { get; set; }

    public Membership Membership { get; private set; } = null!;
    public Account Account => Membership.Account!;
    public int OpenSessions { get; private set; }
    public bool IsMe => Account.Id == user.Account!.Id;

    /// <summary>A link just issued: its address, expiry and whether it is an invitation.</summary>
    public IssuedLink? Issued { get; private set; }

    [BindProperty(SupportsGet = true, Name = "done")] public string? Done { get; set; }

    /// <summary>What the change just made did, for the success banner.</summary>
    public string DoneMessage => Done switch
    {
        "roles" => "Roles changed. The person's sign-ins have ended: they sign in again to use their new roles.",
        "signed-out" => "Signed out everywhere.",
        "removed" => "Removed from this council. Their name stays in the history.",
        "two-factor" => "Two-factor authentication reset: they set it up again when they next sign in, if it is required.",
        _ => "Done.",
    };

    public async Task<IActionResult> OnGetAsync(int id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostRolesAsync(int id)
    {
        if (!await LoadAsync(id, tracking: true)) return NotFound();
        if (Stamp != Account.SecurityStamp) return Refused("roles", Conflict);
        var roles = Role.None;
        foreach (var name in Roles)
            if (RoleNames.TryParse(name, out var role)) roles |= role;
            else return Refused("roles", $"Choose roles from the list ('{name}' is not one)");
        if ((roles & ~Role.ExemptReader) == Role.None) return Refused("roles", "Choose at least one role (the exempt-reader clearance goes with a role)");
        if (Membership.Roles.HasFlag(Role.Administrator) && !roles.HasFlag(Role.Administrator) && !await OtherAdministratorAsync())
            return Refused("roles", "The council needs at least one administrator: make someone else an administrator first");
        if (roles == Membership.Roles) return Redirect($"/manage/people/{id}");
        Membership.Roles = roles;
        Account.DeactivatedAt = null;
        await SaveAndEndSessionsAsync("roles changed");
        return Redirect($"/manage/people/{id}?done=roles");
    }

    /// <summary>
    /// Someone who also holds roles in another council on this service: their password and second factor are not this
    /// council's to change (one council's administrator must never be able to take over another council's people).
    /// </summary>
    private Task<bool> WorksElsewhereAsync()
    {
        var (accountId, organisationId) = (Account.Id, Membership.OrganisationId);
        return db.Memberships.AnyAsync(m => m.AccountId == accountId && m.OrganisationId != organisationId && m.Roles != Role.None);
    }

    public const string NotOurs = "This person also works for another council on this Steward service, so their password and two-factor authentication are theirs to change (on their account page) or the service's operators'.";

    public async Task<IActionResult> OnPostLinkAsync(int id)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (Membership.Roles == Role.None) return Refused("", "Give the person a role here before a link to set a password");
        if (await WorksElsewhereAsync()) return Refused("", NotOurs);
        var now = clock.GetUtcNow().UtcDateTime;
        var invitation = Account.PasswordHash is null;
        var purpose = invitation ? LinkPurpose.Invitation : LinkPurpose.PasswordReset;
        Issued = await AccountLinks.IssueAndSendAsync(db, mailer, Account, purpose, user.Email, $"{Request.Scheme}://{Request.Host}",
            user.RequireOrganisation().Name, now, log, HttpContext.RequestAborted);
        db.Record($"{(invitation ? "invitation" : "password-reset")}-link-{(Issued.Emailed ? "emailed" : "issued")}", nameof(Account), Account.Id.ToString(), Account.Email, null);
        await db.SaveChangesAsync(HttpContext.RequestAborted);
        return Page();
    }

    /// <summary>Turns the person's second factor off (a lost phone and no recovery codes): they set it up again at their next sign-in where it is required.</summary>
    public async Task<IActionResult> OnPostResetTwoFactorAsync(int id)
    {
        if (!await LoadAsync(id, tracking: true)) return NotFound();
        if (Account.TwoFactorSince is null) return Redirect($"/manage/people/{id}");
        if (await WorksElsewhereAsync()) return Refused("", NotOurs);
        await TwoFactor.TurnOffAsync(db, Account, HttpContext.RequestAborted);
        db.Record("two-factor-reset", nameof(Account), Account.Id.ToString(), Account.Email, null);
        await SaveAndEndSessionsAsync("two-factor reset by an administrator");
        return Redirect($"/manage/people/{id}?done=two-factor");
    }

    public async Task<IActionResult> OnPostSignOutAsync(int id)
    {
        if (!await LoadAsync(id, tracking: true)) return NotFound();
        Account.SecurityStamp = Guid.NewGuid().ToString("N");
        await SaveAndEndSessionsAsync("signed out by an administrator");
        return Redirect($"/manage/people/{id}?done=signed-out");
    }

    public async Task<IActionResult> OnPostRemoveAsync(int id)
    {
        if (!await LoadAsync(id, tracking: true)) return NotFound();
        if (IsMe) return Refused("", "You cannot remove yourself: ask another administrator");
        if (Stamp != Account.SecurityStamp) return Refused("", Conflict);
        if (Membership.Roles.HasFlag(Role.Administrator) && !await OtherAdministratorAsync())
            return Refused("", "The council needs at least one administrator: make someone else an administrator first");
        Membership.Roles = Role.None;
        // With no roles in any council the account cannot sign in at all, and its API tokens stop working.
        if (!await db.Memberships.IgnoreQueryFilters().AnyAsync(m => m.AccountId == Account.Id && m.Id != Membership.Id && m.Roles != Role.None))
            Account.DeactivatedAt = clock.GetUtcNow().UtcDateTime;
        await SaveAndEndSessionsAsync("removed from the council");
        return Redirect($"/manage/people/{id}?done=removed");
    }

    private async Task SaveAndEndSessionsAsync(string because)
    {
        Account.SecurityStamp = Guid.NewGuid().ToString("N");
        await db.SaveChangesAsync(HttpContext.RequestAborted);
        await SignInSessions.EndAllAsync(db, Account.Id, because, clock.GetUtcNow().UtcDateTime, IsMe ? user.SessionKey : null, HttpContext.RequestAborted);
        // An administrator changing their own account stays signed in here, with the new stamp.
        if (IsMe)
            await Microsoft.AspNetCore.Authentication.AuthenticationHttpContextExtensions.SignInAsync(HttpContext,
                Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationDefaults.AuthenticationScheme,
                CurrentUser.Principal(Account, Membership.OrganisationId, user.SessionKey!, user.SsoCouncil));
    }

    private Task<bool> OtherAdministratorAsync()
    {
        var organisationId = Membership.OrganisationId;
        return db.Memberships.AnyAsync(m => m.OrganisationId == organisationId && m.Id != Membership.Id && m.Account!.DeactivatedAt == null &&
                                           ((int)m.Roles & (int)Role.Administrator) != 0);
    }

    private IActionResult Refused(string key, string message)
    {
        ModelState.Clear();
        ModelState.AddModelError(key, message);
        Roles = [];
        db.ChangeTracker.Clear();
        return Page();
    }

    public Role Shown => ModelState.ErrorCount > 0 && Roles.Count > 0
        ? Roles.Aggregate(Role.None, (all, n) => RoleNames.TryParse(n, out var r) ? all | r : all)
        : Membership.Roles;

    public string? Error(string key) => ModelState[key]?.Errors.FirstOrDefault()?.ErrorMessage;

    /// <summary>The account's membership of this council with the account; false when it has none (another council's account: not found).</summary>
    private async Task<bool> LoadAsync(int id, bool tracking = false)
    {
        var organisationId = user.RequireOrganisation().Id;
        var query = db.Memberships.Include(m => m.Account).Where(m => m.AccountId == id && m.OrganisationId == organisationId);
        var membership = await (tracking ? query : query.AsNoTracking()).SingleOrDefaultAsync(HttpContext.RequestAborted);
        if (membership is null) return false;
        Membership = membership;
        var now = clock.GetUtcNow().UtcDateTime;
        OpenSessions = await db.SignInSessions.CountAsync(s => s.AccountId == id && s.EndedAt == null && s.CreatedAt > now - TimeSpan.FromDays(1), HttpContext.RequestAborted);
        Stamp ??= membership.Account!.SecurityStamp;
        return true;
    }
}
