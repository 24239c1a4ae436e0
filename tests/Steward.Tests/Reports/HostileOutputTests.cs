using System.Globalization;
using System.Net;
using System.Text;
using AngleSharp.Html.Parser;
using CsvHelper;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.EntityFrameworkCore;
using Steward.Common;
using Steward.Domain;
using Steward.Features.Indicators;
using Steward.Features.Reports;
using Steward.Tests.Support;
using Steward.Tests.Web;

namespace Steward.Tests.Reports;

/// <summary>
/// Text people really type — accents, emoji, Arabic and Hebrew beside English, markup and quote characters, a leading
/// "=" a spreadsheet would run, tabs and line breaks — in an indicator's name and a 10,000-character comment reaches
/// every output whole: the entry form and the report card, the trend chart's SVG, the CSV export (read back as
/// imported), the API, and the pack in HTML, Word, Excel and PDF.
/// </summary>
public class HostileOutputTests : IAsyncLifetime
{
    private static readonly Period Q2 = new(2017, 9);
    private readonly DemoSite _site = new();

    public Task InitializeAsync() => _site.InitializeAsync();
    public Task DisposeAsync() => _site.DisposeAsync();

    private const string Name = "Résolution au premier contact 😀 الحل من أول اتصال — פתרון בפנייה הראשונה";

    /// <summary>A comment of exactly <see cref="TextRules.MaxCommentLength"/> characters, never ending in half an emoji.</summary>
    private static string LongComment()
    {
        var text = new StringBuilder("=SUM(A1:A9) is what a spreadsheet would run. ");
        var paragraph = 0;
        while (text.Length < TextRules.MaxCommentLength)
            text.Append(CultureInfo.InvariantCulture, $"Paragraph {++paragraph}: two advisers off sick 🤒, calls waiting <b>&amp;</b> \"quoted\", 'single'; مستشاران في إجازة مرضية; יועצים חולים.\tEnd.\n");
        var cut = TextRules.MaxCommentLength;
        if (char.IsHighSurrogate(text[cut - 1])) cut--;
        return text.ToString(0, cut).TrimEnd() + new string('.', TextRules.MaxCommentLength - text.ToString(0, cut).TrimEnd().Length);
    }

    [Fact]
    public async Task Emoji_right_to_left_scripts_and_a_10000_character_comment_reach_every_output_whole()
    {
        var comment = LongComment();
        comment.Length.ShouldBe(TextRules.MaxCommentLength);
        int csu02;
        await using (var db = _site.Db.Open(_site.Dacorum))
        {
            // CSU02 (target 90%) falls to 40% for four quarters: an exception, with its report card in the pack.
            var indicator = await db.Indicators.SingleAsync(i => i.Code == "CSU02");
            indicator.Name = Name;
            csu02 = indicator.Id;
            foreach (var p in Enumerable.Range(0, 4).Select(k => Q2.Previous(Frequency.Quarterly, k)))
            {
                var result = await db.Results.SingleOrDefaultAsync(r => r.IndicatorId == csu02 && r.Period == p)
                             ?? db.Results.Add(new Result { IndicatorId = csu02, Period = p, Status = ApprovalStatus.Approved }).Entity;
                (result.Value, result.Numerator, result.Denominator, result.Status) = (40m, 400m, 1000m, ApprovalStatus.Approved);
                result.UpdaterComment = null;
                result.ApproverComment = null;
            }
            await db.SaveChangesAsync();
        }

        // Typed into the entry form by the updater, and saved exactly (a too-long comment is refused, naming the field).
        var updater = await _site.As("updater@dacorum.example");
        var url = $"/indicators/{csu02}/results/{Q2}";
        var (_, form) = await updater.GetAsync(url);
        var tooLong = await updater.PostFormAsync(url, form, "main form", ("Numerator", "400"), ("Denominator", "1000"), ("Comment", comment + "!"), ("action", "draft"));
        tooLong.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await tooLong.Content.ReadAsStringAsync()).ShouldContain("The comment must be 10,000 characters or fewer");
        (await updater.PostFormAsync(url, form, "main form", ("Numerator", "400"), ("Denominator", "1000"), ("Comment", comment), ("action", "draft")))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await using (var db = _site.Db.Open(_site.Dacorum))
        {
            var saved = await db.Results.SingleAsync(r => r.IndicatorId == csu02 && r.Period == Q2);
            saved.UpdaterComment.ShouldBe(comment);
            saved.Status = ApprovalStatus.Approved; // as the approver would, so the pack and exports carry it
            await db.SaveChangesAsync();
        }

        // Pages: the entry form gives it back to edit; the report card shows it and its chart names the indicator.
        var (_, entry) = await updater.GetAsync(url);
        entry.QuerySelector("textarea[name=Comment]")!.TextContent.ShouldBe(comment);
        var viewer = await _site.As("viewer@dacorum.example");
        var (_, card) = await viewer.GetAsync($"/indicators/{csu02}?period={Q2}");
        card.Body!.TextContent.ShouldContain(comment);
        card.QuerySelector("h1")!.TextContent.ShouldContain(Name);
        card.QuerySelectorAll("svg title").Select(t => t.TextContent).ShouldContain(t => t.Contains(Name));

        await using (var db = _site.Db.Open(_site.Dacorum))
        {
            // The CSV export, read back as an import reads it: the leading "=" neutralised for spreadsheets, and restored.
            var csv = await IndicatorExport.ResultsCsvAsync(db, Q2, Q2);
            using var reader = new CsvReader(new StringReader(csv), CultureInfo.InvariantCulture);
            var rows = reader.GetRecords<dynamic>().Cast<IDictionary<string, object>>().ToList();
            var row = rows.Single(r => (string)r["code"] == "CSU02");
            ((string)row["comment"]).ShouldStartWith("'=");
            Csv.Unneutralise((string)row["comment"]).ShouldBe(comment);

            // The pack in each format.
            var org = await db.Organisations.SingleAsync(o => o.Id == _site.Dacorum);
            var committee = await db.Committees.SingleAsync(c => c.Code == "FROSC");
            var pack = await PackBuilder.BuildAsync(db, org, new PackRequest(committee, Q2, false, DateOnly.FromDateTime(DemoSite.Today.UtcDateTime)));

            var html = new HtmlParser().ParseDocument(PackHtml.Render(pack));
            html.Body!.TextContent.ShouldContain("The story: " + comment);
            html.QuerySelectorAll("svg title").Select(t => t.TextContent).ShouldContain(t => t.Contains(Name));

            using (var word = WordprocessingDocument.Open(new MemoryStream(PackWord.Render(pack)), false))
            {
                var paragraphs = word.MainDocumentPart!.Document.Body!.Descendants<DocumentFormat.OpenXml.Wordprocessing.Paragraph>().Select(WordText).ToList();
                paragraphs.ShouldContain("The story: " + comment);
                paragraphs.ShouldContain(p => p.Contains(Name));
            }

            using (var excel = SpreadsheetDocument.Open(new MemoryStream(PackXlsx.Render(pack)), false))
            {
                var shared = excel.WorkbookPart!.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(s => s.InnerText).ToList() ?? [];
                var cells = excel.WorkbookPart.WorksheetParts.SelectMany(w => w.Worksheet.Descendants<Cell>())
                    .Select(c => c.DataType?.Value == CellValues.SharedString ? shared[int.Parse(c.CellValue!.Text, CultureInfo.InvariantCulture)]
                        : c.DataType?.Value == CellValues.InlineString ? c.InlineString!.InnerText : c.CellValue?.Text ?? "").ToList();
                cells.ShouldContain("Updater: " + comment);
                cells.ShouldContain(c => c.Contains(Name));
            }

            // The PDF draws glyphs left to right, so its text is in drawing order (VisualOrder): Hebrew and Arabic turned
            // round and joined, and what its font cannot draw (the emoji) shown as U+FFFD — never as nothing. Every
            // paragraph of the comment is there, over as many pages as it takes.
            using var pdf = UglyToad.PdfPig.PdfDocument.Open(PackPdf.Render(pack));
            var pdfText = string.Join(" ", pdf.GetPages().Select(p => UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor.ContentOrderTextExtractor.GetText(p))).Squash();
            pdfText.ShouldNotContain("\0");
            pdfText.ShouldContain("The story: =SUM(A1:A9) is what a spreadsheet would run. Paragraph 1: two advisers off sick \uFFFD, calls waiting <b>&amp;</b> \"quoted\", 'single';");
            var count = comment.Split('\n').Length;
            // Each paragraph twice: in the exception report card and, continued over pages (each with its page number,
            // the table's header and the row's "CSU02 … (continued)" again), in the theme table's comments.
            var continuous = System.Text.RegularExpressions.Regex.Replace(pdfText, @"Page \d+ of \d+ (Indicator Sep 2017 Jun 2017 Sep 2016 RAG Last four: green / amber / red Comments )?(CSU02 [^(]*?\(continued\) )?", "");
            for (var k = 1; k < count; k++)
                System.Text.RegularExpressions.Regex.Count(continuous, $@"Paragraph {k}: two advisers off sick \uFFFD").ShouldBe(2, $"paragraph {k}");
            // "יועצים חולים" turned round; "إجازة" (leave) joined — alef with hamza below, jeem initial, alef final,
            // zain, teh marbuta — and turned round.
            pdfText.ShouldContain("םילוח םיצעוי");
            pdfText.ShouldContain("\uFE93\uFEAF\uFE8E\uFE9F\uFE87");
            pdfText.ShouldContain("CSU02 Résolution au premier contact");
            pdfText.ShouldContain(VisualOrder.ForDrawing("الحل من أول اتصال"));
            pdfText.ShouldContain("הנושארה היינפב");
        }
    }

    /// <summary>A Word paragraph's text as Word shows it: tabs as tabs and line breaks as new lines.</summary>
    private static string WordText(DocumentFormat.OpenXml.Wordprocessing.Paragraph p) =>
        string.Concat(p.Descendants().Select(e => e switch
        {
            DocumentFormat.OpenXml.Wordprocessing.Text t => t.Text,
            DocumentFormat.OpenXml.Wordprocessing.TabChar => "\t",
            DocumentFormat.OpenXml.Wordprocessing.Break => "\n",
            _ => "",
        }));
}
