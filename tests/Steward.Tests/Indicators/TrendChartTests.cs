using Steward.Domain;
using Steward.Features.Indicators;

namespace Steward.Tests.Indicators;

public class TrendChartTests
{
    // Norfolk's ICT06 (seed 004): results 94.0 to 99.0 against a target of 99.0, which once sat on the top edge.
    [Theory]
    [InlineData("94.0", "99.0", "93", "100", "1")]
    [InlineData("0.54", "0.91", "0.5", "1", "0.1")]
    [InlineData("3891", "12162", "2000", "14000", "2000")]
    [InlineData("5", "5", "4.4", "5.6", "0.2")]
    [InlineData("0", "0", "0", "1.2", "0.2")]
    [InlineData("0", "100", "0", "120", "20")]
    [InlineData("-10.6", "-9", "-11", "-8.5", "0.5")]
    public void The_axis_runs_between_round_numbers_with_headroom_around_the_data_and_target(string min, string max, string lo, string hi, string step)
    {
        var s = TrendChart.Scale(decimal.Parse(min), decimal.Parse(max));
        s.ShouldBe((decimal.Parse(lo), decimal.Parse(hi), decimal.Parse(step)));
        s.Hi.ShouldBeGreaterThan(decimal.Parse(max));
        if (decimal.Parse(min) > 0) s.Lo.ShouldBeLessThan(decimal.Parse(min));
        else s.Lo.ShouldBeLessThanOrEqualTo(decimal.Parse(min));
    }

    [Fact]
    public void Draws_a_point_per_result_a_broken_line_at_gaps_and_the_target()
    {
        var points = new[]
        {
            new TrendPoint(Period.Parse("2017-02"), 99.0m, 99m, Rag.Green),
            new TrendPoint(Period.Parse("2017-03"), 98.0m, 99m, Rag.Amber),
            new TrendPoint(Period.Parse("2017-04"), null, 99m, Rag.None),
            new TrendPoint(Period.Parse("2017-05"), 94.0m, 99m, Rag.Red),
        };
        var svg = TrendChart.Render(points, Frequency.Monthly, Unit.Percent, 1, "ICT06 <Systems> availability", "Four months");
        svg.ShouldStartWith("<svg");
        svg.ShouldContain("role=\"img\"");
        svg.ShouldContain("ICT06 &lt;Systems&gt; availability");
        System.Text.RegularExpressions.Regex.Matches(svg, "<circle").Count.ShouldBe(3);
        svg.ShouldContain("steward-chart__point--red");
        var line = System.Text.RegularExpressions.Regex.Match(svg, "d=\"(M[^\"]*)\" class=\"steward-chart__line\"").Groups[1].Value;
        line.Count(c => c == 'M').ShouldBe(2); // the gap in April breaks the line
        svg.ShouldContain("steward-chart__target");
        svg.ShouldNotContain("style=");
    }

    [Fact]
    public void An_empty_chart_says_so() =>
        TrendChart.Render([], Frequency.Quarterly, Unit.Percent, 2, "X", "Y").ShouldContain("No results to chart yet");
}
