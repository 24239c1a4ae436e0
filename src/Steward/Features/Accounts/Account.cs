using Steward.Features.Organisations;

namespace Steward.Features.Accounts;

/// <summary>A sign-in. Global: one account may hold roles in several organisations.</summary>
public class Account
{
    public int Id { get; set; }

    public required string Email { get; set; }

    /// <summary>Lower-case, trimmed email; unique.</summary>
    public required string NormalisedEmail { get; set; }

    public required string DisplayName { get; set; }

    public string? PasswordHash { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? LastSignInAt { get; set; }

    /// <summary>The authenticator app's shared secret, protected with the app's data-protection keys; null without a second factor.</summary>
    public string? TotpSecret { get; set; }

    /// <summary>When the second factor was turned on; null when it is off.</summary>
    public DateTime? TwoFactorSince { get; set; }

    /// <summary>The last authenticator time step accepted: each is accepted once.</summary>
    public long LastTotpStep { get; set; }

    /// <summary>When an administrator deactivated the account: it cannot sign in or use API tokens; its history keeps the name. Null while active.</summary>
    public DateTime? DeactivatedAt { get; set; }

    /// <summary>Changes whenever the password or roles change, so that existing sign-ins are re-checked.</summary>
    public string SecurityStamp { get; set; } = Guid.NewGuid().ToString("N");

    public List<Membership> Memberships { get; set; } = [];

    public static string Normalise(string email) => email.Trim().ToLowerInvariant();
}

[Flags]
public enum Role
{
    None = 0,
    Administrator = 1,
    PerformanceOfficer = 2,
    Updater = 4,
    Approver = 8,
    RiskOwner = 16,
    /// <summary>A councillor or other reader: sees approved results only.</summary>
    Viewer = 32,
    /// <summary>Cleared to read exempt (Part II) information, such as exempt risks. Held alongside a role.</summary>
    ExemptReader = 64,
    /// <summary>Logs and answers complaints, and alone sees complainants' details.</summary>
    ComplaintHandler = 128,
}

/// <summary>The roles an account holds in one organisation.</summary>
public class Membership
{
    public int Id { get; set; }
    public int AccountId { get; set; }
    public Account? Account { get; set; }
    public int OrganisationId { get; set; }
    public Organisation? Organisation { get; set; }
    public Role Roles { get; set; }
}

public static class RoleNames
{
    public static readonly IReadOnlyList<(Role Role, string Name, string Title)> All =
    [
        (Role.Administrator, "administrator", "Administrator"),
        (Role.PerformanceOfficer, "performance-officer", "Performance officer"),
        (Role.Updater, "updater", "Updater"),
        (Role.Approver, "approver", "Approver"),
        (Role.RiskOwner, "risk-owner", "Risk owner"),
        (Role.Viewer, "viewer", "Viewer (councillor)"),
        (Role.ComplaintHandler, "complaint-handler", "Complaint handler"),
        (Role.ExemptReader, "exempt-reader", "Cleared for exempt (Part II) information"),
    ];

    public static bool TryParse(string text, out Role role)
    {
        var key = text.Trim().ToLowerInvariant().Replace('_', '-').Replace(' ', '-');
        foreach (var (r, name, _) in All)
        {
            if (name == key || name.Replace("-", "") == key.Replace("-", ""))
            {
                role = r;
                return true;
            }
        }
        role = Role.None;
        return false;
    }

    public static IEnumerable<string> Titles(Role roles) => All.Where(x => roles.HasFlag(x.Role)).Select(x => x.Title);

    public static IEnumerable<string> Names(Role roles) => All.Where(x => roles.HasFlag(x.Role)).Select(x => x.Name);
}
