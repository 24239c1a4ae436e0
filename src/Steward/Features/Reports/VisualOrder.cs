using System.Globalization;
using System.Text;

namespace Steward.Features.Reports;

/// <summary>
/// One line of text as a drawing surface that only places glyphs left to right (the PDF pack) must draw it: Arabic
/// letters joined (their presentation forms), right-to-left runs of Hebrew and Arabic turned round, numbers inside them
/// kept left to right, brackets in them mirrored, and any character the font cannot draw (an emoji, say) shown as
/// U+FFFD rather than as nothing. Word, Excel, HTML and the pages keep text as typed: their readers do this themselves.
/// </summary>
/// <remarks>
/// The Unicode bidirectional algorithm (UAX #9) for a left-to-right paragraph without explicit embeddings — Steward
/// refuses those characters (<see cref="Domain.TextRules"/>) — resolved per text element (a character with its marks, an
/// emoji's surrogate pair): strong letters, European and Arabic numbers with their separators (rules W2–W7), neutrals
/// between runs of one direction taking it (N1) and otherwise the paragraph's (N2), then levels 1 and 2 reversed (L2).
/// Arabic shaping follows the joining types of Unicode's ArabicShaping.txt for the Arabic, Persian and Urdu letters
/// the pack's font (DejaVu Sans) draws, with the lam-alef ligatures.
/// </remarks>
public static class VisualOrder
{
    private enum Kind { L, R, AL, EN, AN, Separator, Terminator, Neutral, Mark }

    /// <summary>
    /// <paramref name="line"/> (logical order, as typed) in drawing order. <paramref name="drawable"/> says whether the
    /// font has a glyph for a code point (null: every one); a code point it cannot draw becomes U+FFFD.
    /// </summary>
    public static string ForDrawing(string line, Func<int, bool>? drawable = null)
    {
        if (drawable is not null) line = Substitute(line, drawable);
        if (!line.Any(c => c is >= '\u0590' and <= '\u08FF' or >= '\uFB1D' and <= '\uFEFC')) return Undrawn(line);
        line = Shape(line, drawable);

        var elements = new List<string>();
        var e = StringInfo.GetTextElementEnumerator(line);
        while (e.MoveNext()) elements.Add((string)e.Current);
        var kinds = elements.Select(x => KindOf(Rune.GetRuneAt(x, 0).Value)).ToArray();
        var levels = Levels(kinds);

        // L2: reverse every run at level 2 or above, then every run at level 1 or above.
        var order = Enumerable.Range(0, elements.Count).ToArray();
        for (var level = 2; level >= 1; level--)
            for (var i = 0; i < order.Length;)
            {
                if (levels[order[i]] < level) { i++; continue; }
                var j = i;
                while (j < order.Length && levels[order[j]] >= level) j++;
                Array.Reverse(order, i, j - i);
                i = j;
            }
        var visual = new StringBuilder(line.Length);
        foreach (var i in order) visual.Append(levels[i] % 2 == 1 && Mirrors.TryGetValue(elements[i], out var m) ? m : elements[i]);
        return Undrawn(visual.ToString());
    }

    /// <summary>
    /// Without the characters that are never drawn — joiners, direction marks, variation selectors — once they have
    /// done their work (a zero-width non-joiner keeps two Arabic letters apart; a mark settles where punctuation goes).
    /// </summary>
    private static string Undrawn(string text) =>
        text.Any(c => char.GetUnicodeCategory(c) == UnicodeCategory.Format || c is >= '\uFE00' and <= '\uFE0F')
            ? string.Concat(text.Where(c => char.GetUnicodeCategory(c) != UnicodeCategory.Format && c is not (>= '\uFE00' and <= '\uFE0F')))
            : text;

    /// <summary>The embedding level of each element in a left-to-right paragraph: 0 left to right, 1 right to left, 2 a number inside right-to-left text.</summary>
    private static int[] Levels(Kind[] kinds)
    {
        var n = kinds.Length;
        // Marks take the kind of what they follow (W1).
        for (var i = 0; i < n; i++) if (kinds[i] == Kind.Mark) kinds[i] = i == 0 ? Kind.Neutral : kinds[i - 1];
        // W2: a European number after Arabic letters is an Arabic number; W3: Arabic letters are right to left.
        var lastStrong = Kind.L;
        for (var i = 0; i < n; i++)
        {
            if (kinds[i] is Kind.L or Kind.R or Kind.AL) lastStrong = kinds[i];
            else if (kinds[i] == Kind.EN && lastStrong == Kind.AL) kinds[i] = Kind.AN;
        }
        for (var i = 0; i < n; i++) if (kinds[i] == Kind.AL) kinds[i] = Kind.R;
        // W4: one separator between two numbers of a kind joins them.
        for (var i = 1; i < n - 1; i++)
            if (kinds[i] == Kind.Separator && kinds[i - 1] is Kind.EN or Kind.AN && kinds[i + 1] == kinds[i - 1]) kinds[i] = kinds[i - 1];
        // W5: terminators (%, £…) next to a European number belong to it; W6: other separators and terminators are neutral.
        for (var i = 0; i < n; i++)
        {
            if (kinds[i] != Kind.Terminator) continue;
            var j = i;
            while (j < n && kinds[j] == Kind.Terminator) j++;
            var number = i > 0 && kinds[i - 1] == Kind.EN || j < n && kinds[j] == Kind.EN;
            for (var k = i; k < j; k++) kinds[k] = number ? Kind.EN : Kind.Neutral;
            i = j - 1;
        }
        for (var i = 0; i < n; i++) if (kinds[i] == Kind.Separator) kinds[i] = Kind.Neutral;
        // W7: a European number after left-to-right letters (or at the start) is left to right.
        lastStrong = Kind.L;
        for (var i = 0; i < n; i++)
        {
            if (kinds[i] is Kind.L or Kind.R) lastStrong = kinds[i];
            else if (kinds[i] == Kind.EN && lastStrong == Kind.L) kinds[i] = Kind.L;
        }
        // N1–N2: neutrals between two of one direction (numbers count as right to left) take it; otherwise left to right.
        Kind Direction(Kind k) => k == Kind.L ? Kind.L : Kind.R;
        for (var i = 0; i < n;)
        {
            if (kinds[i] != Kind.Neutral) { i++; continue; }
            var j = i;
            while (j < n && kinds[j] == Kind.Neutral) j++;
            var before = i == 0 ? Kind.L : Direction(kinds[i - 1]);
            var after = j == n ? Kind.L : Direction(kinds[j]);
            for (var k = i; k < j; k++) kinds[k] = before == after ? before : Kind.L;
            i = j;
        }
        // I1: at the paragraph's level 0, right to left goes to 1 and numbers not resolved to left to right to 2.
        return kinds.Select(k => k switch { Kind.L => 0, Kind.R => 1, _ => 2 }).ToArray();
    }

    private static Kind KindOf(int c) => c switch
    {
        >= '0' and <= '9' => Kind.EN,
        0x200E => Kind.L,
        0x200F => Kind.R,
        0x061C => Kind.AL,
        >= 0x0660 and <= 0x0669 or >= 0x06F0 and <= 0x06F9 or 0x066B or 0x066C => Kind.AN,
        '.' or ',' or ':' or '/' or '+' or '-' or 0x060C => Kind.Separator,
        '%' or '£' or '$' or '€' or '#' or '°' or 0x066A => Kind.Terminator,
        >= 0x0591 and <= 0x05C7 or >= 0x064B and <= 0x065F or 0x0670 or >= 0x06D6 and <= 0x06ED => Kind.Mark,
        >= 0x0590 and <= 0x05FF or >= 0xFB1D and <= 0xFB4F => Kind.R,
        >= 0x0600 and <= 0x08FF or >= 0xFB50 and <= 0xFDFF or >= 0xFE70 and <= 0xFEFF => Kind.AL,
        _ when Rune.IsLetter(new Rune(c)) || Rune.GetUnicodeCategory(new Rune(c)) is UnicodeCategory.SpacingCombiningMark => Kind.L,
        _ when Rune.GetUnicodeCategory(new Rune(c)) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark => Kind.Mark,
        _ => Kind.Neutral,
    };

    private static readonly Dictionary<string, string> Mirrors = new()
    {
        ["("] = ")", [")"] = "(", ["["] = "]", ["]"] = "[", ["{"] = "}", ["}"] = "{", ["<"] = ">", [">"] = "<", ["«"] = "»", ["»"] = "«",
    };

    /// <summary>Each text element (an emoji with its joiners and variation selectors, say) with a code point the font cannot draw becomes one U+FFFD.</summary>
    private static string Substitute(string line, Func<int, bool> drawable)
    {
        if (line.All(c => c < 0x80)) return line;
        var text = new StringBuilder(line.Length);
        var e = StringInfo.GetTextElementEnumerator(line);
        while (e.MoveNext())
        {
            // Joiners, direction marks and variation selectors are never drawn (Undrawn takes them out at the end), so
            // the font need not have them.
            var element = (string)e.Current;
            var drawn = element.EnumerateRunes().Where(r => Rune.GetUnicodeCategory(r) != UnicodeCategory.Format && r.Value is not (>= 0xFE00 and <= 0xFE0F)).ToList();
            text.Append(drawn.All(r => r.Value < 0x80 || Rune.IsWhiteSpace(r) || drawable(r.Value)) ? element : "\uFFFD");
        }
        return text.ToString();
    }

    /// <summary>Isolated, final, initial and medial presentation forms of each Arabic letter (initial and medial 0: it joins on its right only).</summary>
    private static readonly Dictionary<char, (char Isolated, char Final, char Initial, char Medial)> Forms = new()
    {
        ['\u0621'] = ('\uFE80', '\uFE80', '\0', '\0'),
        ['\u0622'] = ('\uFE81', '\uFE82', '\0', '\0'), ['\u0623'] = ('\uFE83', '\uFE84', '\0', '\0'), ['\u0624'] = ('\uFE85', '\uFE86', '\0', '\0'),
        ['\u0625'] = ('\uFE87', '\uFE88', '\0', '\0'), ['\u0626'] = ('\uFE89', '\uFE8A', '\uFE8B', '\uFE8C'), ['\u0627'] = ('\uFE8D', '\uFE8E', '\0', '\0'),
        ['\u0628'] = ('\uFE8F', '\uFE90', '\uFE91', '\uFE92'), ['\u0629'] = ('\uFE93', '\uFE94', '\0', '\0'), ['\u062A'] = ('\uFE95', '\uFE96', '\uFE97', '\uFE98'),
        ['\u062B'] = ('\uFE99', '\uFE9A', '\uFE9B', '\uFE9C'), ['\u062C'] = ('\uFE9D', '\uFE9E', '\uFE9F', '\uFEA0'), ['\u062D'] = ('\uFEA1', '\uFEA2', '\uFEA3', '\uFEA4'),
        ['\u062E'] = ('\uFEA5', '\uFEA6', '\uFEA7', '\uFEA8'), ['\u062F'] = ('\uFEA9', '\uFEAA', '\0', '\0'), ['\u0630'] = ('\uFEAB', '\uFEAC', '\0', '\0'),
        ['\u0631'] = ('\uFEAD', '\uFEAE', '\0', '\0'), ['\u0632'] = ('\uFEAF', '\uFEB0', '\0', '\0'), ['\u0633'] = ('\uFEB1', '\uFEB2', '\uFEB3', '\uFEB4'),
        ['\u0634'] = ('\uFEB5', '\uFEB6', '\uFEB7', '\uFEB8'), ['\u0635'] = ('\uFEB9', '\uFEBA', '\uFEBB', '\uFEBC'), ['\u0636'] = ('\uFEBD', '\uFEBE', '\uFEBF', '\uFEC0'),
        ['\u0637'] = ('\uFEC1', '\uFEC2', '\uFEC3', '\uFEC4'), ['\u0638'] = ('\uFEC5', '\uFEC6', '\uFEC7', '\uFEC8'), ['\u0639'] = ('\uFEC9', '\uFECA', '\uFECB', '\uFECC'),
        ['\u063A'] = ('\uFECD', '\uFECE', '\uFECF', '\uFED0'), ['\u0641'] = ('\uFED1', '\uFED2', '\uFED3', '\uFED4'), ['\u0642'] = ('\uFED5', '\uFED6', '\uFED7', '\uFED8'),
        ['\u0643'] = ('\uFED9', '\uFEDA', '\uFEDB', '\uFEDC'), ['\u0644'] = ('\uFEDD', '\uFEDE', '\uFEDF', '\uFEE0'), ['\u0645'] = ('\uFEE1', '\uFEE2', '\uFEE3', '\uFEE4'),
        ['\u0646'] = ('\uFEE5', '\uFEE6', '\uFEE7', '\uFEE8'), ['\u0647'] = ('\uFEE9', '\uFEEA', '\uFEEB', '\uFEEC'), ['\u0648'] = ('\uFEED', '\uFEEE', '\0', '\0'),
        ['\u0649'] = ('\uFEEF', '\uFEF0', '\uFBE8', '\uFBE9'), ['\u064A'] = ('\uFEF1', '\uFEF2', '\uFEF3', '\uFEF4'),
        // Persian and Urdu.
        ['\u067E'] = ('\uFB56', '\uFB57', '\uFB58', '\uFB59'), ['\u0686'] = ('\uFB7A', '\uFB7B', '\uFB7C', '\uFB7D'), ['\u0698'] = ('\uFB8A', '\uFB8B', '\0', '\0'),
        ['\u06A9'] = ('\uFB8E', '\uFB8F', '\uFB90', '\uFB91'), ['\u06AF'] = ('\uFB92', '\uFB93', '\uFB94', '\uFB95'), ['\u06CC'] = ('\uFBFC', '\uFBFD', '\uFBFE', '\uFBFF'),
        ['\u0679'] = ('\uFB66', '\uFB67', '\uFB68', '\uFB69'), ['\u0688'] = ('\uFB88', '\uFB89', '\0', '\0'), ['\u0691'] = ('\uFB8C', '\uFB8D', '\0', '\0'),
        ['\u06BA'] = ('\uFB9E', '\uFB9F', '\0', '\0'), ['\u06C1'] = ('\uFBA6', '\uFBA7', '\uFBA8', '\uFBA9'), ['\u06D2'] = ('\uFBAE', '\uFBAF', '\0', '\0'),
    };

    /// <summary>Lam followed by a form of alef: the ligature, isolated and final.</summary>
    private static readonly Dictionary<char, (char Isolated, char Final)> LamAlef = new()
    {
        ['\u0622'] = ('\uFEF5', '\uFEF6'), ['\u0623'] = ('\uFEF7', '\uFEF8'), ['\u0625'] = ('\uFEF9', '\uFEFA'), ['\u0627'] = ('\uFEFB', '\uFEFC'),
    };

    private static bool JoinsOnLeft(char c) => c == '\u0640' || Forms.TryGetValue(c, out var f) && f.Initial != '\0';
    /// <summary>Whether a letter joins the one before it: every Arabic letter but hamza (joining type U in ArabicShaping.txt).</summary>
    private static bool Joins(char c) => c == '\u0640' || c != '\u0621' && Forms.ContainsKey(c);
    private static bool IsArabicMark(char c) => c is >= '\u064B' and <= '\u065F' or '\u0670';

    /// <summary>Arabic letters in the forms their neighbours make them take, marks (harakat) skipped over when joining.</summary>
    private static string Shape(string text, Func<int, bool>? drawable)
    {
        char Neighbour(int from, int step)
        {
            for (var k = from + step; k >= 0 && k < text.Length; k += step)
                if (!IsArabicMark(text[k])) return text[k];
            return '\0';
        }
        bool Draws(char c) => c != '\0' && (drawable is null || drawable(c));
        var shaped = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!Forms.TryGetValue(c, out var forms)) { shaped.Append(c); continue; }
            var prev = Neighbour(i, -1);
            var joinsBefore = prev != '\0' && JoinsOnLeft(prev);
            var nextIndex = i + 1;
            while (nextIndex < text.Length && IsArabicMark(text[nextIndex])) nextIndex++;
            if (c == '\u0644' && nextIndex < text.Length && LamAlef.TryGetValue(text[nextIndex], out var ligature))
            {
                var form = joinsBefore ? ligature.Final : ligature.Isolated;
                if (Draws(form))
                {
                    shaped.Append(form).Append(text, i + 1, nextIndex - i - 1);
                    i = nextIndex;
                    continue;
                }
            }
            var next = Neighbour(i, +1);
            var joinsAfter = forms.Initial != '\0' && next != '\0' && Joins(next);
            var chosen = (joinsBefore, joinsAfter) switch
            {
                (true, true) => forms.Medial,
                (false, true) => forms.Initial,
                (true, false) => forms.Final,
                _ => forms.Isolated,
            };
            shaped.Append(Draws(chosen) ? chosen : c);
        }
        return shaped.ToString();
    }
}
