using System.Reflection;

namespace Steward.Features.Accounts;

/// <summary>
/// What makes a password acceptable, after the NCSC's password guidance: long enough (12 characters, or a few words
/// together), not one that attackers try first, and no composition rules (no forced digits or symbols, no expiry).
/// Refused: anything on the deny-list shipped with Steward (<c>Features/Accounts/common-passwords.txt</c>: passwords
/// seen most often in breaches and guessing lists that are 12 characters or longer), that list's entries with digits
/// or symbols added at the ends or letters swapped for look-alikes ("P@ssw0rd2024!"), one character or a short run of
/// them repeated ("abcabcabcabc"), runs along the alphabet, digits or a keyboard row ("qwertyuiop12", "987654321098"),
/// and the person's own e-mail name, display name, their council's name or "steward" with only digits or symbols added.
/// </summary>
public static class PasswordRules
{
    public const int MinimumLength = 12;
    public const int MaximumLength = 256;

    private static readonly Lazy<HashSet<string>> Common = new(() =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Steward.Accounts.common-passwords.txt")
                           ?? throw new InvalidOperationException("The deny-list of common passwords is missing from the app's resources.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
            if (line.Trim() is { Length: > 0 } entry && !entry.StartsWith('#')) set.Add(Core(entry));
        return set;
    });

    private static readonly string[] Rows = ["abcdefghijklmnopqrstuvwxyz", "0123456789", "qwertyuiop", "asdfghjkl", "zxcvbnm", "1qaz2wsx3edc4rfv5tgb", "qazwsxedcrfvtgbyhnujmikolp"];

    /// <summary>
    /// Why <paramref name="password"/> is not acceptable, as the end of a sentence ("the password is one that attackers
    /// try first"), or null when it is. <paramref name="personal"/> are words of the person and their council (e-mail,
    /// name, council name) that the password must not merely decorate.
    /// </summary>
    public static string? Problem(string password, params string?[] personal)
    {
        if (password.Length < MinimumLength) return $"the password must be at least {MinimumLength} characters: try three or four random words together";
        if (password.Length > MaximumLength) return $"the password must be {MaximumLength} characters or fewer";
        var core = Core(password);
        if (core.Length == 0 || Common.Value.Contains(core) || Common.Value.Contains(Core(password.ToLowerInvariant()))) return "the password is one that attackers try first: choose another, such as three or four random words together";
        if (Repeated(core) || Run(core)) return "the password is a repeated or sequential pattern that attackers try first: choose another, such as three or four random words together";
        var words = personal.OfType<string>().Append("steward")
            .SelectMany(p => p.ToLowerInvariant().Split(['@', ' ', '.', '-', '_', ','], StringSplitOptions.RemoveEmptyEntries))
            .Where(w => w.Length >= 4).Select(Core).ToHashSet();
        if (words.Contains(core) || words.Any(w => core == w + w)) return "the password is your name, e-mail address or your council's name with little added: choose another";
        return null;
    }

    /// <summary>The password as attackers' rules see it: lower case, look-alike characters read as letters, digits and symbols at the ends dropped.</summary>
    private static string Core(string password)
    {
        var chars = password.ToLowerInvariant().Select(c => c switch
        {
            '@' or '4' => 'a', '0' => 'o', '1' or '!' or '|' => 'i', '3' => 'e', '$' or '5' => 's', '7' or '+' => 't', '8' => 'b', '9' => 'g',
            _ => c,
        }).ToArray();
        var letters = new string(chars);
        // Only when the password has letters: an all-digit one stays as it is (so "123456789012" is still a run).
        if (!password.Any(char.IsLetter)) return password;
        var start = 0;
        var end = password.Length;
        while (start < end && !char.IsLetter(password[start])) start++;
        while (end > start && !char.IsLetter(password[end - 1])) end--;
        return letters[start..end].Replace(" ", "");
    }

    /// <summary>One character, or a unit of up to four, repeated over the whole password.</summary>
    private static bool Repeated(string s) =>
        Enumerable.Range(1, Math.Min(4, s.Length / 2)).Any(n => s.Length % n == 0 && Enumerable.Range(0, s.Length).All(i => s[i] == s[i % n]));

    /// <summary>At least 8 characters of the password, and nearly all of it, running along the alphabet, the digits or a keyboard row, forwards or backwards.</summary>
    private static bool Run(string s)
    {
        foreach (var row in Rows.Concat(Rows.Select(r => new string(r.Reverse().ToArray()))))
            for (var i = 0; i < row.Length; i++)
            {
                var n = 0;
                while (n < s.Length && s[n] == row[(i + n) % row.Length]) n++;
                if (n >= 8 && n >= s.Length - 2) return true;
            }
        return false;
    }
}
