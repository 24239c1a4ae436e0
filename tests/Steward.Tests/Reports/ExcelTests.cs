using System.Net;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.EntityFrameworkCore;
using Steward.Common;
using Steward.Domain;
using Steward.Features.Reports;
using Steward.Tests.Web;

namespace Steward.Tests.Reports;

/// <summary>Excel workbooks: the pack a sheet per table, the exports, the committee's work programme — numbers as numbers, text never a formula.</summary>
public class ExcelTests : IAsyncLifetime
{
    private readonly DemoSite _site = new();

    public Task InitializeAsync() => _site.InitializeAsync();
    public Task DisposeAsync() => _site.DisposeAsync();

    /// <summary>Each sheet's name and its rows, each cell as (text, number, number format).</summary>
    private static Dictionary<string, List<List<(string? Text, decimal? Number, string? Format)>>> Read(byte[] xlsx)
    {
        using var doc = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        new DocumentFormat.OpenXml.Validation.OpenXmlValidator(DocumentFormat.OpenXml.FileFormatVersions.Microsoft365).Validate(doc)
            .Select(v => $"{v.Path?.XPath}: {v.Description}").ShouldBeEmpty();
        var book = doc.WorkbookPart!;
        var formats = book.WorkbookStylesPart!.Stylesheet!.NumberingFormats?.Elements<NumberingFormat>().ToDictionary(f => f.NumberFormatId!.Value, f => f.FormatCode!.Value) ?? [];
        var xfs = book.WorkbookStylesPart.Stylesheet.CellFormats!.Elements<CellFormat>().ToList();
        var sheets = new Dictionary<string, List<List<(string?, decimal?, string?)>>>();
        foreach (var sheet in book.Workbook.Descendants<DocumentFormat.OpenXml.Spreadsheet.Sheet>())
        {
            var part = (WorksheetPart)book.GetPartById(sheet.Id!);
            part.Worksheet.Descendants<Pane>().Single().State!.Value.ShouldBe(PaneStateValues.Frozen, sheet.Name);
            part.Worksheet.Elements<AutoFilter>().ShouldHaveSingleItem(sheet.Name);
            sheets[sheet.Name!] = part.Worksheet.Descendants<Row>().Select(r =>
            {
                var row = new List<(string?, decimal?, string?)>();
                foreach (var c in r.Elements<Cell>())
                {
                    // Cells are placed by their reference: an empty cell is not written.
                    var column = c.CellReference!.Value!.TakeWhile(char.IsLetter).Aggregate(0, (n, ch) => n * 26 + ch - 'A' + 1) - 1;
                    while (row.Count < column) row.Add((null, null, null));
                    row.Add(c.DataType?.Value == CellValues.Number
                        ? (null, decimal.Parse(c.CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture),
                            formats.GetValueOrDefault(xfs[(int)(c.StyleIndex?.Value ?? 0)].NumberFormatId?.Value ?? 0))
                        : (c.InnerText, null, null));
                }
                return row;
            }).ToList();
        }
        return sheets;
    }

    [Fact]
    public async Task The_pack_workbook_has_a_sheet_per_table_with_the_figures_as_numbers_in_the_indicators_format()
    {
        await using var db = _site.Db.Open(_site.Dacorum);
        var result = await db.Results.SingleAsync(r => r.Indicator!.Code == "CSU02" && r.Period == new Period(2017, 9));
        result.UpdaterComment = "=HYPERLINK(\"http://example.invalid\",\"Click\")";
        await db.SaveChangesAsync();
        var org = await db.Organisations.SingleAsync(o => o.Id == _site.Dacorum);
        var committee = await db.Committees.SingleAsync(c => c.Code == "FROSC");
        var pack = await PackBuilder.BuildAsync(db, org, new PackRequest(committee, new Period(2017, 9), false, new DateOnly(2018, 1, 20)));
        var sheets = Read(PackXlsx.Render(pack));

        sheets.Keys.First().ShouldBe("Cover");
        sheets["Cover"][1].Select(c => c.Text).ShouldBe(["Report for", "Finance and Resources Overview and Scrutiny Committee"]);
        sheets["Indicators by rating"][1].ShouldBe([("Green", null, null), (null, 7m, "#,##0")]);
        var figures = sheets["Indicator figures"];
        var csu02 = figures.Single(r => r[0].Text!.StartsWith("CSU02 "));
        // The quarter's result: the stored value (15754 / 16016 at full precision), shown at the indicator's two decimals.
        (Math.Round(csu02[1].Number!.Value, 2), csu02[1].Format).ShouldBe((98.36m, "#,##0.00\"%\""));
        csu02[2].Number.ShouldBe(15754m);                       // numerator
        csu02[3].Number.ShouldBe(16016m);                       // denominator
        csu02[4].ShouldBe((null, 90m, "#,##0.00\"%\""));        // target
        csu02[5].Text.ShouldBe("Green");
        sheets.Values.SelectMany(s => s).SelectMany(r => r).ShouldContain(c => c.Text != null && c.Text.Contains("Updater: =HYPERLINK"));
    }

    [Fact]
    public void Text_that_a_spreadsheet_would_take_for_a_formula_is_neutralised_as_in_csv_and_sheet_names_are_made_valid()
    {
        var sheets = Read(Xlsx.Write("Test", [
            new Steward.Common.Sheet("Risks: register [all]/exempt?", ["title", "owner", "score"],
                [["=HYPERLINK(\"http://example.invalid/?x=\"&A1,\"Click\")", "-Alex Owner", new SheetCell("12", 12m)]]),
            new Steward.Common.Sheet("Risks: register [all]/exempt?", ["a"], []),
        ]));
        sheets.Keys.ShouldBe(["Risks register allexempt", "Risks register allexempt (2)"]);
        sheets["Risks register allexempt"][1].ShouldBe([("'=HYPERLINK(\"http://example.invalid/?x=\"&A1,\"Click\")", null, null), ("'-Alex Owner", null, null), (null, 12m, null)]);
    }

    [Fact]
    public async Task Exports_and_the_work_programme_download_as_workbooks()
    {
        var officer = await _site.As("officer@dacorum.example");
        var response = await officer.Client.GetAsync("/manage/export/results?format=xlsx");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentDisposition!.FileNameStar.ShouldBe("dbc-results.xlsx");
        var results = Read(await response.Content.ReadAsByteArrayAsync())["results"];
        results[0].Take(3).Select(c => c.Text).ShouldBe(["code", "period", "value"]);
        // A ratio's value is written as its numerator and denominator, as numbers.
        var row = results.First(r => r[0].Text == "CSU02" && r[1].Text == "2017-09");
        (row[3].Number, row[4].Number).ShouldBe((15754m, 16016m));
        results.First(r => r[0].Text == "CSU10" && r[1].Text == "2017-09")[2].Number.ShouldNotBeNull();

        var committee = (await officer.GetAsync("/committees")).Page.QuerySelector("tbody th a")!.GetAttribute("href")!;
        response = await officer.Client.GetAsync(committee + "?handler=Workbook");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var workbook = Read(await response.Content.ReadAsByteArrayAsync());
        var programme = workbook["Work programme"];
        programme[0].Select(c => c.Text).ShouldBe(["Meeting", "Time", "Venue", "Report deadline", "Cancelled", "Item", "Lead officer", "Status", "Background"]);
        programme.Count.ShouldBe(1 + 5 + 7 + 2 + 6 + 1 + 6);
        programme[2].Select(c => c.Text).ShouldBe(["2018-03-06", "19:30", "Conference Room 2, The Forum", "2018-02-20", null, "Finance & Resources – Q3 Performance Report", "Fiona Jump", "Drafting", "To follow"]);
        workbook["Follow-up actions"][1][0].Text.ShouldBe("Approve actions: Next phase of the sickness project");

        // The portfolio as filtered: the Digital Dacorum projects with days late and money as numbers, and their milestones.
        response = await officer.Client.GetAsync("/projects?stage=delivery&handler=Workbook");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentDisposition!.FileNameStar.ShouldBe("dbc-projects.xlsx");
        var portfolio = Read(await response.Content.ReadAsByteArrayAsync());
        var projects = portfolio["Projects"];
        projects.Select(r => r[0].Text).ShouldBe(["Code", "DD-01", "DD-02"], "the CRM system is at initiation, not delivery");
        var refresh = projects[1];
        refresh.Skip(7).Take(6).Select(c => c.Text).ShouldBe(["Amber", "Amber", "Green", "Green", "Green", "Dec 2017"]);
        (refresh[17].Number, refresh[17].Format).ShouldBe((59m, "0"));
        (refresh[18].Number, refresh[18].Format).ShouldBe((640_000m, "£#,##0.00"));
        refresh[20].Number.ShouldBe(0m);
        portfolio["Milestones"].Skip(1).Select(r => string.Join(" | ", r.Select(c => c.Text ?? c.Number?.ToString()))).ShouldBe([
            "DD-01 | Roll-out of the new technology begins | 1 | 2017-10-31 | 2018-02-05 |  | Forecast 97 days late",
            "DD-01 | One third of replacements completed | 1 | 2018-03-31 | 2018-05-31 |  | Forecast 61 days late",
            "DD-02 | Applications Roadmap launched | 1 | 2017-12-31 |  |  | On track",
        ]);
    }

    /// <summary>The background colour (#rrggbb, lower case) of a cell of the first sheet named <paramref name="sheetName"/>; null for none.</summary>
    private static string? FillOf(byte[] xlsx, string sheetName, string reference)
    {
        using var doc = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        var book = doc.WorkbookPart!;
        var sheet = book.Workbook.Descendants<DocumentFormat.OpenXml.Spreadsheet.Sheet>().Single(s => s.Name == sheetName);
        var cell = ((WorksheetPart)book.GetPartById(sheet.Id!)).Worksheet.Descendants<Cell>().Single(c => c.CellReference == reference);
        var styles = book.WorkbookStylesPart!.Stylesheet!;
        var fill = styles.Fills!.Elements<Fill>().ElementAt((int)styles.CellFormats!.Elements<CellFormat>().ElementAt((int)(cell.StyleIndex?.Value ?? 0)).FillId!.Value);
        return fill.PatternFill?.ForegroundColor?.Rgb?.Value is { } rgb ? "#" + rgb[2..].ToLowerInvariant() : null;
    }

    private static string Column(int index) => index < 26 ? ((char)('A' + index)).ToString() : Column(index / 26 - 1) + (char)('A' + index % 26);

    [Fact]
    public async Task The_dashboard_downloads_as_a_workbook_of_every_indicator_with_its_13_periods_as_numbers_on_their_rag_tint()
    {
        var viewer = await _site.As("viewer@dacorum.example");
        var (_, page) = await viewer.GetAsync("/dashboard?period=2017-09");
        var link = page.QuerySelectorAll("main a").Single(a => a.TextContent.Contains("as Excel")).GetAttribute("href")!;
        link.ShouldBe("/dashboard?period=2017-09&handler=Workbook");
        var response = await viewer.Client.GetAsync(link);
        response.Content.Headers.ContentDisposition!.FileNameStar.ShouldBe("dbc-dashboard-2017-09.xlsx");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var sheets = Read(bytes);
        var (name, rows) = sheets.Single(s => s.Value.Any(r => r[1].Text == "CSU02"));
        var header = rows[0].Select(c => c.Text).ToList();
        header.Take(3).ShouldBe(["Theme", "Code", "Indicator"]);
        header.TakeLast(4).ShouldBe(["Target", "RAG", "Direction", "Exceptions"]);
        header.Count.ShouldBe(3 + 13 + 4);
        var sep = header.IndexOf("Sep 2017");
        sep.ShouldBe(3 + 12);
        var index = rows.FindIndex(r => r[1].Text == "CSU02");
        var csu02 = rows[index];
        (Math.Round(csu02[sep].Number!.Value, 2), csu02[sep].Format).ShouldBe((98.36m, "#,##0.00\"%\""));
        FillOf(bytes, name, $"{Column(sep)}{index + 1}").ShouldBe("#cfe4dc");
        csu02[header.IndexOf("RAG")].Text.ShouldBe("Green");
        // Every current indicator is in the workbook, not one page of them.
        await using var db = _site.Db.Open(_site.Dacorum);
        sheets.Values.Sum(r => r.Count - 1).ShouldBe(await db.Indicators.CountAsync(i => !i.Retired));
    }

    [Fact]
    public async Task The_risk_register_downloads_as_a_workbook_with_exempt_risks_only_for_those_cleared()
    {
        string exempt;
        await using (var db = _site.Db.Open(_site.Dacorum))
        {
            var risk = await db.Risks.Where(r => !r.Closed).OrderBy(r => r.Code).FirstAsync();
            (risk.Exempt, risk.ExemptionParagraph, exempt) = (true, "3", risk.Code);
            await db.SaveChangesAsync();
        }
        async Task<List<List<(string? Text, decimal? Number, string? Format)>>> RisksAs(string who)
        {
            var session = await _site.As(who);
            var (_, page) = await session.GetAsync("/risks");
            var link = page.QuerySelectorAll("main a").Single(a => a.TextContent.Contains("as Excel")).GetAttribute("href")!;
            return Read(await (await session.Client.GetAsync(link)).Content.ReadAsByteArrayAsync())["Risks"];
        }
        var officer = await RisksAs("officer@dacorum.example");
        officer[0].Select(c => c.Text).Take(8).ShouldBe(["Code", "Title", "Register", "Owner", "Inherent", "Inherent band", "Current", "Current band"]);
        officer.Single(r => r[0].Text == exempt)[17].Text.ShouldBe("Part II");
        var scored = officer.Skip(1).First(r => r[6].Number is not null);
        scored[6].Format.ShouldBe("0");
        var viewer = await RisksAs("viewer@dacorum.example");
        viewer.ShouldNotContain(r => r[0].Text == exempt);
        viewer.Count.ShouldBe(officer.Count - 1);
    }
}
