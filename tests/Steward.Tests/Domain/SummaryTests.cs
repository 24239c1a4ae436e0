using Steward.Domain;

namespace Steward.Tests.Domain;

public class SummaryTests
{
    [Theory]
    [InlineData(7, 4, 0, 0, "Of the 11 targetable indicators, 7 were green and 4 were amber.")]
    [InlineData(5, 2, 1, 0, "Of the 8 targetable indicators, 5 were green, 2 were amber and 1 was red.")]
    [InlineData(0, 0, 0, 0, "There were no targetable indicators.")]
    [InlineData(3, 0, 0, 0, "Of the 3 targetable indicators, 3 were green.")]
    [InlineData(1, 0, 0, 0, "Of the 1 targetable indicator, 1 was green.")]
    [InlineData(0, 1, 1, 2, "Of the 4 targetable indicators, 1 was amber, 1 was red and 2 had no data.")]
    [InlineData(6, 0, 0, 1, "Of the 7 targetable indicators, 6 were green and 1 had no data.")]
    public void The_report_sentence_lists_nonzero_categories_in_order(int green, int amber, int red, int noData, string sentence)
    {
        var rags = Enumerable.Repeat(Rag.Green, green).Concat(Enumerable.Repeat(Rag.Amber, amber))
            .Concat(Enumerable.Repeat(Rag.Red, red)).Concat(Enumerable.Repeat(Rag.None, noData));
        var s = PerformanceSummary.Of(rags);
        s.Targetable.ShouldBe(green + amber + red + noData);
        (s.Green, s.Amber, s.Red, s.NoData).ShouldBe((green, amber, red, noData));
        s.Sentence.ShouldBe(sentence);
    }
}
