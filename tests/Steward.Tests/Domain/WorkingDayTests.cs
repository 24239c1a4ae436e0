using Steward.Domain;

namespace Steward.Tests.Domain;

public class WorkingDayTests
{
    [Fact]
    public void England_and_Wales_bank_holidays_2017()
    {
        BankHolidays.EnglandAndWales(2017).Select(h => h.Date.ToString("yyyy-MM-dd")).ShouldBe([
            "2017-01-02", "2017-04-14", "2017-04-17", "2017-05-01", "2017-05-29", "2017-08-28", "2017-12-25", "2017-12-26",
        ]);
    }

    [Theory]
    [InlineData(2020, "2020-05-08")] // VE Day moved the early May holiday
    [InlineData(2022, "2022-06-02")] // Spring holiday moved for the Platinum Jubilee
    [InlineData(2022, "2022-06-03")] // Platinum Jubilee
    [InlineData(2022, "2022-09-19")] // State funeral
    [InlineData(2023, "2023-05-08")] // Coronation
    [InlineData(2021, "2021-12-27")] // Christmas on a Saturday
    [InlineData(2021, "2021-12-28")]
    [InlineData(2022, "2022-12-27")] // Christmas on a Sunday
    [InlineData(2020, "2020-12-28")] // Boxing Day on a Saturday
    [InlineData(2022, "2022-01-03")] // New Year's Day on a Saturday
    [InlineData(2024, "2024-03-29")] // Good Friday
    public void Moved_substitute_and_one_off_days_are_included(int year, string date) =>
        BankHolidays.EnglandAndWales(year).Select(h => h.Date).ShouldContain(DateOnly.Parse(date));

    [Theory]
    [InlineData(2020, "2020-05-04")]
    [InlineData(2022, "2022-05-30")]
    [InlineData(2021, "2021-12-25")]
    public void Moved_days_are_not_holidays_on_their_usual_date(int year, string date) =>
        BankHolidays.EnglandAndWales(year).Select(h => h.Date).ShouldNotContain(DateOnly.Parse(date));

    [Theory]
    [InlineData(2017, "2017-04-16")]
    [InlineData(2024, "2024-03-31")]
    [InlineData(2025, "2025-04-20")]
    [InlineData(2019, "2019-04-21")]
    public void Easter_sunday(int year, string date) => BankHolidays.EasterSunday(year).ShouldBe(DateOnly.Parse(date));

    [Theory]
    // Q2 2017/18 ends Sat 30 Sep 2017: ten working days later is Fri 13 Oct.
    [InlineData("2017-09", 10, "2017-10-13")]
    // Q3 ends Sun 31 Dec: 1 Jan is a bank holiday, so the tenth working day is Mon 15 Jan 2018.
    [InlineData("2017-12", 10, "2018-01-15")]
    // April 2017 ends Sun 30 Apr; 1 May is a bank holiday.
    [InlineData("2017-04", 1, "2017-05-02")]
    [InlineData("2017-04", 0, "2017-04-30")]
    public void Due_dates_count_working_days_after_the_period_ends(string period, int days, string due) =>
        WorkingCalendar.EnglandAndWales().DueDate(Period.Parse(period), days).ShouldBe(DateOnly.Parse(due));

    [Fact]
    public void Closure_days_are_not_working_days_and_bank_holidays_can_be_turned_off()
    {
        var closure = WorkingCalendar.EnglandAndWales([new DateOnly(2017, 10, 2)]);
        closure.DueDate(Period.Parse("2017-09"), 10).ShouldBe(new DateOnly(2017, 10, 16));
        WorkingCalendar.WeekendsOnly().DueDate(Period.Parse("2017-12"), 10).ShouldBe(new DateOnly(2018, 1, 12));
    }
}
