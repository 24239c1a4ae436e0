using System.Net;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.EntityFrameworkCore;
using Steward.Domain;
using Steward.Features.Reports;
using Steward.Tests.Support;
using Steward.Tests.Web;

namespace Steward.Tests.Reports;

/// <summary>
/// The words of the quarterly pack (seed 002's cover report and sections), standing per committee and written per
/// quarter, and the lead officer's sign-off before the performance team may issue it: for Dacorum's committee at Q2 2017/18.
/// </summary>
public class PackSignOffTests : IAsyncLifetime
{
    private readonly DemoSite _site = new();
    private string _committee = "";

    public async Task InitializeAsync()
    {
        await _site.InitializeAsync();
        await using var db = _site.Db.Open(_site.Dacorum);
        _committee = (await db.Committees.SingleAsync(c => c.Code == "FROSC")).Id.ToString();
    }

    public Task DisposeAsync() => _site.DisposeAsync();

    private string Prepare => $"/reports/prepare?committee={_committee}&period=2017-09";
    private string Quarter => $"/reports/wording?committee={_committee}&period=2017-09";
    private string Standing => $"/reports/wording?committee={_committee}";

    private async Task<PackDocument> PackAsync()
    {
        await using var db = _site.Db.Open(_site.Dacorum);
        var org = await db.Organisations.SingleAsync(o => o.Id == _site.Dacorum);
        var committee = await db.Committees.SingleAsync(c => c.Code == "FROSC");
        return await PackBuilder.BuildAsync(db, org, new PackRequest(committee, new Period(2017, 9), false, DateOnly.FromDateTime(DemoSite.Today.UtcDateTime)));
    }

    private static string Cover(PackDocument pack, string label) => pack.Cover.Single(c => c.Label == label).Value;

    private static List<string> Paragraphs(PackDocument pack, string section) =>
        pack.Sections.Single(s => s.Title == section).Blocks.OfType<PackParagraph>().Select(p => $"{p.Number} {p.Text}").ToList();

    private async Task<HttpResponseMessage> SignOffAsync(string who = "approver@dacorum.example")
    {
        var (response, _) = await (await _site.As(who)).SubmitAsync(Prepare, new Dictionary<string, string>(), "form[action*=SignOff]");
        return response;
    }

    private async Task<(HttpResponseMessage Response, AngleSharp.Html.Dom.IHtmlDocument Page)> IssueAsync()
    {
        var officer = await _site.As("officer@dacorum.example");
        var token = (await officer.GetAsync("/sign-out")).Page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var response = await officer.Client.PostAsync("/reports/prepare?handler=Issue",
            new FormUrlEncodedContent([new("committee", _committee), new("period", "2017-09"), new("__RequestVerificationToken", token)]));
        return (response, new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync()));
    }

    [Theory]
    [InlineData("To report {quarter}.", null)]
    [InlineData("To report {quater}.", "Purpose of report: {quater} is not a placeholder; use {quarter}, {committee}, {council}, {meeting}, {chair}, {remit}, {priorities}, {rag-rule}")]
    [InlineData("{}", "Purpose of report: {} is not a placeholder; use {quarter}, {committee}, {council}, {meeting}, {chair}, {remit}, {priorities}, {rag-rule}")]
    public void Words_may_hold_only_the_placeholders_steward_fills(string text, string? error) =>
        PackWording.Check(PackWording.Find("purpose")!, text).ShouldBe(error);

    [Fact]
    public void Words_longer_than_the_limit_are_refused_naming_the_field() =>
        PackWording.Check(PackWording.Find("background")!, new string('x', PackWording.MaxLength + 1)).ShouldBe("Background papers must be 4,000 characters or fewer");

    [Fact]
    public void Placeholders_are_filled_and_paragraphs_split_on_blank_lines()
    {
        PackWording.Fill("Performance for {quarter} to the {committee}; {unknown} stays.", new Dictionary<string, string> { ["quarter"] = "Q2 2017/18", ["committee"] = "FROSC" })
            .ShouldBe("Performance for Q2 2017/18 to the FROSC; {unknown} stays.");
        PackWording.Paragraphs("First line\r\ncontinues.\r\n\r\n  \r\nSecond.\n\n").ShouldBe(["First line continues.", "Second."]);
    }

    [Fact]
    public async Task The_standard_words_fill_the_cover_from_the_committee_and_quarter()
    {
        var pack = await PackAsync();
        Cover(pack, "Purpose of report").ShouldBe("To provide Members with the performance report for Q2 2017/18.");
        Cover(pack, "Report on behalf of").ShouldBe("Cllr Herbert Chapman, Chair");
        // The demo's standing choice of lead officer: the demo approver.
        Cover(pack, "Report author / responsible officer").ShouldBe("Demo approver");
        Paragraphs(pack, "Introduction")[0].ShouldBe("1.1 This report gives Members the performance of the services, themes and risk registers within the remit of " +
                                                     "the Finance and Resources Overview and Scrutiny Committee for Q2 2017/18, from approved results and signed-off risk reviews.");
        Paragraphs(pack, "Conclusions and recommendations")[0].ShouldBe("10.1 Of the 11 targetable indicators, 7 were green and 4 were amber."); // after the complaints section (7)
    }

    [Fact]
    public async Task Standing_words_reach_every_quarter_and_a_quarters_own_words_win_until_emptied()
    {
        var officer = await _site.As("officer@dacorum.example");
        var (saved, _) = await officer.SubmitAsync(Standing, new Dictionary<string, string>
        {
            ["Texts[purpose]"] = "To report the {quarter} performance of the {committee}.",
            ["Texts[background]"] = "Corporate Plan 2015–2020",
            ["Texts[financial]"] = "None.",
        });
        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var pack = await PackAsync();
        Cover(pack, "Purpose of report").ShouldBe("To report the Q2 2017/18 performance of the Finance and Resources Overview and Scrutiny Committee.");
        Cover(pack, "Background papers").ShouldBe("Corporate Plan 2015–2020");
        Paragraphs(pack, "Implications")[0].ShouldBe("9.1 Financial: None.");
        // Unchanged fields are not stored: they keep following the standard.
        await using (var db = _site.Db.Open(_site.Dacorum))
            (await db.PackTexts.Select(t => t.Field).OrderBy(f => f).ToListAsync()).ShouldBe(["background", "financial", "purpose"]);

        // This quarter writes its own purpose and two paragraphs of introduction; its page shows the standing background.
        var (_, form) = await officer.GetAsync(Quarter);
        form.QuerySelector("#text-background")!.TextContent.ShouldBe("Corporate Plan 2015–2020");
        form.QuerySelector("#text-background-hint")!.TextContent.ShouldContain("from the standing wording");
        await officer.SubmitAsync(Quarter, new Dictionary<string, string>
        {
            ["Texts[purpose]"] = "To present {quarter}, to the meeting of {meeting}.",
            ["Texts[background]"] = "Corporate Plan 2015–2020",
            ["Texts[introduction]"] = "Sickness absence is the committee's focus this quarter.\n\nSee section 4.",
        });
        pack = await PackAsync();
        Cover(pack, "Purpose of report").ShouldBe("To present Q2 2017/18, to the meeting of 6 March 2018.");
        Paragraphs(pack, "Introduction").ShouldBe(["1.1 Sickness absence is the committee's focus this quarter.", "1.2 See section 4."]);
        Cover(pack, "Background papers").ShouldBe("Corporate Plan 2015–2020");

        // The Word document carries the words in its body.
        var docx = await (await officer.Client.GetAsync($"/reports?handler=Pack&committee={_committee}&period=2017-09&format=docx")).Content.ReadAsByteArrayAsync();
        using (var doc = WordprocessingDocument.Open(new MemoryStream(docx), false))
            doc.MainDocumentPart!.Document.Body!.InnerText.ShouldContain("To present Q2 2017/18, to the meeting of 6 March 2018.");

        // Emptying the quarter's purpose goes back to the standing words.
        await officer.SubmitAsync(Quarter, new Dictionary<string, string> { ["Texts[purpose]"] = "" });
        Cover(await PackAsync(), "Purpose of report").ShouldBe("To report the Q2 2017/18 performance of the Finance and Resources Overview and Scrutiny Committee.");
        await using (var db = _site.Db.Open(_site.Dacorum))
        {
            var audit = await db.AuditLog.Where(a => a.EntityType == nameof(PackText)).ToListAsync();
            audit.ShouldContain(a => a.Action == "create" && a.Label == "pack wording: Purpose of report");
            audit.ShouldContain(a => a.Action == "delete" && a.Label == "pack wording: Purpose of report");
        }
    }

    [Fact]
    public async Task A_misspelt_placeholder_is_refused_naming_the_field_and_nothing_is_saved()
    {
        var officer = await _site.As("officer@dacorum.example");
        var (response, page) = await officer.SubmitAsync(Quarter, new Dictionary<string, string>
        {
            ["Texts[purpose]"] = "To present {quater}.",
            ["Texts[wards]"] = "Boxmoor; Chaulden and Warners End",
        });
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        page.QuerySelector(".govuk-error-summary a[href='#text-purpose']")!.TextContent.ShouldStartWith("Purpose of report: {quater} is not a placeholder");
        page.QuerySelector("#text-wards")!.TextContent.ShouldBe("Boxmoor; Chaulden and Warners End");
        await using var db = _site.Db.Open(_site.Dacorum);
        (await db.PackTexts.CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task Two_people_editing_the_words_at_once_do_not_overwrite_each_other()
    {
        var officer = await _site.As("officer@dacorum.example");
        var admin = await _site.As("admin@dacorum.example");
        var (_, adminForm) = await admin.GetAsync(Quarter);
        var version = adminForm.QuerySelector("input[name=Version]")!.GetAttribute("value")!;
        await officer.SubmitAsync(Quarter, new Dictionary<string, string> { ["Texts[wards]"] = "Boxmoor" });

        var token = adminForm.QuerySelector("main form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var post = await admin.Client.PostAsync(Quarter, new FormUrlEncodedContent([
            new("Version", version), new("committee", _committee), new("period", "2017-09"), new("Texts[wards]", "Chaulden"), new("__RequestVerificationToken", token)]));
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await post.Content.ReadAsStringAsync());
        page.QuerySelector(".govuk-error-summary")!.TextContent.ShouldContain("Someone else changed this wording after you opened it");
        // What the second person typed is kept; the words saved meanwhile are shown beside it, with who saved them.
        page.QuerySelector("#text-wards")!.TextContent.ShouldBe("Chaulden");
        page.QuerySelector("#text-wards-theirs")!.TextContent.ShouldContain("Boxmoor");
        page.QuerySelector("#their-changes")!.TextContent.ShouldContain("Demo performance officer");
        Cover(await PackAsync(), "Wards affected").ShouldBe("Boxmoor");
    }

    [Fact]
    public async Task The_pack_is_issued_only_after_its_lead_officer_signs_it_off_as_it_stands()
    {
        var officer = await _site.As("officer@dacorum.example");
        var (_, page) = await officer.GetAsync(Prepare);
        page.QuerySelector("#sign-off-state")!.TextContent.ShouldBe("Demo approver, the lead officer, has not signed this pack off: it cannot be issued until they do.");
        page.QuerySelector("form[action*=Issue]").ShouldBeNull();
        page.QuerySelector("form[action*=SignOff]").ShouldBeNull();
        var (refused, refusedPage) = await IssueAsync();
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        refusedPage.QuerySelector(".govuk-error-summary")!.TextContent.ShouldContain("has not signed this pack off");
        // Only the lead officer signs off; a councillor cannot even open the page.
        var token = (await officer.GetAsync("/sign-out")).Page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        (await officer.Client.PostAsync("/reports/prepare?handler=SignOff",
            new FormUrlEncodedContent([new("committee", _committee), new("period", "2017-09"), new("__RequestVerificationToken", token)]))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await (await _site.As("viewer@dacorum.example")).Client.GetAsync(Prepare)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        (await SignOffAsync()).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (_, page) = await officer.GetAsync(Prepare);
        page.QuerySelector("#sign-off-state")!.TextContent.ShouldStartWith("Signed off by Demo approver on ");

        // CSU02's September result is corrected: the sign-off no longer holds, and the page says what changed.
        await using (var db = _site.Db.Open(_site.Dacorum))
        {
            var result = await db.Results.SingleAsync(r => r.Indicator!.Code == "CSU02" && r.Period == new Period(2017, 9));
            (result.Value, result.Numerator, result.Denominator) = (97m, null, null);
            await db.SaveChangesAsync();
        }
        (_, page) = await officer.GetAsync(Prepare);
        page.QuerySelector("#sign-off-state")!.TextContent.ShouldContain("The pack has changed since Demo approver signed it off");
        page.QuerySelectorAll("details li").Select(li => li.TextContent).ShouldContain(c => c.StartsWith("Changed: Indicator figures › CSU02 ") && c.Contains("→ 97.00%"));
        (await IssueAsync()).Page.QuerySelector(".govuk-error-summary")!.TextContent.ShouldContain("they need to sign it off again");

        (await SignOffAsync()).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var (issued, _) = await IssueAsync();
        issued.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var (_, issuedPage) = await officer.GetAsync(issued.Headers.Location!.OriginalString);
        issuedPage.QuerySelector("main dl")!.TextContent.Squash().ShouldContain("Signed off");
        issuedPage.QuerySelector("main dl")!.TextContent.Squash().ShouldContain("by Demo approver, lead officer");
    }

    [Fact]
    public async Task A_sign_off_of_a_pack_that_changed_while_it_was_read_is_refused_and_new_words_need_a_new_sign_off()
    {
        var approver = await _site.As("approver@dacorum.example");
        var (_, page) = await approver.GetAsync(Prepare);
        var form = page.QuerySelector("form[action*=SignOff]")!;
        var fields = form.QuerySelectorAll("input[type=hidden]").Select(i => KeyValuePair.Create(i.GetAttribute("name")!, i.GetAttribute("value")!)).ToList();
        // The lead officer may write the quarter's words too, but not choose the lead officer.
        var (_, wording) = await approver.GetAsync(Quarter);
        wording.QuerySelector("#lead").ShouldBeNull();
        var (wrote, wrotePage) = await approver.SubmitAsync(Quarter, new Dictionary<string, string> { ["Texts[wards]"] = "Boxmoor" });
        wrote.StatusCode.ShouldBe(HttpStatusCode.Redirect, wrotePage.Body!.TextContent.Squash());

        var stale = await approver.Client.PostAsync("/reports/prepare?handler=SignOff", new FormUrlEncodedContent(fields));
        var stalePage = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await stale.Content.ReadAsStringAsync());
        stale.StatusCode.ShouldBe(HttpStatusCode.OK, stalePage.Body!.TextContent.Squash());
        stalePage.QuerySelector(".govuk-error-summary")!.TextContent.ShouldContain("The pack changed while you were reading it");

        (await SignOffAsync()).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await (await _site.As("officer@dacorum.example")).SubmitAsync(Quarter, new Dictionary<string, string> { ["Texts[wards]"] = "Chaulden", ["LeadOfficer"] = "Demo approver" });
        var (_, after) = await approver.GetAsync(Prepare);
        after.QuerySelector("#sign-off-state")!.TextContent.ShouldContain("The pack has changed since");
        after.QuerySelectorAll("details li").Select(li => li.TextContent).ShouldContain("Changed: Cover › Wards affected: Boxmoor → Chaulden");
    }

    [Fact]
    public async Task Choosing_another_lead_officer_moves_the_sign_off_to_them()
    {
        var officer = await _site.As("officer@dacorum.example");
        await officer.SubmitAsync(Quarter, new Dictionary<string, string> { ["LeadOfficer"] = "Demo risk owner" });
        Cover(await PackAsync(), "Report author / responsible officer").ShouldBe("Demo risk owner");
        (await (await _site.As("approver@dacorum.example")).Client.GetAsync(Prepare)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await SignOffAsync("owner@dacorum.example")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await IssueAsync()).Response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await using var db = _site.Db.Open(_site.Dacorum);
        (await db.IssuedPacks.SingleAsync()).SignedOffBy.ShouldBe("Demo risk owner");
    }
}
