using Steward.Domain;

namespace Steward.Tests.Risks;

public class RiskRuleTests
{
    /// <summary>Dacorum's 4×4 (seeds 000/001): 4 = Green, 8 = Amber, 12 and 16 = Red.</summary>
    private static RiskMatrixModel Dacorum()
    {
        var bands = new string[4, 4];
        for (var l = 1; l <= 4; l++)
            for (var i = 1; i <= 4; i++)
                bands[l - 1, i - 1] = (l * i) switch { <= 4 => "green", <= 8 => "amber", _ => "red" };
        return new RiskMatrixModel(["Very Unlikely", "Unlikely", "Likely", "Very Likely"], ["Minor", "Moderate", "Major", "Severe"], bands);
    }

    [Theory]
    [InlineData(3, 4, 12, "red")]    // PP_R011 inherent: 3 Likely × 4 Severe
    [InlineData(2, 4, 8, "amber")]   // PP_R011 residual: 2 Unlikely × 4 Severe
    [InlineData(4, 4, 16, "red")]    // CE_R01 inherent
    [InlineData(1, 4, 4, "green")]   // CE_R01 residual
    public void Dacorum_scores_and_bands(int likelihood, int impact, int score, string band)
    {
        var s = new RiskScore(likelihood, impact);
        s.Value.ShouldBe(score);
        Dacorum().BandOf(s).ShouldBe(band);
    }

    [Fact]
    public void Labels_and_bounds_of_the_matrix()
    {
        var m = Dacorum();
        m.LikelihoodLabel(3).ShouldBe("Likely");
        m.ImpactLabel(4).ShouldBe("Severe");
        m.Contains(new RiskScore(5, 1)).ShouldBeFalse();
        m.BandOf(new RiskScore(0, 3)).ShouldBeNull();
        RiskMatrixModel.IsValidSize(2).ShouldBeFalse();
        RiskMatrixModel.IsValidSize(6).ShouldBeTrue();
        RiskMatrixModel.IsValidSize(7).ShouldBeFalse();
    }

    [Theory]
    // Norfolk (seed 004): RM010 current 3×4 = 12, prospects amber: an exception.
    [InlineData(3, 4, Prospects.Amber, true)]
    // RM14223 current 2×3 = 6, prospects amber: not.
    [InlineData(2, 3, Prospects.Amber, false)]
    // A residual 16 with green prospects is not; exactly 12 with red prospects is.
    [InlineData(4, 4, Prospects.Green, false)]
    [InlineData(3, 4, Prospects.Red, true)]
    [InlineData(2, 6, Prospects.Red, true)]
    [InlineData(1, 11, Prospects.Red, false)]
    [InlineData(5, 5, null, false)]
    public void Exceptions_need_a_high_residual_score_and_amber_or_red_prospects(int likelihood, int impact, Prospects? prospects, bool exception) =>
        RiskRules.IsException(new RiskScore(likelihood, impact), prospects, RiskRules.DefaultExceptionThreshold).ShouldBe(exception);

    [Fact]
    public void Blank_scores_are_never_exceptions()
    {
        RiskRules.IsException(null, Prospects.Red, 12).ShouldBeFalse();
        RiskScore.Of(3, null).ShouldBeNull();
        RiskScore.Of(null, 4).ShouldBeNull();
    }

    [Fact]
    public void The_threshold_is_the_organisations()
    {
        RiskRules.IsException(new RiskScore(3, 3), Prospects.Amber, 9).ShouldBeTrue();
        RiskRules.IsException(new RiskScore(3, 3), Prospects.Amber, 12).ShouldBeFalse();
    }

    [Fact]
    public void Movement_compares_with_the_last_signed_off_score()
    {
        RiskRules.MovementOf(new RiskScore(3, 4), new RiskScore(2, 4)).ShouldBe(Movement.Up);
        RiskRules.MovementOf(new RiskScore(2, 4), new RiskScore(3, 4)).ShouldBe(Movement.Down);
        RiskRules.MovementOf(new RiskScore(2, 4), new RiskScore(4, 2)).ShouldBe(Movement.Same);
        RiskRules.MovementOf(new RiskScore(2, 4), null).ShouldBe(Movement.None);
    }

    [Theory]
    [InlineData(4, 5, new[] { 1, 2, 4, 5 })]
    [InlineData(5, 4, new[] { 1, 2, 3, 3, 4 })]
    [InlineData(4, 4, new[] { 1, 2, 3, 4 })]
    [InlineData(6, 3, new[] { 1, 1, 2, 2, 3, 3 })]
    public void Proportional_level_mapping_spreads_old_levels_over_new(int from, int to, int[] expected) =>
        LevelMapping.Proportional(from, to).OrderBy(kv => kv.Key).Select(kv => kv.Value).ShouldBe(expected);

    [Fact]
    public void A_mapping_moves_scores_and_leaves_blanks_blank()
    {
        var m = new LevelMapping(LevelMapping.Proportional(4, 5), LevelMapping.Proportional(4, 5));
        m.Map(new RiskScore(3, 4)).ShouldBe(new RiskScore(4, 5));
        m.Map(null).ShouldBeNull();
    }

    [Fact]
    public void Reconciliation_lists_new_closed_score_and_prospects_changes()
    {
        var from = new DateOnly(2017, 7, 1);
        var to = new DateOnly(2018, 1, 31);
        var lines = Reconciliation.Compare(
        [
            new("PP_R011", "Digital Dacorum", new(new RiskScore(2, 4), null), new(new RiskScore(2, 4), null), null),
            new("CE_R01", "Elections", null, new(new RiskScore(1, 4), null), null),
            new("RM010", "ICT systems", new(new RiskScore(3, 4), Prospects.Green), new(new RiskScore(3, 4), Prospects.Amber), null),
            new("PP_R015", "Media", new(new RiskScore(1, 4), null), new(new RiskScore(2, 4), null), null),
            new("RM14223", "PCI", new(new RiskScore(2, 3), Prospects.Amber), null, new DateOnly(2017, 12, 1)),
            new("OLD1", "Closed long ago", null, null, new DateOnly(2016, 1, 1)),
        ], from, to);
        lines.Select(l => (l.Code, l.Change, l.Before, l.After)).ShouldBe([
            ("CE_R01", ReconciliationChange.New, "", "4"),
            ("PP_R015", ReconciliationChange.ScoreUp, "4", "8"),
            ("RM010", ReconciliationChange.ProspectsChanged, "green", "amber"),
            ("RM14223", ReconciliationChange.Closed, "6", "closed"),
        ]);
    }
}
