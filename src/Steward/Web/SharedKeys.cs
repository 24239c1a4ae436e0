using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using Steward.Data;

namespace Steward.Web;

/// <summary>
/// ASP.NET Core data protection (which signs and encrypts sign-in cookies and anti-forgery tokens) with its key ring in
/// the database: every app server on one database reads the cookies and tokens of the others, and a restart or a new
/// server signs nobody out.
/// </summary>
public static class SharedKeys
{
    /// <summary>The data-protection application name: payloads protected by one server unprotect on any other that uses it.</summary>
    public const string ApplicationName = "Steward";

    /// <summary>Registers data protection over <see cref="StewardDb"/>'s <c>DataProtectionKeys</c> table; returns the builder for more settings.</summary>
    public static IDataProtectionBuilder AddSharedDataProtection(this IServiceCollection services) =>
        services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToDbContext<StewardDb>();

    /// <summary>
    /// Creates the first key in <paramref name="target"/>'s database if it has none, so that several servers started
    /// together on a new database find one key rather than each making its own. Returns true when it created one.
    /// Later keys are made by the servers, two days before the current one expires, and reach every server in time.
    /// </summary>
    public static async Task<bool> EnsureKeyAsync(DatabaseTarget target, CancellationToken cancellationToken = default)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        target.Register(services);
        services.AddSharedDataProtection();
        await using var provider = services.BuildServiceProvider();
        var keys = provider.GetRequiredService<IKeyManager>();
        // The key manager's API is synchronous; it reads and writes through its own DbContext scope.
        return await Task.Run(() =>
        {
            var now = DateTimeOffset.UtcNow;
            if (keys.GetAllKeys().Any(k => !k.IsRevoked && k.ExpirationDate > now)) return false;
            var lifetime = provider.GetRequiredService<IOptions<KeyManagementOptions>>().Value.NewKeyLifetime;
            keys.CreateNewKey(now, now + lifetime);
            return true;
        }, cancellationToken);
    }
}
