using Steward.Domain;

namespace Steward.Tests.Domain;

public class ResultValueTests
{
    [Fact]
    public void Dacorum_HR05_is_1783_over_1966_days_per_FTE()
    {
        var v = ResultValues.FromFraction(1783, 1966, Multipliers.Of(Unit.Days, null))!.Value;
        Numbers.Format(v, 2).ShouldBe("0.91");
        v.ShouldBe(1783m / 1966m); // full precision is kept
    }

    [Fact]
    public void Dacorum_CS02a_is_74_over_81_as_a_percentage()
    {
        var v = ResultValues.FromFraction(74, 81, Multipliers.Of(Unit.Percent, null))!.Value;
        Numbers.Format(v, 2).ShouldBe("91.36");
        Numbers.Display(v, 2, Unit.Percent).ShouldBe("91.36%");
    }

    [Fact]
    public void Zero_over_zero_is_no_data_never_100_percent() =>
        ResultValues.FromFraction(0, 0, Multipliers.Of(Unit.Percent, null)).ShouldBeNull();

    [Fact]
    public void A_zero_denominator_with_a_numerator_is_an_error()
    {
        var r = ResultValues.Resolve(null, 5, 0, Multipliers.Of(Unit.Percent, null), 2);
        r.IsError.ShouldBeTrue();
        r.ErrorField.ShouldBe("denominator");
    }

    [Theory]
    [InlineData("91.36", true)]
    [InlineData("91.360", true)]
    [InlineData("91.35", false)]
    [InlineData("91.358", false)]
    public void A_value_given_with_its_fraction_must_equal_the_fraction_rounded_to_the_decimals(string value, bool ok)
    {
        var r = ResultValues.Resolve(decimal.Parse(value), 74, 81, Multipliers.Of(Unit.Percent, null), 2);
        r.IsError.ShouldBe(!ok);
        if (ok) r.Value.ShouldBe(74m / 81m * 100m);
        else r.ErrorMessage.ShouldBe($"{value} disagrees with 74 / 81 = 91.36");
    }

    [Theory]
    // Issue 8: percent, 0 decimals: "R0,2024-05,12.5,1,8" was refused ("12.5 disagrees with 1 / 8 = 13").
    [InlineData("12.5", 1, 8, 100, 0, true, "")]
    [InlineData("13", 1, 8, 100, 0, true, "")]
    [InlineData("12.50", 1, 8, 100, 0, true, "")]
    [InlineData("12.4", 1, 8, 100, 0, false, "12.4 disagrees with 1 / 8 = 12.5")]
    [InlineData("12", 1, 8, 100, 0, false, "12 disagrees with 1 / 8 = 12.5")]
    [InlineData("33.3", 1, 3, 100, 1, true, "")]
    [InlineData("33", 1, 3, 100, 1, false, "33 disagrees with 1 / 3 = 33.3")]
    [InlineData("0.9", 1783, 1966, 1, 2, false, "0.9 disagrees with 1783 / 1966 = 0.91")]
    [InlineData("33.4", 1, 3, 100, 1, false, "33.4 disagrees with 1 / 3 = 33.3")]
    // Issue 9: a rate per 10,000: "ECON5,2019-03,16.5,250,151500" (250 / 151500 × 10000 = 16.5), once said "= 0.0".
    [InlineData("16.5", 250, 151500, 10000, 1, true, "")]
    [InlineData("16.6", 250, 151500, 10000, 1, false, "16.6 disagrees with 250 / 151500 × 10,000 = 16.5")]
    [InlineData("2.5", 1, 400, 1000, 1, true, "")]
    [InlineData("250", 1, 400, 100000, 0, true, "")]
    [InlineData("0.3", 3, 10, 1, 1, true, "")]
    public void A_value_that_is_exactly_its_fraction_at_its_own_precision_is_accepted(string value, int numerator, int denominator, int multiplier, int decimals, bool ok, string message)
    {
        var r = ResultValues.Resolve(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture), numerator, denominator, multiplier, decimals);
        r.IsError.ShouldBe(!ok, r.ErrorMessage);
        if (ok) r.Value.ShouldBe((decimal)numerator / denominator * multiplier);
        else r.ErrorMessage.ShouldBe(message);
    }

    [Theory]
    [InlineData(Unit.Percent, null, 100)]
    [InlineData(Unit.Percent, 100, 100)]
    [InlineData(Unit.Number, null, 1)]
    [InlineData(Unit.Number, 10000, 10000)]
    [InlineData(Unit.Days, 1000, 1000)]
    public void The_multiplier_in_force_is_the_declared_one_else_100_for_percentages_and_1(Unit unit, int? declared, int expected) =>
        Multipliers.Of(unit, declared).ShouldBe(expected);

    [Theory]
    [InlineData(Unit.Number, 1, null)]
    [InlineData(Unit.Number, 100000, null)]
    [InlineData(Unit.Score, 10, "'10' is not one of 1, 100, 1000, 10000, 100000")]
    [InlineData(Unit.Percent, 100, null)]
    [InlineData(Unit.Percent, 1000, "a percent indicator's multiplier is 100, not 1000")]
    public void Multipliers_are_1_100_1000_10000_or_100000_and_percent_implies_100(Unit unit, int multiplier, string? problem) =>
        Multipliers.Problem(unit, multiplier).ShouldBe(problem);

    [Fact]
    public void A_value_alone_is_kept_as_given() =>
        ResultValues.Resolve(279.67m, null, null, Multipliers.Of(Unit.Seconds, null), 2).Value.ShouldBe(279.67m);

    [Theory]
    [InlineData("0.125", 2, "0.13")]
    [InlineData("-0.125", 2, "-0.13")]
    [InlineData("2.5", 0, "3")]
    [InlineData("94", 1, "94.0")]
    public void Rounding_is_half_away_from_zero(string value, int decimals, string shown) =>
        Numbers.Format(decimal.Parse(value), decimals).ShouldBe(shown);

    [Theory]
    [InlineData("12.5", true)]
    [InlineData("-3", true)]
    [InlineData("12%", false)]
    [InlineData("1,234", false)]
    [InlineData("1e3", false)]
    [InlineData("abc", false)]
    [InlineData(" 7 ", true)]
    [InlineData("999999999999999", true)]
    [InlineData("-999999999999998.5", true)]
    [InlineData("1000000000000000", false)] // 16 digits before the point
    [InlineData("0.1234567891", true)]
    [InlineData("0.12345678912", false)] // 11 after it
    [InlineData("79228162514264337593543950336", false)] // beyond decimal itself
    public void Numbers_are_plain_digits_with_a_dot_within_range(string text, bool ok) => Numbers.TryParse(text, out _).ShouldBe(ok);

    [Fact]
    public void Out_of_range_numbers_are_told_apart_from_non_numbers()
    {
        Numbers.IsOutOfRange("1000000000000000").ShouldBeTrue();
        Numbers.IsOutOfRange("12%").ShouldBeFalse();
        Numbers.IsOutOfRange("12").ShouldBeFalse();
    }

    [Theory]
    [InlineData("999999999999999", "0.0000000001")]
    [InlineData("100000000000000", "1")] // a percentage: × 100 takes it past 15 digits
    public void A_fraction_whose_value_is_too_large_is_an_error_on_the_denominator(string numerator, string denominator)
    {
        var r = ResultValues.Resolve(null, decimal.Parse(numerator), decimal.Parse(denominator), Multipliers.Of(Unit.Percent, null), 2);
        r.ErrorField.ShouldBe("denominator");
        r.ErrorMessage.ShouldEndWith("is too large a value (more than 15 digits before the point)");
    }
}
