using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Web;

namespace Steward.Features.Accounts;

/// <summary>
/// Inviting a person to the council (administrators): their e-mail, name and roles here. A new account (or one that has
/// never set a password) gets an invitation link, shown once to copy; someone who already has a Steward account in
/// another council gets the roles and signs in as they do now.
/// </summary>
[RequireRole(Role.Administrator)]
public class InviteModel(StewardDb db, CurrentUser user, TimeProvider clock, Notices.Mailer mailer, ILogger<InviteModel> log) : PageModel
{
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public List<string> Roles { get; set; } = [];

    public IssuedLink? Issued { get; private set; }
    public Account? Invited { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        var ct = HttpContext.RequestAborted;
        var email = Email?.Trim() ?? "";
        if (email.Length == 0) ModelState.AddModelError("email", "Enter the person's e-mail address");
        else if (email.Length > 320 || !AccountManager.IsValidEmail(email)) ModelState.AddModelError("email", "Enter an e-mail address like name@council.gov.uk");
        var name = Name?.Trim() ?? "";
        if (name.Length == 0) ModelState.AddModelError("name", "Enter the person's full name");
        else if (name.Length > 200) ModelState.AddModelError("name", "Enter a name of 200 characters or fewer");
        var roles = Role.None;
        foreach (var r in Roles)
            if (RoleNames.TryParse(r, out var role)) roles |= role;
        if ((roles & ~Role.ExemptReader) == Role.None) ModelState.AddModelError("roles", "Choose at least one role (the exempt-reader clearance goes with a role)");
        if (!ModelState.IsValid) return Page();

        var organisation = user.RequireOrganisation();
        var key = Account.Normalise(email);
        var existing = await db.Accounts.Where(a => a.NormalisedEmail == key)
            .Select(a => new
            {
                a.PasswordHash,
                Here = a.Memberships.Any(m => m.OrganisationId == organisation.Id && m.Roles != Role.None),
                Elsewhere = a.Memberships.Any(m => m.OrganisationId != organisation.Id && m.Roles != Role.None),
            }).SingleOrDefaultAsync(ct);
        if (existing?.Here == true)
        {
            ModelState.AddModelError("email", "This person already has an account in this council: change their roles on their page");
            return Page();
        }
        // Someone already in Steward keeps the name they have; a new account takes the name given.
        var account = await AccountManager.GrantAsync(db, email, existing is null ? name : null, null, organisation, roles);
        if (account.DeactivatedAt is not null)
        {
            account.DeactivatedAt = null;
            await db.SaveChangesAsync(ct);
        }
        Invited = account;
        // A link only for someone this council alone has invited: another council's people set their own passwords.
        if (account.PasswordHash is null && existing?.Elsewhere != true)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            Issued = await AccountLinks.IssueAndSendAsync(db, mailer, account, LinkPurpose.Invitation, user.Email, $"{Request.Scheme}://{Request.Host}", organisation.Name, now, log, ct);
            db.Record(Issued.Emailed ? "invitation-link-emailed" : "invitation-link-issued", nameof(Account), account.Id.ToString(), account.Email, null);
            await db.SaveChangesAsync(ct);
        }
        return Page();
    }

    public Role Chosen => Roles.Aggregate(Role.None, (all, n) => RoleNames.TryParse(n, out var r) ? all | r : all);

    public string? Error(string key) => ModelState[key]?.Errors.FirstOrDefault()?.ErrorMessage;
}
