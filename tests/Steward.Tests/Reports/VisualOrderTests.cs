using Steward.Features.Reports;

namespace Steward.Tests.Reports;

/// <summary>
/// Lines as the PDF pack draws them, left to right: the expected strings are the characters in the order they appear on
/// the page (Unicode's bidirectional algorithm, UAX #9, for a left-to-right paragraph; Arabic joined by ArabicShaping.txt).
/// </summary>
public class VisualOrderTests
{
    [Theory]
    // Left-to-right text is left alone.
    [InlineData("Stage 1 complaints resolved in 15 days (74 / 81)", "Stage 1 complaints resolved in 15 days (74 / 81)")]
    // A Hebrew phrase inside an English sentence is turned round; the full stop after it stays in the English.
    [InlineData("Paragraph 1: off sick; יועצים חולים. End.", "Paragraph 1: off sick; םילוח םיצעוי. End.")]
    // Numbers inside right-to-left text keep their own order ("page 12 of 30").
    [InlineData("עמוד 12 מתוך 30", "30 ךותמ 12 דומע")]
    // A percentage stays with its number.
    [InlineData("ירידה של 12.5%", "12.5% לש הדירי")]
    // Brackets inside right-to-left text are mirrored.
    [InlineData("א (ב) ג", "ג (ב) א")]
    // Arabic: م ر ح ب ا joined (initial meem, final reh, initial hah, medial beh, final alef) and turned round.
    [InlineData("مرحبا", "\uFE8E\uFE92\uFEA3\uFEAE\uFEE3")]
    // Lam and alef make their ligature.
    [InlineData("لا", "\uFEFB")]
    // An Arabic word in English: "the council مجلس today".
    [InlineData("the council مجلس today", "the council \uFEB2\uFEE0\uFEA0\uFEE3 today")]
    // Hamza does not join: the yeh before it takes its final form ("شيء").
    [InlineData("شيء", "\uFE80\uFEF2\uFEB7")]
    // Lam-alef after a joining letter takes its final form, and the meem after alef stands alone ("سلام").
    [InlineData("سلام", "\uFEE1\uFEFC\uFEB3")]
    // A zero-width non-joiner keeps Persian letters apart ("می‌خواهم") and is not drawn.
    [InlineData("می\u200Cخواهم", "\uFEE2\uFEEB\uFE8D\uFEEE\uFEA7\uFBFD\uFEE3")]
    // A right-to-left mark after the exclamation mark keeps it with the Hebrew, and is not drawn.
    [InlineData("שלום!\u200F", "!םולש")]
    [InlineData("שלום!", "םולש!")]
    public void A_line_is_drawn_left_to_right_in_the_order_a_reader_expects(string logical, string visual) =>
        VisualOrder.ForDrawing(logical).ShouldBe(visual);

    [Fact]
    public void What_the_font_cannot_draw_is_shown_as_a_replacement_character_never_as_nothing()
    {
        bool DejaVuLike(int c) => c < 0x1F000;
        VisualOrder.ForDrawing("off sick 🤒, back 👍🏽 ❤️ soon", DejaVuLike).ShouldBe("off sick \uFFFD, back \uFFFD ❤ soon");
        VisualOrder.ForDrawing("family 👨‍👩‍👧 day", DejaVuLike).ShouldBe("family \uFFFD day");
    }
}
