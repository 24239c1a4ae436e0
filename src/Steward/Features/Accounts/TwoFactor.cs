using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using OtpNet;
using Steward.Data;

namespace Steward.Features.Accounts;

/// <summary>Who in a council must sign in with a second factor.</summary>
public enum TwoFactorRequirement
{
    /// <summary>Administrators only (the default).</summary>
    Administrators = 0,
    Everyone = 1,
    /// <summary>No one is made to (anyone may still turn it on): demo councils made by <c>demo generate</c>.</summary>
    NoOne = 2,
}

/// <summary>A single-use recovery code, for signing in when the authenticator app is lost: only its SHA-256 hash is kept.</summary>
public class RecoveryCode
{
    public int Id { get; set; }
    public int AccountId { get; set; }
    public required string CodeHash { get; set; }
    public DateTime? UsedAt { get; set; }
}

/// <summary>
/// Two-factor authentication with an authenticator app (TOTP, RFC 6238: 6 digits, 30-second steps, SHA-1, as every
/// authenticator app reads from the QR code) and ten single-use recovery codes. The shared secret is kept protected with
/// the app's data-protection keys; a code is accepted one step either side of the server's clock, and each step once,
/// so a code seen over someone's shoulder cannot be used again.
/// </summary>
public static class TwoFactor
{
    public const int RecoveryCodeCount = 10;
    private const string SecretPurpose = "Steward.Accounts.TotpSecret";
    private const string PendingPurpose = "Steward.Accounts.TotpPending";

    /// <summary>Whether holding <paramref name="roles"/> in a council whose rule is <paramref name="requirement"/> needs a second factor.</summary>
    public static bool Required(Role roles, TwoFactorRequirement requirement) => requirement switch
    {
        TwoFactorRequirement.Everyone => roles != Role.None,
        TwoFactorRequirement.Administrators => roles.HasFlag(Role.Administrator),
        _ => false,
    };

    /// <summary>How a page names a requirement.</summary>
    public static string Describe(TwoFactorRequirement requirement) => requirement switch
    {
        TwoFactorRequirement.Everyone => "Everyone",
        TwoFactorRequirement.NoOne => "No one (people may still turn it on)",
        _ => "Administrators",
    };

    /// <summary>A new shared secret, base32 (20 random bytes, as RFC 4226 recommends).</summary>
    public static string NewSecret() => Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(20));

    /// <summary>A secret being set up, protected for a hidden form field that works for 15 minutes.</summary>
    public static string ProtectPending(IDataProtectionProvider protection, string secret) =>
        protection.CreateProtector(PendingPurpose).ToTimeLimitedDataProtector().Protect(secret, TimeSpan.FromMinutes(15));

    /// <summary>The secret from <see cref="ProtectPending"/>, or null when it was tampered with or has expired.</summary>
    public static string? UnprotectPending(IDataProtectionProvider protection, string? pending)
    {
        if (string.IsNullOrEmpty(pending)) return null;
        try { return protection.CreateProtector(PendingPurpose).ToTimeLimitedDataProtector().Unprotect(pending); }
        catch (CryptographicException) { return null; }
    }

    /// <summary>The secret as stored on the account.</summary>
    public static string ProtectSecret(IDataProtectionProvider protection, string secret) => protection.CreateProtector(SecretPurpose).Protect(secret);

    /// <summary>The address an authenticator app reads from the QR code (otpauth URI, Key Uri Format).</summary>
    public static string Uri(string email, string secret) =>
        $"otpauth://totp/Steward:{System.Uri.EscapeDataString(email)}?secret={secret}&issuer=Steward&digits=6&period=30";

    /// <summary>The QR code of <paramref name="uri"/> as an SVG element, for the page (no image file, no script).</summary>
    public static string QrSvg(string uri)
    {
        using var generator = new QRCoder.QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCoder.QRCodeGenerator.ECCLevel.M);
        return new QRCoder.SvgQRCode(data).GetGraphic(new System.Drawing.Size(220, 220), "#0b0c0c", "#ffffff", true, QRCoder.SvgQRCode.SizingMode.ViewBoxAttribute);
    }

    /// <summary>
    /// The time step at which <paramref name="code"/> (6 digits, spaces allowed) matches <paramref name="secret"/> within one
    /// step of <paramref name="now"/>, or null.
    /// </summary>
    public static long? Match(string secret, string code, DateTime now)
    {
        var digits = new string(code.Where(char.IsDigit).ToArray());
        if (digits.Length != 6 || code.Any(c => !char.IsDigit(c) && !char.IsWhiteSpace(c) && c != '-')) return null;
        var totp = new Totp(Base32Encoding.ToBytes(secret));
        return totp.VerifyTotp(now, digits, out var step, new VerificationWindow(previous: 1, future: 1)) ? step : null;
    }

    /// <summary>
    /// Checks a code for <paramref name="account"/>, whose second factor is on: a current authenticator code (each time
    /// step accepted once, in one statement, so two servers cannot both take it) or an unused recovery code (then used up).
    /// True when it is accepted.
    /// </summary>
    public static async Task<bool> VerifyAsync(StewardDb db, IDataProtectionProvider protection, Account account, string code, DateTime now, CancellationToken ct = default)
    {
        if (account.TotpSecret is null) return false;
        string secret;
        try { secret = protection.CreateProtector(SecretPurpose).Unprotect(account.TotpSecret); }
        catch (CryptographicException) { return false; }
        if (Match(secret, code, now) is { } step)
            return await db.Accounts.Where(a => a.Id == account.Id && a.LastTotpStep < step)
                .ExecuteUpdateAsync(u => u.SetProperty(a => a.LastTotpStep, step), ct) == 1;
        var hash = HashRecovery(code);
        return await db.RecoveryCodes.Where(r => r.AccountId == account.Id && r.CodeHash == hash && r.UsedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.UsedAt, now), ct) == 1;
    }

    /// <summary>Replaces the account's recovery codes with <see cref="RecoveryCodeCount"/> new ones (saved) and returns them, to show once: "k7f2m-q9xhd".</summary>
    public static async Task<List<string>> NewRecoveryCodesAsync(StewardDb db, int accountId, CancellationToken ct = default)
    {
        await db.RecoveryCodes.Where(r => r.AccountId == accountId).ExecuteDeleteAsync(ct);
        const string alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
        var codes = Enumerable.Range(0, RecoveryCodeCount).Select(_ =>
        {
            var chars = Enumerable.Range(0, 10).Select(_ => alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)]).ToArray();
            return $"{new string(chars, 0, 5)}-{new string(chars, 5, 5)}";
        }).ToList();
        db.RecoveryCodes.AddRange(codes.Select(c => new RecoveryCode { AccountId = accountId, CodeHash = HashRecovery(c) }));
        await db.SaveChangesAsync(ct);
        return codes;
    }

    /// <summary>Turns the second factor off for <paramref name="account"/> (tracked; the caller saves): secret, step and recovery codes go.</summary>
    public static async Task TurnOffAsync(StewardDb db, Account account, CancellationToken ct = default)
    {
        account.TotpSecret = null;
        account.TwoFactorSince = null;
        account.LastTotpStep = 0;
        account.SecurityStamp = Guid.NewGuid().ToString("N");
        await db.RecoveryCodes.Where(r => r.AccountId == account.Id).ExecuteDeleteAsync(ct);
    }

    private static string HashRecovery(string code) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(new string(code.Trim().ToLowerInvariant().Where(char.IsLetterOrDigit).ToArray()))));
}
