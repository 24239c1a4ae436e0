using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Features.Accounts;
using Steward.Features.Organisations;

namespace Steward.Web;

/// <summary>
/// The signed-in account and the organisation it is acting for in this request, with its roles there.
/// Resolved once per request from the database, so a removed role or a changed password takes effect at once.
/// </summary>
public sealed class CurrentUser
{
    public const string OrganisationClaim = "steward:org";
    public const string StampClaim = "steward:stamp";

    /// <summary>
    /// On a sign-in through a council's identity provider: that council's id. Such a sign-in acts for that council only,
    /// and its provider's own checks stand for the second factor there.
    /// </summary>
    public const string SsoClaim = "steward:sso";

    /// <summary>The claim carrying the sign-in session's key (<see cref="SignInSession"/>).</summary>
    public const string SessionClaim = "steward:session";

    public Account? Account { get; private set; }
    public Organisation? Organisation { get; private set; }
    public Role Roles { get; private set; }
    public IReadOnlyList<Membership> Memberships { get; private set; } = [];

    public bool IsSignedIn => Account is not null;
    public bool HasOrganisation => Organisation is not null;
    public string Email => Account?.NormalisedEmail ?? "";

    public bool Has(Role role) => (Roles & role) != 0;

    /// <summary>The performance team: manages the framework (indicators, targets, assignments, settings, imports).</summary>
    public bool ManagesFramework => HasAny(Role.PerformanceOfficer, Role.Administrator);

    /// <summary>Viewers and risk owners see approved results only; the people in the cycle see the rest, marked.</summary>
    public bool CanSeeUnapproved => HasAny(Role.Updater, Role.Approver, Role.PerformanceOfficer, Role.Administrator);

    /// <summary>This account's person in the current organisation (assignments name people), if any.</summary>
    public int? PersonId { get; private set; }

    /// <summary>What this user is for one indicator: assigned updater or approver, performance team.</summary>
    public async Task<Steward.Domain.Actor> ActorForAsync(StewardDb db, int indicatorId, CancellationToken ct = default)
    {
        var roles = PersonId is { } pid
            ? await db.Assignments.Where(a => a.IndicatorId == indicatorId && a.PersonId == pid).Select(a => a.Role).ToListAsync(ct)
            : [];
        return new Steward.Domain.Actor(Email,
            IsUpdater: Has(Role.Updater) && roles.Contains(Steward.Features.Indicators.AssignmentRole.Updater),
            IsApprover: Has(Role.Approver) && roles.Contains(Steward.Features.Indicators.AssignmentRole.Approver),
            IsPerformanceOfficer: ManagesFramework);
    }

    /// <summary>Whether the user holds any of the given roles in the current organisation.</summary>
    public bool HasAny(params Role[] roles) => roles.Any(Has);

    public Organisation RequireOrganisation() =>
        Organisation ?? throw new InvalidOperationException("No organisation is selected.");

    /// <summary>
    /// Signed in with a password alone while a council they belong to requires a second factor for their roles: every
    /// page but setting one up (and signing out) sends them to set it up.
    /// </summary>
    public bool MustSetUpTwoFactor { get; private set; }

    /// <summary>The session key of this request's sign-in cookie; null for an API token.</summary>
    public string? SessionKey { get; private set; }

    /// <summary>The council whose identity provider signed this person in (single sign-on); null for a password sign-in.</summary>
    public int? SsoCouncil { get; private set; }

    /// <summary>
    /// The sign-in cookie's principal: the account, its security stamp, the organisation acted for, the session's key,
    /// and the council whose identity provider signed them in, if one did.
    /// </summary>
    public static ClaimsPrincipal Principal(Account account, int organisationId, string sessionKey, int? ssoCouncil = null) =>
        new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, account.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(ClaimTypes.Name, account.DisplayName),
            new Claim(ClaimTypes.Email, account.Email),
            new Claim(StampClaim, account.SecurityStamp),
            new Claim(OrganisationClaim, organisationId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(SessionClaim, sessionKey),
            .. (ssoCouncil is { } council ? new[] { new Claim(SsoClaim, council.ToString(System.Globalization.CultureInfo.InvariantCulture)) } : []),
        ], CookieAuthenticationDefaults.AuthenticationScheme));

    /// <summary>
    /// Loads the user for this request and points the database at their organisation.
    /// Returns false when the sign-in is no longer valid (account gone, password or roles changed elsewhere).
    /// </summary>
    internal async Task<bool> LoadAsync(HttpContext http, StewardDb db)
    {
        var principal = http.User;
        if (principal.Identity?.IsAuthenticated != true) return true;
        if (!int.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var accountId)) return false;
        var account = await db.Accounts
            .Include(a => a.Memberships).ThenInclude(m => m.Organisation)
            .SingleOrDefaultAsync(a => a.Id == accountId, http.RequestAborted);
        var viaToken = principal.HasClaim(c => c.Type == ApiTokenAuthentication.TokenClaim);
        if (account is null || (!viaToken && account.SecurityStamp != principal.FindFirstValue(StampClaim))) return false;
        if (account.DeactivatedAt is not null) return false;
        if (!viaToken)
        {
            // The cookie is only as good as its session: ended, idle or too old, and it signs nobody in.
            SessionKey = principal.FindFirstValue(SessionClaim);
            var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
            if (!await SignInSessions.CheckAsync(db, account.Id, SessionKey, http.RequestServices.GetRequiredService<SessionPolicy>(), now, http.RequestAborted))
                return false;
        }

        Account = account;
        SsoCouncil = int.TryParse(principal.FindFirstValue(SsoClaim), out var ssoCouncil) ? ssoCouncil : null;
        // A council's identity provider vouches for the person in that council only.
        Memberships = account.Memberships.Where(m => m.Roles != Role.None && (SsoCouncil is null || m.OrganisationId == SsoCouncil))
            .OrderBy(m => m.Organisation!.Name, StringComparer.Ordinal).ToList();
        MustSetUpTwoFactor = !viaToken && SsoCouncil is null && account.TwoFactorSince is null && Memberships.Any(m => TwoFactor.Required(m.Roles, m.Organisation!.TwoFactor));
        int.TryParse(principal.FindFirstValue(OrganisationClaim), out var orgId);
        var membership = Memberships.FirstOrDefault(m => m.OrganisationId == orgId);
        if (membership is not null)
        {
            Organisation = membership.Organisation;
            Roles = membership.Roles;
            db.UseOrganisation(membership.OrganisationId);
            PersonId = await db.People.Where(p => p.AccountId == account.Id).Select(p => (int?)p.Id).FirstOrDefaultAsync(http.RequestAborted);
        }
        db.Actor = account.NormalisedEmail;
        db.Channel = viaToken ? "api" : "web";
        return true;
    }
}

public static class CurrentUserMiddleware
{
    public static IApplicationBuilder UseCurrentUser(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var user = http.RequestServices.GetRequiredService<CurrentUser>();
        var db = http.RequestServices.GetRequiredService<StewardDb>();
        if (!await user.LoadAsync(http, db))
        {
            if (http.Request.Path.StartsWithSegments("/api"))
            {
                http.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            http.Response.Redirect("/sign-in?returnUrl=" + Uri.EscapeDataString(http.Request.Path + http.Request.QueryString));
            return;
        }
        await next(http);
    });
}
