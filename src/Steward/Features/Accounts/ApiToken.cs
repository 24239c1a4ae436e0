using System.Security.Cryptography;
using System.Text;
using Steward.Data;

namespace Steward.Features.Accounts;

/// <summary>
/// A bearer token for the JSON API, issued by an administrator for an account in one organisation.
/// It acts with that account's roles there. Only a hash is stored; the token is shown once.
/// </summary>
public class ApiToken : IOrganisationOwned, IAuditLabelled
{
    public const string Prefix = "stw_";

    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public int AccountId { get; set; }
    public Account? Account { get; set; }
    public required string Name { get; set; }

    /// <summary>The first characters of the token, to recognise it in lists.</summary>
    public required string Hint { get; set; }

    /// <summary>SHA-256 of the token, hex.</summary>
    public required string Hash { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime? ExpiresAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }

    public string AuditLabel => $"API token {Name} ({Hint}…)";

    public bool IsActive(DateTime now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);

    /// <summary>A new random token (32 bytes, URL-safe) and its stored hash.</summary>
    public static (string Token, string Hash) NewToken()
    {
        var token = Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (token, HashOf(token));
    }

    public static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
