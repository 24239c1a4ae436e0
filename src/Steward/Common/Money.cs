using System.Globalization;

namespace Steward.Common;

/// <summary>Money as people type it: pounds, with or without "£" and thousands commas, to the penny.</summary>
public static class Money
{
    /// <summary>The largest amount Steward keeps: £99,999,999,999.99 (numeric(16,2)).</summary>
    public const decimal Max = 99_999_999_999.99m;

    /// <summary>
    /// Reads "10347000", "£10,347,000" or "1250.50" as pounds: not negative, at most two decimal places, at most
    /// <see cref="Max"/>; false for anything else (units, words, "1.234").
    /// </summary>
    public static bool TryParsePounds(string? text, out decimal pounds)
    {
        pounds = 0;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var plain = text.Trim().TrimStart('£').Replace(",", "");
        return decimal.TryParse(plain, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out pounds)
               && decimal.Round(pounds, 2) == pounds && pounds <= Max;
    }
}
