namespace Steward.Domain;

/// <summary>
/// Bank holidays in England and Wales (the default calendar): the fixed rules, substitute days when
/// a holiday falls at a weekend, and the one-off days proclaimed since 1995.
/// </summary>
public static class BankHolidays
{
    private static readonly Dictionary<DateOnly, string> OneOff = new()
    {
        [new(1999, 12, 31)] = "Millennium celebrations",
        [new(2002, 6, 3)] = "Golden Jubilee",
        [new(2011, 4, 29)] = "Royal wedding",
        [new(2012, 6, 5)] = "Diamond Jubilee",
        [new(2022, 6, 3)] = "Platinum Jubilee",
        [new(2022, 9, 19)] = "State funeral of Queen Elizabeth II",
        [new(2023, 5, 8)] = "Coronation of King Charles III",
    };

    /// <summary>Years in which a regular holiday was moved by proclamation: (year, usual date) → new date.</summary>
    private static readonly Dictionary<DateOnly, DateOnly> Moved = new()
    {
        [new(1995, 5, 1)] = new(1995, 5, 8),   // VE Day 50th anniversary
        [new(2020, 5, 4)] = new(2020, 5, 8),   // VE Day 75th anniversary
        [new(2002, 5, 27)] = new(2002, 6, 4),  // Golden Jubilee
        [new(2012, 5, 28)] = new(2012, 6, 4),  // Diamond Jubilee
        [new(2022, 5, 30)] = new(2022, 6, 2),  // Platinum Jubilee
    };

    public static IReadOnlyList<(DateOnly Date, string Name)> EnglandAndWales(int year)
    {
        var days = new List<(DateOnly, string)>();
        void Add(DateOnly d, string name) => days.Add((Moved.GetValueOrDefault(d, d), name));

        Add(NextWeekday(new DateOnly(year, 1, 1)), "New Year's Day");
        var easter = EasterSunday(year);
        Add(easter.AddDays(-2), "Good Friday");
        Add(easter.AddDays(1), "Easter Monday");
        Add(FirstMonday(year, 5), "Early May bank holiday");
        Add(LastMonday(year, 5), "Spring bank holiday");
        Add(LastMonday(year, 8), "Summer bank holiday");
        var christmas = new DateOnly(year, 12, 25);
        var boxing = new DateOnly(year, 12, 26);
        // Christmas on Saturday: Mon 27 and Tue 28. On Sunday: Boxing Day is Monday, Christmas moves to Tue 27.
        var (c, b) = christmas.DayOfWeek switch
        {
            DayOfWeek.Saturday => (christmas.AddDays(2), boxing.AddDays(2)),
            DayOfWeek.Sunday => (christmas.AddDays(2), boxing),
            DayOfWeek.Friday => (christmas, boxing.AddDays(2)),
            _ => (christmas, boxing),
        };
        Add(c, "Christmas Day");
        Add(b, "Boxing Day");
        foreach (var (date, name) in OneOff.Where(kv => kv.Key.Year == year)) days.Add((date, name));
        return days.OrderBy(d => d.Item1).ToList();
    }

    private static DateOnly NextWeekday(DateOnly d) => d.DayOfWeek switch
    {
        DayOfWeek.Saturday => d.AddDays(2),
        DayOfWeek.Sunday => d.AddDays(1),
        _ => d,
    };

    private static DateOnly FirstMonday(int year, int month)
    {
        var d = new DateOnly(year, month, 1);
        while (d.DayOfWeek != DayOfWeek.Monday) d = d.AddDays(1);
        return d;
    }

    private static DateOnly LastMonday(int year, int month)
    {
        var d = new DateOnly(year, month, 1).AddMonths(1).AddDays(-1);
        while (d.DayOfWeek != DayOfWeek.Monday) d = d.AddDays(-1);
        return d;
    }

    /// <summary>Western Easter Sunday (the anonymous Gregorian algorithm).</summary>
    public static DateOnly EasterSunday(int year)
    {
        int a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4;
        int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7, m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
        return new DateOnly(year, month, day);
    }
}

/// <summary>Working days: not a weekend, not one of the organisation's non-working days.</summary>
public sealed class WorkingCalendar(Func<DateOnly, bool> isHoliday)
{
    public static WorkingCalendar EnglandAndWales(IEnumerable<DateOnly>? extraClosures = null)
    {
        var extra = (extraClosures ?? []).ToHashSet();
        var cache = new Dictionary<int, HashSet<DateOnly>>();
        return new WorkingCalendar(d =>
        {
            if (extra.Contains(d)) return true;
            if (!cache.TryGetValue(d.Year, out var set))
                cache[d.Year] = set = BankHolidays.EnglandAndWales(d.Year).Select(x => x.Date).ToHashSet();
            return set.Contains(d);
        });
    }

    public static WorkingCalendar WeekendsOnly(IEnumerable<DateOnly>? extraClosures = null)
    {
        var extra = (extraClosures ?? []).ToHashSet();
        return new WorkingCalendar(extra.Contains);
    }

    public bool IsWorkingDay(DateOnly d) => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !isHoliday(d);

    /// <summary>
    /// The <paramref name="n"/>th working day after <paramref name="date"/>, or before it for a negative n (n = 0: the
    /// date itself).
    /// </summary>
    public DateOnly AddWorkingDays(DateOnly date, int n)
    {
        var (d, step) = (date, Math.Sign(n));
        for (var counted = 0; counted < Math.Abs(n);)
        {
            d = d.AddDays(step);
            if (IsWorkingDay(d)) counted++;
        }
        return d;
    }

    /// <summary>When a period's result is due: a number of working days after the period ends.</summary>
    public DateOnly DueDate(Period period, int workingDaysAfterEnd) => AddWorkingDays(period.EndDate, workingDaysAfterEnd);
}
