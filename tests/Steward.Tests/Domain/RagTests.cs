using Steward.Domain;

namespace Steward.Tests.Domain;

public class RagTests
{
    // value, target, polarity, tolerance %, expected
    [Theory]
    // Norfolk, seed 004: Systems availability May 2017, 94.0 against 99 at 5%: Red
    // (94.0 would be Amber if the 5% were read as percentage points).
    [InlineData("94.0", "99", Polarity.HigherIsBetter, "5", Rag.Red)]
    [InlineData("95.1", "99", Polarity.HigherIsBetter, "5", Rag.Amber)]
    [InlineData("99.0", "99", Polarity.HigherIsBetter, "5", Rag.Green)]
    // Incidents resolved within SLA, Aug 2017: 76.4 against 80: Amber (80 - 4 = 76)
    [InlineData("76.4", "80", Polarity.HigherIsBetter, "5", Rag.Amber)]
    // First line fix, Jul 2017: 26.0 against 28: Red (28 - 1.4 = 26.6)
    [InlineData("26.0", "28", Polarity.HigherIsBetter, "5", Rag.Red)]
    // ICT abandonment rate, lower is better: 16.8 against 10 Red; 7.0 Green
    [InlineData("16.8", "10", Polarity.LowerIsBetter, "5", Rag.Red)]
    [InlineData("7.0", "10", Polarity.LowerIsBetter, "5", Rag.Green)]
    [InlineData("10.5", "10", Polarity.LowerIsBetter, "5", Rag.Amber)]
    // Dacorum, seed 001: CSU10 call waiting 279.67 s against 210: Red at 5%, Amber at 50%
    [InlineData("279.67", "210", Polarity.LowerIsBetter, "5", Rag.Red)]
    [InlineData("279.67", "210", Polarity.LowerIsBetter, "50", Rag.Amber)]
    // HR05 0.91 days per FTE against 0.76 (lower): Amber at 50%
    [InlineData("0.9069", "0.76", Polarity.LowerIsBetter, "50", Rag.Amber)]
    // Exactly at the tolerance is Amber; a hair beyond is Red (full precision)
    [InlineData("220.5", "210", Polarity.LowerIsBetter, "5", Rag.Amber)]
    [InlineData("220.5000001", "210", Polarity.LowerIsBetter, "5", Rag.Red)]
    [InlineData("94.05", "99", Polarity.HigherIsBetter, "5", Rag.Amber)]
    [InlineData("94.0499999", "99", Polarity.HigherIsBetter, "5", Rag.Red)]
    // A target of 0: no room for tolerance
    [InlineData("0", "0", Polarity.HigherIsBetter, "5", Rag.Green)]
    [InlineData("-0.01", "0", Polarity.HigherIsBetter, "5", Rag.Red)]
    [InlineData("0", "0", Polarity.LowerIsBetter, "5", Rag.Green)]
    [InlineData("1", "0", Polarity.LowerIsBetter, "50", Rag.Red)]
    // A negative target (e.g. a budget variance of -10): tolerance is relative to |target|
    [InlineData("-10.4", "-10", Polarity.HigherIsBetter, "5", Rag.Amber)]
    [InlineData("-10.6", "-10", Polarity.HigherIsBetter, "5", Rag.Red)]
    [InlineData("-9", "-10", Polarity.HigherIsBetter, "5", Rag.Green)]
    [InlineData("-9.6", "-10", Polarity.LowerIsBetter, "5", Rag.Amber)]
    [InlineData("-9.4", "-10", Polarity.LowerIsBetter, "5", Rag.Red)]
    [InlineData("-11", "-10", Polarity.LowerIsBetter, "5", Rag.Green)]
    public void Rates_by_target_polarity_and_relative_tolerance(string value, string target, Polarity polarity, string tolerance, Rag expected) =>
        RagRules.Rate(decimal.Parse(value), decimal.Parse(target), polarity, decimal.Parse(tolerance)).ShouldBe(expected);

    [Fact]
    public void The_legend_states_the_rule_in_words() =>
        RagRules.Describe(5).ShouldBe("Green is equal to or better than the target. Amber is worse than the target by no more than 5% of the target (relative, not percentage points). Red is more than 5% worse than the target.");
}
