using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Steward.Data;
using Steward.Features.Organisations;

namespace Steward.Features.Accounts;

/// <summary>
/// Single sign-on with a council's own identity provider (OpenID Connect: Microsoft Entra ID and its peers): per
/// council an issuer, a client id and a secret. Each council's settings are an authentication scheme named by the
/// council and the version of its settings ("oidc-12-3"), built on demand on whichever app server a request reaches —
/// so a change takes effect everywhere at once and the provider's answer (at the council's fixed callback address,
/// "/signin-oidc/12") may land on any server. The code flow with
/// PKCE, the answer by query so the sign-in cookies can stay SameSite=Lax; the person is matched to their Steward
/// account by a verified e-mail address and must hold roles in that council. Roles stay in Steward.
/// </summary>
public static class SingleSignOn
{
    /// <summary>The cookie that holds the provider's answer between its callback and Steward's sign-in (minutes).</summary>
    public const string ExternalScheme = "steward-external";

    private const string SecretPurpose = "Steward.Organisations.SsoSecret";

    public static string SchemeName(Organisation o) => $"oidc-{o.Id}-{o.SsoVersion}";

    /// <summary>Where the provider sends people back: one address per council, registered with the provider once.</summary>
    public static string CallbackPath(Organisation o) => $"/signin-oidc/{o.Id}";

    public static bool IsOn(Organisation o) => o.SsoAuthority is not null && o.SsoClientId is not null;

    public static string ProtectSecret(IDataProtectionProvider protection, string secret) => protection.CreateProtector(SecretPurpose).Protect(secret);

    /// <summary>
    /// Registers the council's scheme for its current settings on this server if it is not yet, and removes any for its
    /// earlier settings (they would answer the same callback address). Safe to call on every request that needs it.
    /// </summary>
    public static async Task EnsureSchemeAsync(IAuthenticationSchemeProvider schemes, Organisation o)
    {
        var name = SchemeName(o);
        if (await schemes.GetSchemeAsync(name) is not null) return;
        foreach (var stale in (await schemes.GetAllSchemesAsync()).Where(s => s.Name.StartsWith($"oidc-{o.Id}-", StringComparison.Ordinal)).ToList())
            schemes.RemoveScheme(stale.Name);
        schemes.TryAddScheme(new AuthenticationScheme(name, o.Name, typeof(OpenIdConnectHandler)));
    }

    /// <summary>
    /// Before authentication runs: a request to a council's callback address registers that council's scheme for its
    /// current settings, so the handler can answer it on this server. Unknown addresses pass on (and find nothing).
    /// </summary>
    public static IApplicationBuilder UseSingleSignOnSchemes(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var path = http.Request.Path.Value ?? "";
        if (path.StartsWith("/signin-oidc/", StringComparison.Ordinal) && int.TryParse(path["/signin-oidc/".Length..], out var id))
        {
            var db = http.RequestServices.GetRequiredService<StewardDb>();
            var organisation = await db.Organisations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, http.RequestAborted);
            if (organisation is not null && IsOn(organisation))
                await EnsureSchemeAsync(http.RequestServices.GetRequiredService<IAuthenticationSchemeProvider>(), organisation);
        }
        await next(http);
    });

    /// <summary>
    /// The options of a council's scheme, read from its settings the first time the scheme is used on a server (then kept,
    /// under a name that changes when the settings do).
    /// </summary>
    public sealed class ConfigureOptions(IServiceScopeFactory scopes, IDataProtectionProvider protection) : IConfigureNamedOptions<OpenIdConnectOptions>
    {
        public void Configure(OpenIdConnectOptions options) { }

        public void Configure(string? name, OpenIdConnectOptions options)
        {
            if (name is null || !name.StartsWith("oidc-", StringComparison.Ordinal) || name.Split('-') is not [_, var idText, _] || !int.TryParse(idText, out var id)) return;
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<StewardDb>();
            var o = db.Organisations.AsNoTracking().Single(x => x.Id == id);
            var authority = new Uri(o.SsoAuthority!);
            options.Authority = o.SsoAuthority;
            options.ClientId = o.SsoClientId;
            options.ClientSecret = o.SsoClientSecret is { } secret ? protection.CreateProtector(SecretPurpose).Unprotect(secret) : null;
            // Plain http only for a provider on this machine (a test provider); anything else must be https.
            options.RequireHttpsMetadata = !authority.IsLoopback;
            options.CallbackPath = CallbackPath(o);
            options.SignInScheme = ExternalScheme;
            options.ResponseType = "code";
            options.ResponseMode = "query";
            options.UsePkce = true;
            options.MapInboundClaims = false;
            options.SaveTokens = false;
            options.GetClaimsFromUserInfoEndpoint = false;
            options.Scope.Clear();
            foreach (var s in new[] { "openid", "email", "profile" }) options.Scope.Add(s);
            options.CorrelationCookie.SameSite = SameSiteMode.Lax;
            options.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.NonceCookie.SameSite = SameSiteMode.Lax;
            options.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.Events.OnRemoteFailure = context =>
            {
                context.Response.Redirect("/sign-in?sso=failed");
                context.HandleResponse();
                return Task.CompletedTask;
            };
        }
    }
}
