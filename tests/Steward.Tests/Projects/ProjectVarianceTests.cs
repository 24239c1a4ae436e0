using Steward.Domain;

namespace Steward.Tests.Projects;

/// <summary>
/// A forecast against a baseline, across Norfolk's re-baseline of its social care system replacement (seed 004): the
/// original plan of 8 February 2016 (live by 30 April 2018) and the one after the contract award (31 March 2018), both
/// £7.926m capital and £2.421m revenue.
/// </summary>
public class ProjectVarianceTests
{
    private static readonly ProjectPlan Original = new(new DateOnly(2016, 2, 8), new DateOnly(2018, 4, 30), 10_347_000m);
    private static readonly ProjectPlan Rebaselined = new(new DateOnly(2016, 2, 8), new DateOnly(2018, 3, 31), 10_347_000m);

    [Theory]
    // October 2017's report: on time and on budget against the baseline in force, 30 days early against the original.
    [InlineData("2018-03-31", "10347000", false, 0, "0", "0.0")]
    [InlineData("2018-03-31", "10347000", true, -30, "0", "0.0")]
    // A slip to 15 May 2018 and £11m: 45 days late and £653,000 (6.3%) over the baseline in force; 15 days late on the original.
    [InlineData("2018-05-15", "11000000", false, 45, "653000", "6.3")]
    [InlineData("2018-05-15", "11000000", true, 15, "653000", "6.3")]
    // Under budget is negative.
    [InlineData("2018-03-30", "10000000", false, -1, "-347000", "-3.4")]
    public void Days_late_and_cost_over_are_measured_against_the_baseline_chosen(string end, string cost, bool original, int days, string over, string percent)
    {
        var v = ProjectVariance.Against(original ? Original : Rebaselined, DateOnly.Parse(end), decimal.Parse(cost));
        v.ShouldBe(new ProjectVariance(days, decimal.Parse(over), decimal.Parse(percent)));
    }

    [Fact]
    public void A_re_baseline_with_more_budget_moves_the_cost_variance_but_not_the_original_one()
    {
        var more = Rebaselined with { Budget = 10_847_000m };
        ProjectVariance.Against(more, new DateOnly(2018, 3, 31), 11_000_000m).ShouldBe(new ProjectVariance(0, 153_000m, 1.4m));
        ProjectVariance.Against(Original, new DateOnly(2018, 3, 31), 11_000_000m).ShouldBe(new ProjectVariance(-30, 653_000m, 6.3m));
    }

    [Theory]
    [InlineData("10347000", "10347000")]
    [InlineData("£10,347,000", "10347000")]
    [InlineData("£ 1,000", "1000")]
    [InlineData("1250.50", "1250.50")]
    [InlineData("0", "0")]
    [InlineData("1250,50", null)]
    [InlineData("1,2,3", null)]
    [InlineData("-5", null)]
    [InlineData("1.234", null)]
    [InlineData("10k", null)]
    [InlineData("", null)]
    public void Money_is_read_in_pounds_to_the_penny_with_thousands_commas_only_in_threes(string text, string? pounds) =>
        (Steward.Common.Money.TryParsePounds(text, out var p) ? p : (decimal?)null).ShouldBe(pounds is null ? null : decimal.Parse(pounds, System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void Without_a_forecast_or_a_budget_the_variance_says_nothing_it_cannot_know()
    {
        ProjectVariance.Against(Rebaselined, null, null).ShouldBe(new ProjectVariance(null, null, null));
        ProjectVariance.Against(Rebaselined with { Budget = 0 }, new DateOnly(2018, 3, 31), 5_000m).ShouldBe(new ProjectVariance(0, 5_000m, null));
    }

    // Norfolk's "Adults and ContrOCC live" milestone, planned for 30 November 2017 in the re-baseline: live the week of
    // 20 November (seed 004).
    [Theory]
    [InlineData("2017-10-31", "2017-11-20", null, MilestoneState.OnTrack, -10)]
    [InlineData("2017-10-31", null, null, MilestoneState.OnTrack, 0)]
    [InlineData("2017-10-31", "2017-12-15", null, MilestoneState.ForecastLate, 15)]
    [InlineData("2017-11-30", "2017-11-20", "2017-11-20", MilestoneState.Achieved, -10)]
    [InlineData("2017-12-31", null, "2017-11-30", MilestoneState.Achieved, 0)]
    [InlineData("2017-12-31", "2017-12-10", "2017-12-11", MilestoneState.AchievedLate, 11)]
    // An actual date after the report's month: not yet achieved as at that month.
    [InlineData("2017-10-31", "2017-11-20", "2017-11-20", MilestoneState.OnTrack, -10)]
    // Expected by a date now past and not achieved: overdue, whether forecast late or not.
    [InlineData("2017-12-31", null, null, MilestoneState.Overdue, 0)]
    [InlineData("2017-12-31", "2017-12-15", null, MilestoneState.Overdue, 15)]
    [InlineData("2017-11-30", "2017-11-29", null, MilestoneState.Overdue, -1)]
    // Due on the report's last day: not yet overdue.
    [InlineData("2017-11-30", null, null, MilestoneState.OnTrack, 0)]
    public void A_milestone_stands_against_its_baseline_date_as_at_the_report_s_month(string asAt, string? forecast, string? actual, MilestoneState state, int days)
    {
        var m = new MilestoneDates(new DateOnly(2017, 11, 30), forecast is null ? null : DateOnly.Parse(forecast), actual is null ? null : DateOnly.Parse(actual));
        m.StateAt(DateOnly.Parse(asAt)).ShouldBe(state);
        m.DaysLate.ShouldBe(days);
    }

    // A benefit measured by a fall (contact-centre calls a month) or a rise (customers satisfied, %).
    [Theory]
    [InlineData("20000", "15000", "17500", "50.0")]
    [InlineData("20000", "15000", "15000", "100.0")]
    [InlineData("20000", "15000", "14000", "120.0")]
    [InlineData("20000", "15000", "21000", "-20.0")]
    [InlineData("85", "90", "88", "60.0")]
    [InlineData("85", "90", "85", "0.0")]
    [InlineData("85", "85", "88", null)]
    [InlineData(null, "90", "88", null)]
    [InlineData("85", null, "88", null)]
    [InlineData("85", "90", null, null)]
    [InlineData("3", "10", "5", "28.6")]
    public void A_benefit_is_realised_as_the_share_of_the_way_from_baseline_to_target(string? baseline, string? target, string? value, string? realised)
    {
        static decimal? D(string? s) => s is null ? null : decimal.Parse(s);
        BenefitRules.Realised(D(baseline), D(target), D(value)).ShouldBe(D(realised));
    }
}
