using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Steward.Tests.Support;

/// <summary>
/// A minimal OpenID Connect provider on 127.0.0.1 for tests, standing in for a council's Microsoft Entra ID: discovery,
/// keys, an authorisation endpoint that signs in <see cref="Email"/> at once (no page), and a token endpoint that checks
/// the client's secret and PKCE and returns an RS256 ID token with the nonce, e-mail and whether it is verified.
/// Stopped when disposed.
/// </summary>
public sealed class TestOpenIdProvider : IAsyncDisposable
{
    public const string ClientId = "steward-test";
    public const string ClientSecret = "test-client-secret-7f3a";

    private readonly WebApplication _app;
    private readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = "test-key-1" };
    private readonly ConcurrentDictionary<string, (string Nonce, string Challenge, string RedirectUri)> _codes = new();

    /// <summary>The address of whoever signs in next, and whether the provider says it is verified.</summary>
    public string Email { get; set; } = "viewer@dacorum.example";
    public bool EmailVerified { get; set; } = true;

    public string Issuer { get; private set; } = "";

    private TestOpenIdProvider(WebApplication app) => _app = app;

    public static async Task<TestOpenIdProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var provider = new TestOpenIdProvider(app);
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = provider.Issuer,
            ["authorization_endpoint"] = provider.Issuer + "/authorize",
            ["token_endpoint"] = provider.Issuer + "/token",
            ["jwks_uri"] = provider.Issuer + "/jwks",
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["code_challenge_methods_supported"] = new[] { "S256" },
            ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_post" },
        }));
        app.MapGet("/jwks", () =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(provider._key);
            return Results.Json(new { keys = new[] { new { kty = jwk.Kty, use = "sig", alg = "RS256", kid = jwk.Kid, n = jwk.N, e = jwk.E } } });
        });
        app.MapGet("/authorize", (HttpRequest r) =>
        {
            var q = r.Query;
            if (q["client_id"] != ClientId || q["response_type"] != "code" || q["code_challenge_method"] != "S256") return Results.BadRequest("bad request");
            var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            provider._codes[code] = (q["nonce"]!, q["code_challenge"]!, q["redirect_uri"]!);
            return Results.Redirect($"{q["redirect_uri"]}?code={code}&state={Uri.EscapeDataString(q["state"]!)}&iss={Uri.EscapeDataString(provider.Issuer)}");
        });
        app.MapPost("/token", async (HttpRequest r) =>
        {
            var f = await r.ReadFormAsync();
            if (f["client_id"] != ClientId || f["client_secret"] != ClientSecret) return Results.Json(new { error = "invalid_client" }, statusCode: 401);
            if (!provider._codes.TryRemove(f["code"].ToString(), out var grant) || grant.RedirectUri != f["redirect_uri"]) return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
            var challenge = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(f["code_verifier"].ToString())));
            if (challenge != grant.Challenge) return Results.Json(new { error = "invalid_grant", error_description = "PKCE" }, statusCode: 400);
            var now = DateTime.UtcNow;
            var idToken = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Issuer = provider.Issuer, Audience = ClientId, IssuedAt = now, NotBefore = now, Expires = now.AddMinutes(5),
                SigningCredentials = new SigningCredentials(provider._key, SecurityAlgorithms.RsaSha256),
                Claims = new Dictionary<string, object>
                {
                    ["sub"] = "sub-" + provider.Email, ["nonce"] = grant.Nonce, ["email"] = provider.Email, ["email_verified"] = provider.EmailVerified, ["name"] = provider.Email,
                },
            });
            return Results.Json(new { access_token = "test-access-token", token_type = "Bearer", expires_in = 300, id_token = idToken });
        });
        await app.StartAsync();
        provider.Issuer = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return provider;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
