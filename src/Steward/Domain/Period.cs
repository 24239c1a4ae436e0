using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Steward.Domain;

/// <summary>How often an indicator is measured. Termly comes later.</summary>
public enum Frequency
{
    Monthly = 1,
    Quarterly = 3,
    Annual = 12,
}

/// <summary>
/// A reporting period, named by the calendar month in which it ends (<c>2017-09</c>).
/// Councils report by financial year (1 April to 31 March): quarters end in Jun, Sep, Dec and Mar,
/// years end in Mar. Stored as the integer yyyymm so it sorts and compares the same on every provider.
/// </summary>
public readonly record struct Period : IComparable<Period>
{
    public const int FinancialYearStartMonth = 4;
    public const int MinYear = 1950, MaxYear = 2150;

    public int Year { get; }
    public int Month { get; }

    public Period(int year, int month)
    {
        if (year is < 1000 or > 9998) throw new ArgumentOutOfRangeException(nameof(year));
        if (month is < 1 or > 12) throw new ArgumentOutOfRangeException(nameof(month));
        Year = year;
        Month = month;
    }

    /// <summary>yyyymm, as stored.</summary>
    public int Key => Year * 100 + Month;

    public static Period FromKey(int key) => new(key / 100, key % 100);

    public static bool TryParse(string? text, out Period period)
    {
        period = default;
        if (text is null) return false;
        text = text.Trim();
        if (text.Length != 7 || text[4] != '-') return false;
        if (!int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var y)) return false;
        if (!int.TryParse(text.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var m)) return false;
        // A realistic range, so that windows reaching back years (or forward) never leave the calendar.
        if (y is < MinYear or > MaxYear || m is < 1 or > 12) return false;
        period = new Period(y, m);
        return true;
    }

    public static Period Parse(string text) =>
        TryParse(text, out var p) ? p : throw new FormatException($"'{text}' is not a period: use YYYY-MM, the month in which the period ends.");

    public Period AddMonths(int months)
    {
        var index = Year * 12 + (Month - 1) + months;
        return new Period(index / 12, index % 12 + 1);
    }

    /// <summary>The period of <paramref name="frequency"/> immediately before this one.</summary>
    public Period Previous(Frequency frequency, int steps = 1) => AddMonths(-(int)frequency * steps);

    public Period Next(Frequency frequency, int steps = 1) => AddMonths((int)frequency * steps);

    public Period SamePeriodLastYear => AddMonths(-12);

    /// <summary>Whether this month ends a period of the given frequency.</summary>
    public bool Ends(Frequency frequency) => frequency switch
    {
        Frequency.Monthly => true,
        Frequency.Quarterly => Month % 3 == 0,
        Frequency.Annual => Month == FinancialYearStartMonth - 1,
        _ => false,
    };

    /// <summary>The calendar year in which this period's financial year starts (Sep 2017 → 2017, Feb 2018 → 2017).</summary>
    public int FinancialYear => Month >= FinancialYearStartMonth ? Year : Year - 1;

    /// <summary>Quarter of the financial year, 1–4 (Apr–Jun is Q1).</summary>
    public int FinancialQuarter => ((Month - FinancialYearStartMonth + 12) % 12) / 3 + 1;

    /// <summary>The first period of <paramref name="frequency"/> in the financial year starting in April of <paramref name="financialYear"/> (Apr, Jun or the March after).</summary>
    public static Period FirstOfFinancialYear(int financialYear, Frequency frequency) =>
        new Period(financialYear, FinancialYearStartMonth).AddMonths((int)frequency - 1);

    /// <summary>Reads a financial year as councils write it, "2017/18" (the second year's last two digits must follow the first), into its start year.</summary>
    public static bool TryParseFinancialYear(string? text, out int startYear)
    {
        startYear = 0;
        text = text?.Trim();
        if (text is not { Length: 7 } || text[4] != '/') return false;
        if (!int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var y)) return false;
        if (!int.TryParse(text.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var next)) return false;
        if (y is < MinYear or > MaxYear || next != (y + 1) % 100) return false;
        startYear = y;
        return true;
    }

    /// <summary>The first month of the period of the given frequency that ends here.</summary>
    public Period Start(Frequency frequency) => AddMonths(-(int)frequency + 1);

    /// <summary>The last day of the period.</summary>
    public DateOnly EndDate => new DateOnly(Year, Month, 1).AddMonths(1).AddDays(-1);

    public static string FinancialYearLabel(int startYear) =>
        $"{startYear}/{(startYear + 1) % 100:00}";

    /// <summary>The council way of writing a period: "Sep 2017", "Q2 2017/18", "2017/18".</summary>
    public string Label(Frequency frequency) => frequency switch
    {
        Frequency.Quarterly => $"Q{FinancialQuarter} {FinancialYearLabel(FinancialYear)}",
        Frequency.Annual => FinancialYearLabel(FinancialYear),
        _ => $"{MonthName} {Year}",
    };

    public string MonthName => CultureInfo.InvariantCulture.DateTimeFormat.GetAbbreviatedMonthName(Month);

    /// <summary>Short label for table columns: "Sep 17".</summary>
    public string ShortLabel => $"{MonthName} {Year % 100:00}";

    public int CompareTo(Period other) => Key.CompareTo(other.Key);
    public static bool operator <(Period a, Period b) => a.Key < b.Key;
    public static bool operator >(Period a, Period b) => a.Key > b.Key;
    public static bool operator <=(Period a, Period b) => a.Key <= b.Key;
    public static bool operator >=(Period a, Period b) => a.Key >= b.Key;

    public override string ToString() => $"{Year:0000}-{Month:00}";
}

public static class FrequencyNames
{
    public static string Name(this Frequency f) => f switch
    {
        Frequency.Monthly => "monthly",
        Frequency.Quarterly => "quarterly",
        Frequency.Annual => "annual",
        _ => f.ToString().ToLowerInvariant(),
    };

    public static bool TryParse(string? text, [NotNullWhen(true)] out Frequency? frequency)
    {
        return Words.TryParse(text, out frequency, ("monthly", Frequency.Monthly), ("quarterly", Frequency.Quarterly), ("annual", Frequency.Annual));
    }

    /// <summary>The noun for a period of this frequency, for messages ("a quarter").</summary>
    public static string PeriodNoun(this Frequency f) => f switch
    {
        Frequency.Monthly => "month",
        Frequency.Quarterly => "quarter",
        Frequency.Annual => "financial year",
        _ => "period",
    };
}
