using System.Net;
using AngleSharp.Html.Parser;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.EntityFrameworkCore;
using Steward.Common;
using Steward.Domain;
using Steward.Features.Committees;
using Steward.Features.Indicators;
using Steward.Features.Reports;
using Steward.Features.Risks;
using Steward.Tests.Support;
using Steward.Tests.Web;

namespace Steward.Tests.Reports;

/// <summary>
/// The quarterly pack for Dacorum's Finance and Resources Overview and Scrutiny Committee at Q2 2017/18 (seed 001), read
/// back from each format: the summary sentence, every indicator of the remit with its value and RAG, each exception's
/// report card, each risk with its scores, page numbers, and nothing exempt in the public version.
/// </summary>
public class PackTests : IAsyncLifetime
{
    private static readonly Period Q2 = new(2017, 9);
    private readonly DemoSite _site = new();

    public Task InitializeAsync() => _site.InitializeAsync();
    public Task DisposeAsync() => _site.DisposeAsync();

    private async Task<(PackDocument Pack, List<IndicatorStatus> Statuses, List<Risk> Risks)> BuildAsync(bool publicVersion, Action<Steward.Data.StewardDb>? change = null)
    {
        await using var db = _site.Db.Open(_site.Dacorum);
        if (change is not null)
        {
            change(db);
            await db.SaveChangesAsync();
        }
        var org = await db.Organisations.SingleAsync(o => o.Id == _site.Dacorum);
        var committee = await db.Committees.SingleAsync(c => c.Code == "FROSC");
        var pack = await PackBuilder.BuildAsync(db, org, new PackRequest(committee, Q2, publicVersion, DateOnly.FromDateTime(DemoSite.Today.UtcDateTime)));
        var statuses = await Performance.AtAsync(db, org, Q2);
        // The committee's remit holds the Performance and Projects register.
        var risks = await db.Risks.Where(r => !r.Closed && r.Register!.Name == "Performance and Projects" && !(publicVersion && r.Exempt)).ToListAsync();
        return (pack, statuses, risks);
    }

    private static string Text(string html) => new HtmlParser().ParseDocument(html).Body!.TextContent.Squash();

    /// <summary>A PDF's text as ordinary tools read it: each page's text in the order it is written, white space made single.</summary>
    private static List<string> PdfPages(byte[] pdf)
    {
        using var doc = UglyToad.PdfPig.PdfDocument.Open(pdf);
        return doc.GetPages().Select(p => UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor.ContentOrderTextExtractor.GetText(p).Squash()).ToList();
    }

    private static string Text(byte[] docx)
    {
        using var doc = WordprocessingDocument.Open(new MemoryStream(docx), false);
        return string.Join(" ", doc.MainDocumentPart!.Document.Body!.Descendants<Paragraph>().Select(p => p.InnerText)).Squash();
    }

    [Fact]
    public async Task The_pack_carries_the_summary_every_indicator_each_exception_and_each_risk_in_html_and_word()
    {
        var (pack, statuses, risks) = await BuildAsync(publicVersion: false);
        pack.Title.ShouldBe("Quarter 2 2017/18 Performance Report");
        statuses.Count.ShouldBe(17);
        var html = Text(PackHtml.Render(pack));
        var word = Text(PackWord.Render(pack));
        var pdf = string.Join(" ", PdfPages(PackPdf.Render(pack)));
        foreach (var (format, text) in new[] { ("html", html), ("docx", word), ("pdf", pdf) })
        {
            text.ShouldContain("Of the 11 targetable indicators, 7 were green and 4 were amber.", Case.Sensitive, format);
            text.ShouldContain("Report for Finance and Resources Overview and Scrutiny Committee", Case.Sensitive, format);
            text.ShouldContain("Date of meeting 6 March 2018", Case.Sensitive, format);
            foreach (var s in statuses)
            {
                text.ShouldContain($"{s.Indicator.Code} {s.Indicator.Name}", Case.Sensitive, format);
                text.ShouldContain(Show.Value(s.Indicator, s.Observation.Value), Case.Sensitive, format);
            }
            foreach (var e in statuses.Where(s => s.Exceptions.Count > 0))
                text.ShouldContain($"{e.Indicator.Code}: results and targets", Case.Sensitive, format);
            foreach (var r in risks)
                text.ShouldContain($"{r.Code} {r.Title}", Case.Sensitive, format);
            text.ShouldContain("Refer to a task and finish group", Case.Sensitive, format);
            text.ShouldContain("Approve actions: Next phase of the sickness project", Case.Sensitive, format);
        }
        // A risk's scores as the register shows them: PP_R04 is 3×4 = 12 after its December 2017 sign-off.
        var pp4 = risks.Single(r => r.Code == "PP_R04");
        html.ShouldContain($"Current risk {Show.Score(pp4.Residual)}");
    }

    [Fact]
    public async Task An_indicator_off_target_for_four_quarters_gets_a_report_card_with_its_trend_story_officers_and_prompts()
    {
        await using (var db = _site.Db.Open(_site.Dacorum))
        {
            // CSU02 (percentage resolved at first point of contact, target 90%) falls to 40% for four quarters (more than the 50% tolerance short).
            var csu02 = await db.Indicators.SingleAsync(i => i.Code == "CSU02");
            foreach (var p in Enumerable.Range(0, 4).Select(k => Q2.Previous(Frequency.Quarterly, k)))
            {
                var result = await db.Results.SingleOrDefaultAsync(r => r.IndicatorId == csu02.Id && r.Period == p)
                             ?? db.Results.Add(new Result { IndicatorId = csu02.Id, Period = p, Status = ApprovalStatus.Approved }).Entity;
                (result.Value, result.Numerator, result.Denominator) = (40m, 400m, 1000m);
                result.UpdaterComment = p == Q2 ? "Two advisers on long-term sick leave" : result.UpdaterComment;
            }
            await db.SaveChangesAsync();
        }
        var (pack, statuses, _) = await BuildAsync(publicVersion: false);
        var e = statuses.Single(s => s.Indicator.Code == "CSU02");
        e.Exceptions.ShouldContain(ExceptionReason.OffTarget);
        var card = pack.Sections.Single(s => s.Title == "Exception report cards").Blocks;
        var chart = card.OfType<PackChart>().Single();
        // Up to 13 quarters, from the first with a result or target (Dacorum's history starts in 2016).
        chart.Points.Count.ShouldBeInRange(2, PackBuilder.TrendPeriods);
        (chart.Points[0].Value ?? chart.Points[0].Target).ShouldNotBeNull();
        chart.Points[^1].ShouldBe(new TrendPoint(Q2, 40m, 90m, Rag.Red));
        foreach (var (format, text) in new[] { ("html", Text(PackHtml.Render(pack))), ("docx", Text(PackWord.Render(pack))), ("pdf", string.Join(" ", PdfPages(PackPdf.Render(pack)))) })
        {
            text.ShouldContain($"Off target (red): CSU02 {e.Indicator.Name}", Case.Sensitive, format);
            text.ShouldContain("CSU02: results and targets", Case.Sensitive, format);
            text.ShouldContain("The story: Two advisers on long-term sick leave", Case.Sensitive, format);
            text.ShouldContain("When will performance be back on track?", Case.Sensitive, format);
            text.ShouldContain(chart.Description, Case.Sensitive, format);
        }
        PackHtml.Render(pack).ShouldContain("<svg");

        // In Word the chart is a native line chart: result and target series over the same periods, the description as its alternative text.
        using var doc = WordprocessingDocument.Open(new MemoryStream(PackWord.Render(pack)), false);
        new DocumentFormat.OpenXml.Validation.OpenXmlValidator(DocumentFormat.OpenXml.FileFormatVersions.Microsoft365).Validate(doc).Select(v => $"{v.Path?.XPath}: {v.Description}").ShouldBeEmpty();
        var drawing = doc.MainDocumentPart!.Document.Body!.Descendants<DocumentFormat.OpenXml.Drawing.Wordprocessing.DocProperties>().Single();
        drawing.Description!.Value.ShouldBe(chart.Description);
        var space = doc.MainDocumentPart.ChartParts.Single().ChartSpace;
        var series = space.Descendants<DocumentFormat.OpenXml.Drawing.Charts.LineChartSeries>().ToList();
        series.Select(x => x.SeriesText!.InnerText).ShouldBe(["Result", "Target"]);
        decimal.Parse(series[0].Descendants<DocumentFormat.OpenXml.Drawing.Charts.NumericPoint>().Last().InnerText, System.Globalization.CultureInfo.InvariantCulture).ShouldBe(40m);
        decimal.Parse(series[1].Descendants<DocumentFormat.OpenXml.Drawing.Charts.NumericPoint>().Last().InnerText, System.Globalization.CultureInfo.InvariantCulture).ShouldBe(90m);
        series[0].Descendants<DocumentFormat.OpenXml.Drawing.Charts.StringPoint>().Count().ShouldBe(chart.Points.Count);
    }

    [Fact]
    public async Task Each_indicator_row_gives_the_quarter_the_quarter_before_the_same_quarter_last_year_and_the_rag()
    {
        var (pack, statuses, _) = await BuildAsync(publicVersion: false);
        var tables = pack.Sections.Single(s => s.Title == "Performance by theme").Blocks.OfType<PackTable>().ToList();
        var rows = tables.SelectMany(t => t.Rows).ToDictionary(r => r[0].Text);
        rows.Count.ShouldBe(17);
        var csu02 = statuses.Single(s => s.Indicator.Code == "CSU02");
        var row = rows[$"CSU02 {csu02.Indicator.Name}"];
        tables[0].Columns.Select(c => c.Header).ShouldBe(["Indicator", "Sep 2017", "Jun 2017", "Sep 2016", "RAG", "Last four: green / amber / red", "Comments"]);
        row[1].Text.ShouldStartWith(Show.Value(csu02.Indicator, csu02.Observation.Value));
        row[2].Text.ShouldStartWith(Show.Value(csu02.Indicator, csu02.Series.At(new Period(2017, 6)).Value));
        row[4].Text.ShouldBe(Show.Rag(csu02.Rag));
        row[4].Rag.ShouldBe(csu02.Rag);
    }

    [Fact]
    public async Task An_exempt_risk_is_marked_in_the_part_ii_pack_and_absent_from_the_public_one()
    {
        string code = "", title = "";
        void MakeExempt(Steward.Data.StewardDb db)
        {
            var risk = db.Risks.OrderBy(r => r.Id).First(r => !r.Closed && r.Code.StartsWith("PP_"));
            (risk.Exempt, risk.ExemptionParagraph, code, title) = (true, "3", risk.Code, risk.Title);
        }
        var (partTwo, _, _) = await BuildAsync(publicVersion: false, MakeExempt);
        var text = Text(PackHtml.Render(partTwo));
        text.ShouldContain($"{code} {title}");
        text.ShouldContain("Exempt information: Contains exempt information as defined in paragraph 3 of Part 1 of Schedule 12A to the Local Government Act 1972.");
        partTwo.Cover.ShouldContain(("Part", "II"));

        var (open, _, _) = await BuildAsync(publicVersion: true);
        foreach (var rendered in new[] { Text(PackHtml.Render(open)), Text(PackWord.Render(open)), string.Join(" ", PdfPages(PackPdf.Render(open))) })
        {
            rendered.ShouldNotContain(code);
            rendered.ShouldNotContain(title);
            rendered.ShouldNotContain("Exempt information");
        }
        open.Cover.ShouldContain(("Part", "I"));
    }

    [Fact]
    public async Task The_word_document_has_real_headings_repeated_table_headers_and_page_numbers()
    {
        var (pack, _, _) = await BuildAsync(publicVersion: false);
        using var doc = WordprocessingDocument.Open(new MemoryStream(PackWord.Render(pack)), false);
        var body = doc.MainDocumentPart!.Document.Body!;
        var headings = body.Descendants<Paragraph>().Where(p => p.ParagraphProperties?.ParagraphStyleId?.Val == "Heading1").Select(p => p.InnerText).ToList();
        headings.ShouldContain("2. Summary of performance");
        headings.ShouldContain("Appendix A: Standard follow-up actions");
        body.Descendants<TableHeader>().Count().ShouldBeGreaterThan(5);
        var footer = doc.MainDocumentPart.FooterParts.Single().Footer!;
        footer.Descendants<SimpleField>().Select(f => f.Instruction!.Value!.Trim()).ShouldBe(["PAGE", "NUMPAGES"]);
        doc.MainDocumentPart.StyleDefinitionsPart!.Styles!.Descendants<Style>().Single(s => s.StyleId == "Heading1")
            .StyleParagraphProperties!.OutlineLevel!.Val!.Value.ShouldBe(0);
        // Nothing but Word's own markup: no embedded HTML chunks; and valid against the schema, in its order.
        doc.MainDocumentPart.AlternativeFormatImportParts.ShouldBeEmpty();
        new DocumentFormat.OpenXml.Validation.OpenXmlValidator(DocumentFormat.OpenXml.FileFormatVersions.Microsoft365).Validate(doc)
            .Select(v => $"{v.Path?.XPath}: {v.Description}").ShouldBeEmpty();
    }

    [Fact]
    public async Task The_pdf_is_tagged_numbered_and_its_contents_give_each_sections_page()
    {
        var (pack, _, _) = await BuildAsync(publicVersion: false);
        var bytes = PackPdf.Render(pack);
        var pages = PdfPages(bytes);
        pages.Count.ShouldBeGreaterThan(5);
        for (var i = 0; i < pages.Count; i++) pages[i].ShouldContain($"Page {i + 1} of {pages.Count}");
        // The contents line for section 5 names the page its heading is on.
        var risks = pages.FindIndex(p => p.Contains("5. Risks 5.1")) + 1;
        risks.ShouldBeGreaterThan(1);
        pages[0].ShouldContain($"5. Risks {risks}");
        using var doc = UglyToad.PdfPig.PdfDocument.Open(bytes);
        doc.Structure.Catalog.CatalogDictionary.ContainsKey(UglyToad.PdfPig.Tokens.NameToken.Create("StructTreeRoot")).ShouldBeTrue("the PDF is tagged");
        doc.Structure.Catalog.CatalogDictionary.ContainsKey(UglyToad.PdfPig.Tokens.NameToken.Create("Lang")).ShouldBeTrue("the PDF says its language");
        doc.TryGetBookmarks(out var bookmarks).ShouldBeTrue();
        bookmarks.GetNodes().Select(n => n.Title).ShouldContain("4. Exception report cards");
    }

    [Fact]
    public async Task The_command_line_writes_each_format_and_refuses_a_period_that_does_not_end_a_quarter()
    {
        using var files = new TempFiles();
        var docx = files.Write("pack.docx", "");
        var r = await StewardCli.RunAsync(_site.Db, "report", "--org", "DBC", "--period", "2017-09", "--format", "docx", "--out", docx, "--committee", "frosc");
        r.ExitCode.ShouldBe(0, r.Err);
        r.Out.Trim().ShouldBe($"Wrote Quarter 2 2017/18 Performance Report for Finance and Resources Overview and Scrutiny Committee to {docx}.");
        Text(await File.ReadAllBytesAsync(docx)).ShouldContain("Of the 11 targetable indicators, 7 were green and 4 were amber.");
        var html = files.Write("pack.html", "");
        r = await StewardCli.RunAsync(_site.Db, "report", "--org", "DBC", "--period", "2017-09", "--format", "html", "--out", html, "--public");
        r.ExitCode.ShouldBe(0, r.Err);
        Text(await File.ReadAllTextAsync(html)).ShouldContain("Report for Dacorum Borough Council");

        var pdf = files.Write("pack.pdf", "");
        r = await StewardCli.RunAsync(_site.Db, "report", "--org", "DBC", "--period", "2017-09", "--format", "pdf", "--out", pdf, "--committee", "FROSC");
        r.ExitCode.ShouldBe(0, r.Err);
        PdfPages(await File.ReadAllBytesAsync(pdf))[0].ShouldContain("Report for Finance and Resources Overview and Scrutiny Committee");

        (await StewardCli.RunAsync(_site.Db, "report", "--org", "DBC", "--period", "2017-08", "--format", "html", "--out", html)).ExitCode.ShouldBe(2);
        (await StewardCli.RunAsync(_site.Db, "report", "--org", "DBC", "--period", "2017-09", "--format", "rtf", "--out", html)).ExitCode.ShouldBe(2);
        var unknown = await StewardCli.RunAsync(_site.Db, "report", "--org", "DBC", "--period", "2017-09", "--format", "html", "--out", html, "--committee", "Planning");
        unknown.ExitCode.ShouldBe(1);
        unknown.Err.ShouldContain("there is no committee with the code or name 'Planning'");
    }

    [Fact]
    public async Task A_councillor_gets_the_public_version_and_the_risk_team_the_part_ii_version()
    {
        string code = "";
        await using (var db = _site.Db.Open(_site.Dacorum))
        {
            var risk = await db.Risks.OrderBy(r => r.Id).FirstAsync(r => !r.Closed && r.Code.StartsWith("PP_"));
            (risk.Exempt, risk.ExemptionParagraph, code) = (true, "3", risk.Code);
            await db.SaveChangesAsync();
        }
        var committee = (await (await _site.As("viewer@dacorum.example")).GetAsync("/reports")).Page
            .QuerySelectorAll("#committee option").Single(o => o.TextContent.StartsWith("Finance")).GetAttribute("value");
        var url = $"/reports?handler=Pack&committee={committee}&period=2017-09&format=html";
        var (viewer, viewerPage) = await (await _site.As("viewer@dacorum.example")).GetAsync(url);
        viewer.StatusCode.ShouldBe(HttpStatusCode.OK);
        viewerPage.Body!.TextContent.ShouldNotContain(code);
        var (_, officerPage) = await (await _site.As("officer@dacorum.example")).GetAsync(url);
        officerPage.Body!.TextContent.ShouldContain(code);
        var (_, publicPage) = await (await _site.As("officer@dacorum.example")).GetAsync(url + "&public=true");
        publicPage.Body!.TextContent.ShouldNotContain(code);

        var word = await (await _site.As("officer@dacorum.example")).Client.GetAsync($"/reports?handler=Pack&committee={committee}&period=2017-09&format=docx");
        word.StatusCode.ShouldBe(HttpStatusCode.OK);
        word.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        word.Content.Headers.ContentDisposition!.FileNameStar.ShouldBe("dbc-frosc-2017-09-performance-pack.docx");

        var (bad, badPage) = await (await _site.As("officer@dacorum.example")).GetAsync("/reports?handler=Pack&period=2017-08&format=html");
        bad.StatusCode.ShouldBe(HttpStatusCode.OK);
        badPage.QuerySelector(".govuk-error-summary")!.TextContent.ShouldContain("Choose the quarter the pack reports on");
    }
}
