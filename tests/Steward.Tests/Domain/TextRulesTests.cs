using Steward.Domain;

namespace Steward.Tests.Domain;

/// <summary>Which characters Steward refuses in text, and which it keeps exactly.</summary>
public class TextRulesTests
{
    [Theory]
    [InlineData("Percentage of calls answered", null)]
    [InlineData("Two vacancies filled\r\nin November\tso far", null)] // line breaks and tabs are text
    [InlineData("Zoë Ålund — £1,234 ½", null)]
    [InlineData("Sickness 🤒 up 😀", null)] // emoji, a surrogate pair each
    [InlineData("مرحبا بالعالم", null)] // right-to-left script
    [InlineData("abc\u200Fdef\u200E", null)] // ordinary right-to-left and left-to-right marks
    [InlineData("a\0b", "contains a control character (U+0000), which Steward does not accept")]
    [InlineData("bell\u0007", "contains a control character (U+0007), which Steward does not accept")]
    [InlineData("del\u007F", "contains a control character (U+007F), which Steward does not accept")]
    [InlineData("c1\u0085", "contains a control character (U+0085), which Steward does not accept")]
    [InlineData("invoice\u202Efdp.exe", "contains a bidirectional override, which can disguise text (U+202E), which Steward does not accept")]
    [InlineData("\u2066isolate", "contains a bidirectional override, which can disguise text (U+2066), which Steward does not accept")]
    [InlineData("\uFFFF", "contains a non-character (U+FFFF), which Steward does not accept")]
    public void Problem(string text, string? expected) => TextRules.Problem(text).ShouldBe(expected);

    [Fact]
    public void Half_a_surrogate_pair_is_refused() =>
        // Built here: a test case's own text would not survive being passed through the test runner.
        TextRules.Problem("half " + (char)0xD83D + " only").ShouldBe("contains half of a character (a broken surrogate pair) (U+D83D), which Steward does not accept");
}
