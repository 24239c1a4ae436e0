using Steward.Domain;

namespace Steward.Tests.Domain;

/// <summary>Exception criteria, from Norfolk's vital signs dashboard (seed 004) and Dacorum's HR05 (seed 001).</summary>
public class ExceptionTests
{
    private static readonly string[] Months =
        ["2016-09", "2016-10", "2016-11", "2016-12", "2017-01", "2017-02", "2017-03", "2017-04", "2017-05", "2017-06", "2017-07", "2017-08", "2017-09"];

    private static IndicatorSeries Monthly(Polarity polarity, decimal target, params string?[] values) =>
        Series(new IndicatorProfile(Frequency.Monthly, polarity, false, false, 5m), Months, target, values);

    private static IndicatorSeries Series(IndicatorProfile profile, string[] periods, decimal? target, string?[] values)
    {
        var map = new Dictionary<Period, Observation>();
        for (var i = 0; i < periods.Length; i++)
            map[Period.Parse(periods[i])] = new Observation(values[i] is { } v ? decimal.Parse(v) : null, target);
        return new IndicatorSeries(profile, map);
    }

    // Norfolk's seven monthly vital signs with their printed values, Sep 2016 to Sep 2017.
    private static readonly IndicatorSeries Abandonment = Monthly(Polarity.LowerIsBetter, 10m, "12.0", "11.0", "8.0", "7.0", "11.0", "7.0", "12.0", "16.8", "8.0", "9.0", "8.0", "6.8", "7.0");
    private static readonly IndicatorSeries IncidentsPerCustomer = Monthly(Polarity.LowerIsBetter, 1.5m, "1.4", "1.4", "1.3", "1.0", "1.5", "1.3", "1.6", "1.3", "1.8", "1.8", "1.4", "1.5", "1.2");
    private static readonly IndicatorSeries FirstLineFix = Monthly(Polarity.HigherIsBetter, 28m, "42.0", "41.0", "40.0", "43.0", "40.0", "36.0", "32.9", "34.6", "34.0", "28.7", "26.0", "27.4", "30.4");
    private static readonly IndicatorSeries WithinSla = Monthly(Polarity.HigherIsBetter, 80m, "69.0", "72.0", "80.0", "73.0", "80.0", "75.0", "82.2", "80.7", "75.4", "78.0", "77.0", "76.4", "81.0");
    private static readonly IndicatorSeries Satisfaction = Monthly(Polarity.HigherIsBetter, 6m, null, null, null, null, null, "6.4", "6.4", "6.5", "6.2", "6.2", "6.4", "6.5", "6.5");
    private static readonly IndicatorSeries SystemsAvailability = Monthly(Polarity.HigherIsBetter, 99m, "99.0", "99.0", "99.0", "98.0", "99.0", "99.0", "98.0", "95.1", "94.0", "97.6", "98.9", "99.0", "99.0");

    [Fact]
    public void Norfolk_at_Sep_2017_has_no_exception()
    {
        var sep = Period.Parse("2017-09");
        foreach (var s in new[] { Abandonment, IncidentsPerCustomer, FirstLineFix, WithinSla, Satisfaction, SystemsAvailability })
        {
            s.ExceptionsAt(sep).ShouldBeEmpty();
            s.RagAt(sep).ShouldBe(Rag.Green);
        }
    }

    [Fact]
    public void Systems_availability_at_May_2017_is_red_and_deteriorating()
    {
        var may = Period.Parse("2017-05");
        SystemsAvailability.RagAt(may).ShouldBe(Rag.Red);
        ExceptionNames.Join(SystemsAvailability.ExceptionsAt(may)).ShouldBe("off_target;deteriorating");
    }

    [Fact]
    public void Incidents_resolved_within_SLA_at_Aug_2017_is_amber_for_the_third_period()
    {
        var aug = Period.Parse("2017-08");
        WithinSla.RagAt(aug).ShouldBe(Rag.Amber);
        ExceptionNames.Join(WithinSla.ExceptionsAt(aug)).ShouldBe("amber_persistent");
    }

    [Fact]
    public void First_line_fix_at_Jul_2017_is_red()
    {
        var jul = Period.Parse("2017-07");
        FirstLineFix.RagAt(jul).ShouldBe(Rag.Red);
        // Apr 34.6 → May 34.0 → Jun 28.7 → Jul 26.0: also three consecutive falls.
        ExceptionNames.Join(FirstLineFix.ExceptionsAt(jul)).ShouldBe("off_target;deteriorating");
    }

    [Fact]
    public void Deteriorating_needs_four_consecutive_periods_with_data_each_worse()
    {
        // Feb–May 2017 fell 99 → 98 → 95.1 → 94; a gap breaks the run.
        var gap = Monthly(Polarity.HigherIsBetter, 50m, null, null, null, null, null, "99.0", null, "95.1", "94.0", null, null, null, null);
        gap.IsDeteriorating(Period.Parse("2017-05")).ShouldBeFalse();
        // Equal is not worse.
        var flat = Monthly(Polarity.HigherIsBetter, 50m, null, null, null, null, null, "99.0", "98.0", "98.0", "94.0", null, null, null, null);
        flat.IsDeteriorating(Period.Parse("2017-05")).ShouldBeFalse();
        // Green throughout but still falling is deteriorating (an early warning).
        var falling = Monthly(Polarity.HigherIsBetter, 50m, null, null, null, null, null, "99.0", "98.0", "97.0", "96.0", null, null, null, null);
        falling.IsDeteriorating(Period.Parse("2017-05")).ShouldBeTrue();
        ExceptionNames.Join(falling.ExceptionsAt(Period.Parse("2017-05"))).ShouldBe("deteriorating");
    }

    [Fact]
    public void Info_only_indicators_never_deteriorate_or_rate()
    {
        var profile = new IndicatorProfile(Frequency.Quarterly, Polarity.LowerIsBetter, InfoOnly: true, false, 5m);
        // Dacorum HR03 days lost rising quarter on quarter (invented fourth quarter for the run).
        var s = Series(profile, ["2016-12", "2017-03", "2017-06", "2017-09"], 1000m, ["900", "1000", "1233.75", "1783"]);
        s.IsDeteriorating(Period.Parse("2017-09")).ShouldBeFalse();
        s.RagAt(Period.Parse("2017-09")).ShouldBe(Rag.None);
        s.IsTargetable(Period.Parse("2017-09")).ShouldBeFalse();
    }

    [Fact]
    public void Cumulative_indicators_deteriorate_only_when_falling_further_behind_target()
    {
        // HR05-like year-to-date sickness days per FTE: values rise each quarter by construction,
        // but against a profiled target the position improves: not deteriorating.
        var profile = new IndicatorProfile(Frequency.Quarterly, Polarity.LowerIsBetter, false, Cumulative: true, 50m);
        var periods = new[] { "2017-06", "2017-09", "2017-12", "2018-03" };
        var map = new Dictionary<Period, Observation>
        {
            [Period.Parse("2017-06")] = new(0.63m, 0.54m),
            [Period.Parse("2017-09")] = new(0.91m, 0.76m),
            [Period.Parse("2017-12")] = new(1.10m, 1.00m),
            [Period.Parse("2018-03")] = new(1.30m, 1.25m),
        };
        new IndicatorSeries(profile, map).IsDeteriorating(Period.Parse("2018-03")).ShouldBeFalse();
        // Further behind target each quarter (relative to target): deteriorating.
        var worse = new Dictionary<Period, Observation>
        {
            [Period.Parse("2017-06")] = new(0.55m, 0.54m),
            [Period.Parse("2017-09")] = new(0.80m, 0.76m),
            [Period.Parse("2017-12")] = new(1.10m, 1.00m),
            [Period.Parse("2018-03")] = new(1.45m, 1.25m),
        };
        new IndicatorSeries(profile, worse).IsDeteriorating(Period.Parse(periods[3])).ShouldBeTrue();
        // Without targets a cumulative indicator cannot be compared.
        var noTargets = worse.ToDictionary(kv => kv.Key, kv => kv.Value with { Target = null });
        new IndicatorSeries(profile, noTargets).IsDeteriorating(Period.Parse(periods[3])).ShouldBeFalse();
    }

    [Fact]
    public void Amber_persistent_needs_amber_at_each_of_the_three_periods()
    {
        // Jul–Sep 2017: 77.0 amber, 76.4 amber, 81.0 green
        WithinSla.ExceptionsAt(Period.Parse("2017-09")).ShouldBeEmpty();
        // May–Jul: 75.4 red (below 76), 78 amber, 77 amber: not three ambers
        WithinSla.ExceptionsAt(Period.Parse("2017-07")).ShouldNotContain(ExceptionReason.AmberPersistent);
    }

    [Fact]
    public void Off_target_deteriorating_and_amber_persistent_are_reported_in_that_order()
    {
        var s = Monthly(Polarity.HigherIsBetter, 100m, null, null, null, null, null, null, null, null, null, "99", "98", "97", "96");
        ExceptionNames.Join(s.ExceptionsAt(Period.Parse("2017-09"))).ShouldBe("deteriorating;amber_persistent");
        var r = Monthly(Polarity.HigherIsBetter, 100m, null, null, null, null, null, null, null, null, null, "99", "98", "97", "90");
        ExceptionNames.Join(r.ExceptionsAt(Period.Parse("2017-09"))).ShouldBe("off_target;deteriorating");
    }

    [Fact]
    public void Comparisons_give_previous_period_last_year_direction_and_rag_history()
    {
        var c = FirstLineFix.Compare(Period.Parse("2017-09"));
        c.Previous.ShouldBe(27.4m);
        c.LastYear.ShouldBe(42.0m);
        c.Direction.ShouldBe(Direction.Improving);
        c.RagHistory.Select(h => h.Rag).ShouldBe([Rag.Green, Rag.Red, Rag.Amber, Rag.Green]);
        c.RagHistory[0].Period.ShouldBe(Period.Parse("2017-06"));

        Abandonment.Compare(Period.Parse("2017-09")).Direction.ShouldBe(Direction.Worsening); // 6.8 → 7.0, lower is better
        SystemsAvailability.Compare(Period.Parse("2017-09")).Direction.ShouldBe(Direction.Unchanged);
        Satisfaction.Compare(Period.Parse("2017-02")).Direction.ShouldBe(Direction.None); // nothing in Jan
    }

    [Fact]
    public void Cumulative_direction_of_travel_compares_with_the_same_period_last_year()
    {
        // HR05: Sep 2017 0.91, Jun 2017 0.63, Sep 2016 0.75 (lower is better): worse than last year,
        // although comparing with last quarter would be meaningless for a year-to-date figure.
        var profile = new IndicatorProfile(Frequency.Quarterly, Polarity.LowerIsBetter, false, Cumulative: true, 50m);
        var map = new Dictionary<Period, Observation>
        {
            [Period.Parse("2016-09")] = new(1464.25m / 1964m, 2m),
            [Period.Parse("2017-06")] = new(1233.75m / 1943m, 0.54m),
            [Period.Parse("2017-09")] = new(1783m / 1966m, 0.76m),
        };
        var s = new IndicatorSeries(profile, map);
        s.Compare(Period.Parse("2017-09")).Direction.ShouldBe(Direction.Worsening);
        s.RagAt(Period.Parse("2017-09")).ShouldBe(Rag.Amber);
    }

    // Seed 004 Table 1 at P6: Technical Programme, budget £1,273,300, forecast £1,430,300, variance 0.157 (adverse);
    // Applications and Places, £1,920,000 / £1,873,000, (0.047) (favourable).
    private static readonly BudgetFigure TechnicalP6 = new(Period.Parse("2017-09"), 1_273_300m, 1_430_300m);
    private static readonly BudgetFigure ApplicationsP6 = new(Period.Parse("2017-09"), 1_920_000m, 1_873_000m);

    private static IndicatorSeries Linked(IndicatorLinks links) =>
        new(SystemsAvailability.Profile, Months.ToDictionary(Period.Parse, m => SystemsAvailability.At(Period.Parse(m))), links);

    [Theory]
    [InlineData("100000", "2017-09", "budget")]   // £157,000 over passes £100,000
    [InlineData("157000", "2017-09", "")]         // equal does not pass
    [InlineData("0", "2017-08", "")]              // nothing reported by August
    [InlineData("100000", "2018-02", "budget")]   // P6's forecast stands until finance reports again in the year
    [InlineData("100000", "2018-04", "")]         // a new financial year starts without figures
    public void Budget_when_a_linked_lines_overspend_passes_the_threshold(string threshold, string period, string expected)
    {
        var series = Linked(new IndicatorLinks([[TechnicalP6], [ApplicationsP6]], decimal.Parse(threshold), []));
        ExceptionNames.Join(series.ExceptionsAt(Period.Parse(period))).ShouldBe(expected);
    }

    [Fact]
    public void A_later_forecast_within_the_threshold_clears_budget_and_an_underspend_never_sets_it()
    {
        var p7 = new BudgetFigure(Period.Parse("2017-10"), 1_273_300m, 1_350_300m); // £77,000 over
        Linked(new IndicatorLinks([[p7, TechnicalP6]], 100_000m, [])).ExceptionsAt(Period.Parse("2017-10")).ShouldBeEmpty();
        Linked(new IndicatorLinks([[p7, TechnicalP6]], 100_000m, [])).ExceptionsAt(Period.Parse("2017-09")).ShouldBe([ExceptionReason.Budget]);
        Linked(new IndicatorLinks([[ApplicationsP6]], 0m, [])).ExceptionsAt(Period.Parse("2017-09")).ShouldBeEmpty();
    }

    [Theory]
    // RM010 (seed 004): current 3×4 = 12, prospects amber, signed off 14 Sep 2017: an exception from then.
    [InlineData(true, "2017-09", "corporate_risk")]
    [InlineData(true, "2017-08", "")]     // before its sign-off, no position
    [InlineData(false, "2017-09", "")]    // on a departmental register: not a corporate risk
    [InlineData(true, "2017-12", "")]     // the December review brought it down to 3×3 = 9
    [InlineData(true, "2018-04", "")]     // closed in March
    public void Corporate_risk_when_a_linked_corporate_risk_is_an_exception(bool corporate, string period, string expected)
    {
        var rm010 = new List<RiskPosition>
        {
            new(new DateOnly(2017, 9, 14), corporate, RiskRules.IsException(new RiskScore(3, 4), Prospects.Amber, 12)),
            new(new DateOnly(2017, 12, 12), corporate, RiskRules.IsException(new RiskScore(3, 3), Prospects.Amber, 12)),
            new(new DateOnly(2018, 3, 1), corporate, false),
        };
        var series = Linked(new IndicatorLinks([], 0m, [rm010]));
        ExceptionNames.Join(series.ExceptionsAt(Period.Parse(period))).ShouldBe(expected);
    }

    [Fact]
    public void The_linked_criteria_come_after_the_indicators_own_in_reporting_order()
    {
        var rm010 = new List<RiskPosition> { new(new DateOnly(2017, 4, 1), true, true) };
        // Systems availability at May 2017 is red and deteriorating (above).
        var series = Linked(new IndicatorLinks([[new BudgetFigure(Period.Parse("2017-05"), 1_273_300m, 1_430_300m)]], 100_000m, [rm010]));
        ExceptionNames.Join(series.ExceptionsAt(Period.Parse("2017-05"))).ShouldBe("off_target;deteriorating;budget;corporate_risk");
        ExceptionReason.Budget.Describe().ShouldStartWith("Adversely affecting the budget");
    }
}
