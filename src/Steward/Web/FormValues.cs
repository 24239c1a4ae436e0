using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Steward.Web;

/// <summary>Reading typed values from form fields, with GOV.UK-style messages on the field that is wrong.</summary>
public static class FormValues
{
    /// <summary>
    /// The <typeparamref name="T"/> whose name is <paramref name="text"/> (trimmed, any case: "delivery"), or null: never a
    /// number or a list of names ("2", "a,b"), which <see cref="Enum.TryParse{TEnum}(string?, bool, out TEnum)"/> would take.
    /// </summary>
    public static T? Named<T>(string? text) where T : struct, Enum =>
        Enum.GetValues<T>().Cast<T?>().FirstOrDefault(v => string.Equals(v.ToString(), text?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>A YYYY-MM-DD date, or null when empty; adds an error to <paramref name="key"/> when it is not a date.</summary>
    public static DateOnly? Date(this ModelStateDictionary state, string? value, string key, string? missing = null)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (missing is not null) state.AddModelError(key, missing);
            return null;
        }
        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
        state.AddModelError(key, "Enter the date as YYYY-MM-DD, for example 2018-03-31");
        return null;
    }

    /// <summary>Trimmed text, or null when blank.</summary>
    public static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
