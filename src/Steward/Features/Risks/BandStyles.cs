using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Web;

namespace Steward.Features.Risks;

/// <summary>
/// The organisation's band colours as a stylesheet (/risks/bands.css), so pages colour bands with classes
/// and the Content-Security-Policy can forbid inline styles. Text is black or white, whichever contrasts.
/// </summary>
public static class BandStyles
{
    public static string ClassOf(RiskBand? band) => band is null ? "steward-band--none" : $"steward-band steward-band--{band.Id}";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/risks/bands.css", async (StewardDb db, CurrentUser user, HttpContext http) =>
        {
            var css = new StringBuilder();
            if (user.HasOrganisation)
                foreach (var band in await db.RiskBands.ToListAsync())
                    css.Append(CultureInfo.InvariantCulture,
                        $".steward-band--{band.Id}{{background-color:{band.Colour};color:{TextOn(band.Colour)};}}\n");
            http.Response.Headers.CacheControl = "no-cache";
            return Results.Text(css.ToString(), "text/css");
        }).RequireAuthorization();

    /// <summary>Black or white, whichever has the higher contrast with the colour (WCAG relative luminance).</summary>
    public static string TextOn(string hex)
    {
        if (!TryParse(hex, out var r, out var g, out var b)) return "#0b0c0c";
        static double Channel(int c)
        {
            var s = c / 255.0;
            return s <= 0.03928 ? s / 12.92 : Math.Pow((s + 0.055) / 1.055, 2.4);
        }
        var luminance = 0.2126 * Channel(r) + 0.7152 * Channel(g) + 0.0722 * Channel(b);
        var withWhite = 1.05 / (luminance + 0.05);
        var withBlack = (luminance + 0.05) / 0.05;
        return withBlack >= withWhite ? "#0b0c0c" : "#ffffff";
    }

    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary>A colour written # and six hex digits ("#651b1b"), as its red, green and blue (0–255); false for anything else.</summary>
    public static bool TryParse(string? hex, out int r, out int g, out int b)
    {
        r = g = b = 0;
        // Exactly # and six hex digits: int.TryParse alone would let white space through ("# 1 2 3 4").
        if (hex is not { Length: 7 } || hex[0] != '#' || hex.AsSpan(1).ContainsAnyExcept(HexDigits)) return false;
        return int.TryParse(hex.AsSpan(1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out r)
               && int.TryParse(hex.AsSpan(3, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out g)
               && int.TryParse(hex.AsSpan(5, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out b);
    }
}
