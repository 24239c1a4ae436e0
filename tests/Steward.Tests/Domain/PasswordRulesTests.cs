using Steward.Features.Accounts;

namespace Steward.Tests.Domain;

/// <summary>Passwords after the NCSC guidance: length and a deny-list, no composition rules.</summary>
public class PasswordRulesTests
{
    [Theory]
    [InlineData("correct horse battery")]           // three words
    [InlineData("tulip ledger moorland")]
    [InlineData("a-long-enough-password")]
    [InlineData("Fiona's allotment in Tring")]
    [InlineData("wobbly-teapot-42-ferns")]
    public void Long_passwords_that_are_not_common_or_personal_are_accepted(string password) =>
        PasswordRules.Problem(password, "viewer@dacorum.example", "Cllr Viewer", "Dacorum Borough Council").ShouldBeNull();

    [Theory]
    [InlineData("short", "at least 12 characters")]
    [InlineData("Password1234", "attackers try first")]
    [InlineData("P@ssw0rd2024!", "attackers try first")]
    [InlineData("Summer2026!!", "attackers try first")]
    [InlineData("liverpool1892", "attackers try first")]
    [InlineData("qwertyuiop12", "attackers try first")]
    [InlineData("poiuytrewqlk", "repeated or sequential")]
    [InlineData("123456789012", "repeated or sequential")]
    [InlineData("987654321098", "repeated or sequential")]
    [InlineData("abcabcabcabc", "repeated or sequential")]
    [InlineData("zzzzzzzzzzzz", "repeated or sequential")]
    [InlineData("Dacorum2026!", "council's name")]
    [InlineData("viewer123456", "council's name")]
    [InlineData("Steward12345", "council's name")]
    public void Common_patterned_and_personal_passwords_are_refused_saying_why(string password, string because) =>
        PasswordRules.Problem(password, "viewer@dacorum.example", "Cllr Viewer", "Dacorum Borough Council")!.ShouldContain(because);

    [Fact]
    public void No_composition_rule_applies_and_very_long_passwords_stop_at_256() =>
        (PasswordRules.Problem("all lower case words only"), PasswordRules.Problem(new string('x', 10) + new string('y', 250)))
        .ShouldBe((null, "the password must be 256 characters or fewer"));
}
