using System.Globalization;

namespace Steward.Common;

/// <summary>Money as people type it: pounds, with or without "£" and thousands commas, to the penny.</summary>
public static partial class Money
{
    /// <summary>The largest amount Steward keeps: £99,999,999,999.99 (numeric(16,2)).</summary>
    public const decimal Max = 99_999_999_999.99m;

    /// <summary>
    /// Reads "10347000", "£10,347,000", "£ 1,000" or "1250.50" as pounds: not negative, at most two decimal places,
    /// thousands commas in threes, at most <see cref="Max"/>; false for anything else (units, words, "1.234", "1250,50").
    /// </summary>
    public static bool TryParsePounds(string? text, out decimal pounds)
    {
        pounds = 0;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var trimmed = text.Trim();
        if (trimmed.StartsWith('£')) trimmed = trimmed[1..].TrimStart();
        // Thousands commas only in threes ("1,250,000"), so a decimal comma ("1250,50") is never read as thousands.
        if (!Pounds().IsMatch(trimmed)) return false;
        return decimal.TryParse(trimmed.Replace(",", ""), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out pounds) && pounds <= Max;
    }

    /// <summary>
    /// As <see cref="TryParsePounds"/>, and a saving too: "-47000", "-£47,000" or "(£47,000)" (as the papers print
    /// negatives) read as -47000.
    /// </summary>
    public static bool TryParseSignedPounds(string? text, out decimal pounds)
    {
        var trimmed = text?.Trim() ?? "";
        var negative = trimmed.StartsWith('-') || (trimmed.StartsWith('(') && trimmed.EndsWith(')'));
        if (negative) trimmed = trimmed.StartsWith('-') ? trimmed[1..] : trimmed[1..^1];
        if (!TryParsePounds(trimmed, out pounds)) return false;
        if (negative) pounds = -pounds;
        return true;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?$")]
    private static partial System.Text.RegularExpressions.Regex Pounds();
}
