using Steward.Domain;

namespace Steward.Tests.Domain;

public class PeriodTests
{
    [Theory]
    [InlineData("2017-09", Frequency.Monthly, "Sep 2017")]
    [InlineData("2017-09", Frequency.Quarterly, "Q2 2017/18")]
    [InlineData("2017-12", Frequency.Quarterly, "Q3 2017/18")]
    [InlineData("2018-03", Frequency.Quarterly, "Q4 2017/18")]
    [InlineData("2017-06", Frequency.Quarterly, "Q1 2017/18")]
    [InlineData("2018-03", Frequency.Annual, "2017/18")]
    [InlineData("2000-03", Frequency.Annual, "1999/00")]
    public void Periods_are_shown_the_council_way(string period, Frequency frequency, string label) =>
        Period.Parse(period).Label(frequency).ShouldBe(label);

    [Theory]
    [InlineData("2017-08", Frequency.Quarterly, false)]
    [InlineData("2017-09", Frequency.Quarterly, true)]
    [InlineData("2017-12", Frequency.Quarterly, true)]
    [InlineData("2018-03", Frequency.Quarterly, true)]
    [InlineData("2017-08", Frequency.Monthly, true)]
    [InlineData("2018-03", Frequency.Annual, true)]
    [InlineData("2017-12", Frequency.Annual, false)]
    public void A_period_must_end_a_period_of_the_frequency(string period, Frequency frequency, bool ends) =>
        Period.Parse(period).Ends(frequency).ShouldBe(ends);

    [Theory]
    [InlineData("2017-13")]
    [InlineData("2017-9")]
    [InlineData("Sep 2017")]
    [InlineData("2017/09")]
    [InlineData("")]
    [InlineData("20170-9")]
    [InlineData("0001-01")] // outside 1950–2150: a typing slip, never a reporting period
    [InlineData("9999-12")]
    public void Bad_periods_do_not_parse(string text) => Period.TryParse(text, out _).ShouldBeFalse();

    [Fact]
    public void Previous_periods_step_by_frequency_across_years()
    {
        var may = Period.Parse("2017-05");
        may.Previous(Frequency.Monthly, 3).ShouldBe(Period.Parse("2017-02"));
        Period.Parse("2017-06").Previous(Frequency.Quarterly).ShouldBe(Period.Parse("2017-03"));
        Period.Parse("2017-03").Previous(Frequency.Quarterly, 2).ShouldBe(Period.Parse("2016-09"));
        Period.Parse("2018-03").Previous(Frequency.Annual).ShouldBe(Period.Parse("2017-03"));
        Period.Parse("2017-01").SamePeriodLastYear.ShouldBe(Period.Parse("2016-01"));
    }

    [Fact]
    public void Financial_year_runs_April_to_March()
    {
        Period.Parse("2017-04").FinancialYear.ShouldBe(2017);
        Period.Parse("2018-03").FinancialYear.ShouldBe(2017);
        Period.Parse("2017-10").FinancialQuarter.ShouldBe(3);
        Period.Parse("2017-09").Key.ShouldBe(201709);
        Period.FromKey(201709).ToString().ShouldBe("2017-09");
    }
}
