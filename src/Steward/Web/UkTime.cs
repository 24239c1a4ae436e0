namespace Steward.Web;

/// <summary>Times are stored in UTC and shown in UK time (GMT or BST), as council staff read them.</summary>
public static class UkTime
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    public static DateTime ToUk(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), London);

    /// <summary>The UTC instant of a UK wall-clock time (a time skipped by the clocks going forward is taken an hour later).</summary>
    public static DateTime ToUtc(DateTime uk)
    {
        var local = DateTime.SpecifyKind(uk, DateTimeKind.Unspecified);
        if (London.IsInvalidTime(local)) local = local.AddHours(1);
        return TimeZoneInfo.ConvertTimeToUtc(local, London);
    }

    /// <summary>"22 Nov 2026 10:35".</summary>
    public static string Format(DateTime? utc, string format = "d MMM yyyy HH:mm") =>
        utc is { } u ? ToUk(u).ToString(format, System.Globalization.CultureInfo.GetCultureInfo("en-GB")) : "";
}
