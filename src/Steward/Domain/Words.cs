using System.Diagnostics.CodeAnalysis;

namespace Steward.Domain;

/// <summary>
/// Enumerated words (units, frequencies, polarities, prospects, treatments, statuses, booleans) read the one way every
/// file kind and form reads them: surrounding white space ignored, any capitalisation ("Red", "RED", " red ").
/// </summary>
public static class Words
{
    /// <summary>The value of the word <paramref name="text"/> among <paramref name="words"/>; false when it is none of them (or null).</summary>
    public static bool TryParse<T>(string? text, [NotNullWhen(true)] out T? value, params ReadOnlySpan<(string Word, T Value)> words) where T : struct
    {
        var trimmed = text.AsSpan().Trim();
        foreach (var (word, v) in words)
        {
            if (!trimmed.Equals(word, StringComparison.OrdinalIgnoreCase)) continue;
            value = v;
            return true;
        }
        value = null;
        return false;
    }
}
