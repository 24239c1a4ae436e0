using System.Net;
using AngleSharp.Html.Dom;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Steward.Domain;
using Steward.Features.Accounts;
using Steward.Features.Risks;
using Steward.Tests.Support;
using Steward.Tests.Web;

namespace Steward.Tests.Risks;

/// <summary>The risk pages with the demo registers (seeds 000, 001, 003, 004), as their users work them.</summary>
public class RiskPagesTests : IAsyncLifetime
{
    private readonly DemoSite _site = new();

    public Task InitializeAsync() => _site.InitializeAsync();
    public Task DisposeAsync() => _site.DisposeAsync();

    private async Task<int> RiskId(int organisation, string code)
    {
        await using var db = _site.Db.Open(organisation);
        return (await db.Risks.SingleAsync(r => r.Code == code)).Id;
    }

    [Fact]
    public async Task Each_role_sees_only_its_risk_pages_and_another_councils_risks_are_not_found()
    {
        var id = await RiskId(_site.Dacorum, "PP_R011");
        var pages = new (string Url, string Allowed)[]
        {
            ("/risks", "admin officer updater approver owner viewer"),
            ($"/risks/{id}", "admin officer updater approver owner viewer"),
            ("/risks/heatmap?inherent=true&movement=true", "admin officer updater approver owner viewer"),
            ("/risks/exceptions", "admin officer updater approver owner viewer"),
            ("/risks/reconciliation?from=2017-07-01&to=2018-01-31", "admin officer updater approver owner viewer"),
            ("/risks/reviews", "admin officer approver owner"),
            ($"/risks/{id}/review", "admin officer owner"),
            ($"/risks/{id}/edit", "admin officer"),
            ("/risks/new", "admin officer"),
            ($"/risks/{id}/assignments", "admin officer"),
            ("/manage/risk-matrix", "admin officer"),
            ("/manage/registers", "admin officer"),
        };
        foreach (var (url, allowed) in pages)
            foreach (var role in new[] { "admin", "officer", "updater", "approver", "owner", "viewer" })
            {
                var (r, _) = await (await _site.As($"{role}@dacorum.example")).GetAsync(url);
                r.StatusCode.ShouldBe(allowed.Split(' ').Contains(role) ? HttpStatusCode.OK : HttpStatusCode.Forbidden, $"{role} at {url}");
            }
        var norfolkRisk = await RiskId(_site.Norfolk, "RM010");
        foreach (var url in new[] { $"/risks/{norfolkRisk}", $"/risks/{norfolkRisk}/edit", $"/risks/{norfolkRisk}/review", $"/risks/{norfolkRisk}/assignments" })
        {
            var (r, page) = await (await _site.As("admin@dacorum.example")).GetAsync(url);
            r.StatusCode.ShouldBe(HttpStatusCode.NotFound, url);
            page.Body!.TextContent.ShouldNotContain("ICT systems");
        }
    }

    [Fact]
    public async Task The_risk_page_shows_scores_bands_controls_assurance_and_every_review()
    {
        var (_, page) = await (await _site.As("viewer@dacorum.example")).GetAsync($"/risks/{await RiskId(_site.Dacorum, "PP_R04")}");
        var text = page.Body!.TextContent;
        page.QuerySelector("h1")!.TextContent.ShouldBe("PP_R04 – Failures in ICT resilience or security leading to significant system downtime");
        var scores = page.QuerySelectorAll("table")[0].QuerySelectorAll("tbody tr").Select(tr => tr.TextContent.Replace("\n", " ")).ToList();
        scores[0].ShouldContain("3 Likely × 4 Severe");
        scores[0].ShouldContain("12 red");
        scores[1].ShouldContain("2 Unlikely × 4 Severe");
        scores[1].ShouldContain("8 amber");
        text.ShouldContain("Robert Smyth");
        text.ShouldContain("Neil Harden");
        text.ShouldContain("secondary data centre in Aylesbury");
        page.QuerySelectorAll("#assurance ~ ul a").Select(a => a.TextContent).ShouldContain("ICT01");
        text.ShouldContain("31 December 2017 – Sign off complete");
        text.ShouldContain("30 June 2017 – Sign off complete");
        text.ShouldContain("Overall systems availability in Q1 was 99.99%");
        page.QuerySelector("main form[method=post]").ShouldBeNull(); // a viewer changes nothing
    }

    [Fact]
    public async Task A_quarterly_review_goes_from_owner_to_sign_off_and_sets_previous_score_and_next_review()
    {
        var id = await RiskId(_site.Dacorum, "PP_R015");
        var owner = await _site.As("owner@dacorum.example");
        var url = $"/risks/{id}/review";
        var (missing, missingPage) = await owner.SubmitAsync(url, new Dictionary<string, string> { ["ReviewDate"] = "2018-01-15", ["ResidualLikelihood"] = "2", ["ResidualImpact"] = "4", ["Commentary"] = "", ["action"] = "submit" });
        missing.StatusCode.ShouldBe(HttpStatusCode.OK);
        missingPage.QuerySelector(".govuk-error-summary")!.TextContent.ShouldContain("Say what has changed");
        var (submitted, _) = await owner.SubmitAsync(url, new Dictionary<string, string>
        {
            ["ReviewDate"] = "2018-01-15", ["ResidualLikelihood"] = "2", ["ResidualImpact"] = "4", ["Prospects"] = "amber",
            ["Commentary"] = "Negative coverage of the Forum move: likelihood up.", ["action"] = "submit",
        });
        submitted.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        // Submitted is not signed off: the risk still publishes its last signed-off score.
        await using (var db = _site.Db.Open(_site.Dacorum))
        {
            var risk = await db.Risks.SingleAsync(r => r.Id == id);
            risk.Residual.ShouldBe(new RiskScore(1, 4));
            (await db.RiskReviews.CountAsync(r => r.RiskId == id && r.Status == ApprovalStatus.Submitted)).ShouldBe(1);
        }
        var (_, listed) = await (await _site.As("viewer@dacorum.example")).GetAsync("/risks");
        var row = listed.QuerySelectorAll("tbody tr").Single(tr => tr.TextContent.Contains("PP_R015"));
        row.QuerySelectorAll("td")[2].TextContent.Trim().ShouldStartWith("4"); // current, as last signed off
        row.TextContent.ShouldNotContain("Pending sign-off");
        // A review in progress is for those in the review cycle; a councillor sees it once signed off.
        var (_, viewerDetail) = await (await _site.As("viewer@dacorum.example")).GetAsync($"/risks/{id}");
        viewerDetail.QuerySelector("#reviews")!.ParentElement!.TextContent.ShouldNotContain("Negative coverage of the Forum move");
        var (_, ownerDetail) = await owner.GetAsync($"/risks/{id}");
        ownerDetail.Body!.TextContent.ShouldContain("Negative coverage of the Forum move");

        var approver = await _site.As("approver@dacorum.example");
        var (_, queue) = await approver.GetAsync("/risks/reviews");
        queue.QuerySelectorAll(".steward-card").Single().TextContent.ShouldContain("Negative coverage of the Forum move");
        var (returned, returnPage) = await approver.SubmitAsync("/risks/reviews", new Dictionary<string, string> { ["decision"] = "return", ["comment"] = "" }, ".steward-card form");
        returned.StatusCode.ShouldBe(HttpStatusCode.OK);
        returnPage.QuerySelector(".govuk-error-summary")!.TextContent.ShouldContain("say why the review is returned");
        (await approver.SubmitAsync("/risks/reviews", new Dictionary<string, string> { ["decision"] = "approve", ["comment"] = "" }, ".steward-card form"))
            .Response.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        await using var check = _site.Db.Open(_site.Dacorum);
        var signed = await check.RiskReviews.Where(r => r.RiskId == id).OrderByDescending(r => r.Id).FirstAsync();
        (signed.Status, signed.SignedOffBy, signed.SignOffComment).ShouldBe((ApprovalStatus.Approved, "approver@dacorum.example", "Sign Off Complete"));
        var published = await check.Risks.SingleAsync(r => r.Id == id);
        (published.Residual, published.Previous, published.Prospects).ShouldBe((new RiskScore(2, 4), new RiskScore(1, 4), Prospects.Amber));
        (published.SignedOffOn, published.PreviousSignedOffOn).ShouldBe((new DateOnly(2018, 1, 15), new DateOnly(2017, 12, 31)));
        published.NextReviewDate.ShouldBe(new DateOnly(2018, 4, 15));
        var audit = await check.AuditLog.Where(a => a.Label!.StartsWith("review of PP_R015 2018-01-15")).Select(a => a.Actor).ToListAsync();
        audit.ShouldContain("owner@dacorum.example");
        audit.ShouldContain("approver@dacorum.example");
        var (_, signedDetail) = await (await _site.As("viewer@dacorum.example")).GetAsync($"/risks/{id}");
        signedDetail.Body!.TextContent.ShouldContain("Negative coverage of the Forum move");
    }

    // Quarter end, point 1: a review that moved PP_R04 from 2×4 = 8 to 3×4 = 12 showed "up" until it was signed off,
    // then "unchanged". Movement and "previous" compare the score signed off now with the one signed off at the review
    // before (31 December 2017), on the register, the risk page, the exception report and the heat map.
    // Point 2: until then only the signed-off score is published; the owner and approver see the review as pending.
    [Fact]
    public async Task A_review_raising_PP_R04_to_12_is_published_only_when_signed_off_and_then_moves_up_from_8()
    {
        var id = await RiskId(_site.Dacorum, "PP_R04");
        var owner = await _site.As("owner@dacorum.example");
        var viewer = await _site.As("viewer@dacorum.example");
        var approver = await _site.As("approver@dacorum.example");
        var review = new Dictionary<string, string>
        {
            ["ReviewDate"] = "2018-01-15", ["ResidualLikelihood"] = "3", ["ResidualImpact"] = "4", ["Prospects"] = "amber",
            ["Commentary"] = "A second ransomware attempt this quarter: likelihood up to 3.", ["action"] = "submit",
        };
        (await owner.SubmitAsync($"/risks/{id}/review", review)).Response.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        // Submitted, not signed off: everyone reads 8; the owner and approver see the proposal marked as pending.
        async Task<string> RegisterRow(WebSession who) =>
            (await who.GetAsync("/risks")).Page.QuerySelectorAll("tbody tr").Single(tr => tr.TextContent.Contains("PP_R04")).TextContent;
        async Task<string> Current(WebSession who) =>
            (await who.GetAsync("/risks")).Page.QuerySelectorAll("tbody tr").Single(tr => tr.TextContent.Contains("PP_R04")).QuerySelectorAll("td")[2].TextContent.Squash();
        (await Current(viewer)).ShouldBe("8 Amber ► No change since the previous sign-off");
        (await RegisterRow(viewer)).ShouldNotContain("Pending");
        (await RegisterRow(owner)).ShouldContain("Pending sign-off proposes 3×4 = 12");
        (await RegisterRow(approver)).ShouldContain("Pending sign-off");
        (await viewer.GetAsync("/risks/exceptions")).Page.QuerySelector("section")?.TextContent.ShouldNotContain("PP_R04");
        (await owner.GetAsync($"/risks/{id}")).Page.QuerySelector("#pending-review")!.TextContent.ShouldContain("proposes a current score of 3×4 = 12");
        (await viewer.GetAsync($"/risks/{id}")).Page.QuerySelector("#pending-review").ShouldBeNull();

        // Returned: still 8 for everyone; the owner's list says "Returned" with the approver's comment.
        (await approver.SubmitAsync("/risks/reviews", new Dictionary<string, string> { ["decision"] = "return", ["comment"] = "What evidence moves likelihood to 3?" }, ".steward-card form"))
            .Response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Current(viewer)).ShouldStartWith("8 Amber");
        var due = (await owner.GetAsync("/risks/reviews")).Page.QuerySelectorAll("h2").Single(h => h.TextContent == "Due for your review").NextElementSibling!;
        var returnedRow = due.QuerySelectorAll("tbody tr").First();
        returnedRow.TextContent.ShouldContain("PP_R04");
        returnedRow.TextContent.ShouldContain("Returned");
        returnedRow.TextContent.ShouldContain("What evidence moves likelihood to 3?");

        // Resubmitted and signed off: 12 is published, 8 becomes the previous score, and the movement is up everywhere.
        review["Commentary"] = "Two attempts logged by the security operations centre (incidents 4411 and 4470).";
        (await owner.SubmitAsync($"/risks/{id}/review", review)).Response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await approver.SubmitAsync("/risks/reviews", new Dictionary<string, string> { ["decision"] = "approve", ["comment"] = "" }, ".steward-card form"))
            .Response.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        (await Current(viewer)).ShouldBe("12 Red ▲ Up since the previous sign-off");
        var cells = (await viewer.GetAsync("/risks")).Page.QuerySelectorAll("tbody tr").Single(tr => tr.TextContent.Contains("PP_R04")).QuerySelectorAll("td");
        cells[3].TextContent.Trim().ShouldBe("8 Amber"); // previous: signed off on 31 December 2017
        var (_, detail) = await viewer.GetAsync($"/risks/{id}");
        var scores = detail.QuerySelectorAll("table")[0].QuerySelectorAll("tbody tr").Select(tr => tr.TextContent.Replace("\n", " ")).ToList();
        scores[1].ShouldContain("Current (residual), signed off 15 January 2018");
        scores[1].ShouldContain("12 Red");
        scores[1].ShouldContain("Up");
        scores[2].ShouldContain("Previous, signed off 31 December 2017");
        scores[2].ShouldContain("2 Unlikely × 4 Severe");
        var exception = (await viewer.GetAsync("/risks/exceptions")).Page.QuerySelectorAll("section").Single(s => s.TextContent.Contains("PP_R04"));
        exception.TextContent.ShouldContain("12 Red");
        exception.TextContent.ShouldContain("Up");
        var (_, heatmap) = await viewer.GetAsync("/risks/heatmap?movement=true");
        var moved = heatmap.QuerySelectorAll("table").Single(t => t.TextContent.Contains("Moved since the previous sign-off"));
        moved.QuerySelectorAll("tbody tr").Select(tr => string.Join("|", tr.QuerySelectorAll("td").Select(td => td.TextContent.Trim())))
            .ShouldBe(["2×4 = 8|3×4 = 12|PP_R04"]);
        heatmap.QuerySelector(".steward-heatmap__move title")!.TextContent.ShouldBe("PP_R04: 8 to 12");
        await using var db = _site.Db.Open(_site.Dacorum);
        var risk = await db.Risks.SingleAsync(r => r.Id == id);
        (risk.Residual, risk.Previous, risk.Movement).ShouldBe((new RiskScore(3, 4), new RiskScore(2, 4), Movement.Up));
    }

    [Fact]
    public async Task Nobody_signs_off_a_review_they_submitted()
    {
        var id = await RiskId(_site.Dacorum, "PP_R016");
        await using (var db = _site.Db.Open(_site.Dacorum))
        {
            var m = await db.Memberships.Include(x => x.Account).SingleAsync(x => x.Account!.NormalisedEmail == "approver@dacorum.example" && x.OrganisationId == _site.Dacorum);
            m.Roles |= Role.RiskOwner;
            var person = await db.People.SingleAsync(p => p.Name == "Demo approver");
            db.RiskAssignments.Add(new RiskAssignment { RiskId = id, PersonId = person.Id, Role = RiskRole.Reviewer });
            await db.SaveChangesAsync();
        }
        var both = _site.Web.Session();
        await both.SignInOkAsync("approver@dacorum.example", Steward.Features.Demo.DemoData.Password);
        (await both.SubmitAsync($"/risks/{id}/review", new Dictionary<string, string> { ["ReviewDate"] = "2018-01-10", ["ResidualLikelihood"] = "2", ["ResidualImpact"] = "4", ["Commentary"] = "No change.", ["action"] = "submit" }))
            .Response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var (_, queue) = await both.GetAsync("/risks/reviews");
        queue.QuerySelectorAll(".steward-card").ShouldBeEmpty();
    }

    [Fact]
    public async Task A_red_linked_indicator_flags_the_risk_for_review()
    {
        // PP_R04 is assured by ICT01 and ICT02: make ICT02's latest result red.
        await using (var db = _site.Db.Open(_site.Dacorum))
        {
            var ict02 = await db.Indicators.SingleAsync(i => i.Code == "ICT02");
            db.Targets.Add(new Steward.Features.Indicators.Target { IndicatorId = ict02.Id, Period = new Period(2017, 12), Value = 99 });
            db.Results.Add(new Steward.Features.Indicators.Result { IndicatorId = ict02.Id, Period = new Period(2017, 12), Value = 40, Status = ApprovalStatus.Approved });
            await db.SaveChangesAsync();
        }
        var (_, reviews) = await (await _site.As("officer@dacorum.example")).GetAsync("/risks/reviews");
        var flagged = reviews.QuerySelectorAll("h2").Single(h => h.TextContent.StartsWith("Flagged")).NextElementSibling!;
        flagged.TextContent.ShouldContain("PP_R04");
        flagged.TextContent.ShouldContain("ICT02 red");
        var (_, risk) = await (await _site.As("viewer@dacorum.example")).GetAsync($"/risks/{await RiskId(_site.Dacorum, "PP_R04")}");
        risk.Body!.TextContent.ShouldContain("Flagged for review: ICT02 is red.");
    }

    [Fact]
    public async Task Assurance_links_an_indicator_by_its_code_and_an_unknown_code_is_named()
    {
        var id = await RiskId(_site.Dacorum, "PP_R04");
        var owner = await _site.As("owner@dacorum.example");
        var url = $"/risks/{id}";
        var (_, before) = await owner.GetAsync(url);
        before.QuerySelectorAll("#assurance-indicator option").ShouldBeEmpty("the form asks for a code, it does not list every indicator");

        var (bad, badPage) = await owner.SubmitAsync(url, new Dictionary<string, string> { ["Description"] = "Payroll accuracy", ["IndicatorCode"] = "NOPE 1" },
            "form[action*='AddAssurance']");
        bad.StatusCode.ShouldBe(HttpStatusCode.OK);
        badPage.QuerySelector("#assurance-indicator-error")!.TextContent.ShouldContain("There is no current indicator with the code NOPE 1");
        ((IHtmlInputElement)badPage.QuerySelector("#assurance-description")!).Value.ShouldBe("Payroll accuracy");

        var (ok, _) = await owner.SubmitAsync(url, new Dictionary<string, string> { ["Description"] = "Payroll accuracy", ["IndicatorCode"] = " ict01 " },
            "form[action*='AddAssurance']");
        ok.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await using var db = _site.Db.Open(_site.Dacorum);
        var added = await db.RiskAssurances.Include(a => a.Indicator).SingleAsync(a => a.RiskId == id && a.Description == "Payroll accuracy");
        added.Indicator!.Code.ShouldBe("ICT01");
    }

    [Fact]
    public async Task The_exception_report_gives_RM010_in_full_and_RM14223_in_summary()
    {
        var (_, page) = await (await _site.As("viewer@norfolk.example")).GetAsync("/risks/exceptions");
        var full = page.QuerySelectorAll("section.steward-card").Select(s => s.QuerySelector("h3")!.TextContent).ToList();
        full.Count.ShouldBe(1);
        full[0].ShouldContain("RM010");
        page.QuerySelector("section.steward-card")!.TextContent.ShouldContain("New potential DR site identified");
        page.QuerySelectorAll("table").Last().TextContent.ShouldContain("RM14223");
        page.Body!.TextContent.ShouldContain("Why are we not meeting our target risk score?");
    }

    [Fact]
    public async Task Part_II_risks_are_hidden_from_those_not_cleared_and_from_the_public_version()
    {
        var id = await RiskId(_site.Norfolk, "RM14223");
        await using (var db = _site.Db.Open(_site.Norfolk))
        {
            var r = await db.Risks.SingleAsync(x => x.Id == id);
            (r.Exempt, r.ExemptionParagraph) = (true, "3");
            await db.SaveChangesAsync();
        }
        var viewer = await _site.As("viewer@norfolk.example");
        (await viewer.GetAsync($"/risks/{id}")).Response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await viewer.GetAsync("/risks")).Page.Body!.TextContent.ShouldNotContain("RM14223");
        (await viewer.GetAsync("/risks/heatmap")).Page.Body!.TextContent.ShouldNotContain("RM14223");

        var officer = await _site.As("officer@norfolk.example");
        var (_, full) = await officer.GetAsync("/risks/exceptions");
        full.Body!.TextContent.ShouldContain("RM14223");
        var (_, publicVersion) = await officer.GetAsync("/risks/exceptions?public=true");
        publicVersion.Body!.TextContent.ShouldNotContain("RM14223");
        var (_, detail) = await officer.GetAsync($"/risks/{id}");
        detail.Body!.TextContent.ShouldContain("Part II – exempt information (paragraph 3 of Schedule 12A)");

        // A councillor cleared for exempt information sees it.
        (await StewardCli.RunAsync(_site.Db, "user", "add", "viewer@norfolk.example", "--org", "NCC", "--role", "exempt-reader")).ExitCode.ShouldBe(0);
        var cleared = await _site.Fresh("viewer@norfolk.example");
        (await cleared.GetAsync($"/risks/{id}")).Response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Reconciliation_between_two_committees()
    {
        var (_, page) = await (await _site.As("viewer@dacorum.example")).GetAsync("/risks/reconciliation?from=2017-07-01&to=2018-01-31");
        var rows = page.QuerySelectorAll("tbody tr").Select(tr => tr.TextContent).ToList();
        rows.Count.ShouldBe(1);
        rows[0].ShouldContain("CE_R01");
        rows[0].ShouldContain("New risk");
        var kinds = page.QuerySelectorAll("main ul.govuk-list li").Select(li => li.TextContent.Squash()).ToList();
        kinds.ShouldBe(["New risk: 1"]);
        var (_, onlyNew) = await (await _site.As("viewer@dacorum.example")).GetAsync(page.QuerySelector("main ul.govuk-list a")!.GetAttribute("href")!);
        onlyNew.QuerySelector("#changes")!.TextContent.Squash().ShouldStartWith("New risk only: 1 risk.");
        onlyNew.QuerySelectorAll("tbody tr").Length.ShouldBe(1);
    }

    [Fact]
    public async Task Moving_a_risk_keeps_its_history()
    {
        var id = await RiskId(_site.Dacorum, "PP_R011");
        var officer = await _site.As("officer@dacorum.example");
        await using (var db = _site.Db.Open(_site.Dacorum))
        {
            var root = await db.RiskRegisters.SingleAsync(r => r.Name == "Dacorum Borough Council");
            db.RiskRegisters.Add(new RiskRegister { Name = "Digital", ParentId = root.Id });
            await db.SaveChangesAsync();
        }
        var (_, form) = await officer.GetAsync($"/risks/{id}/edit");
        var digital = form.QuerySelectorAll("#register option").Single(o => o.TextContent == "Digital").GetAttribute("value")!;
        var fields = form.QuerySelectorAll("main form input[name], main form select[name], main form textarea[name]")
            .Where(e => e.GetAttribute("type") != "checkbox" && e.GetAttribute("name") != "__RequestVerificationToken")
            .ToDictionary(e => e.GetAttribute("name")!, e => e is AngleSharp.Html.Dom.IHtmlSelectElement s ? s.Value ?? "" : e is AngleSharp.Html.Dom.IHtmlTextAreaElement t ? t.Value : e.GetAttribute("value") ?? "");
        fields["register"] = digital;
        (await officer.SubmitAsync($"/risks/{id}/edit", fields)).Response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var (_, page) = await officer.GetAsync($"/risks/{id}");
        page.QuerySelector(".govuk-caption-l")!.TextContent.ShouldBe("Dacorum Borough Council · Digital");
        var then = page.QuerySelectorAll(".govuk-summary-list__row").First(r => r.TextContent.Contains("Register then"));
        then.QuerySelector("dd")!.TextContent.ShouldBe("Performance and Projects");
        await using var check = _site.Db.Open(_site.Dacorum);
        (await check.AuditLog.AnyAsync(a => a.Label == "PP_R011" && a.Changes!.Contains("RegisterId"))).ShouldBeTrue();
    }

    [Fact]
    public async Task Changing_the_matrix_size_maps_scores_after_a_preview()
    {
        var officer = await _site.As("officer@dacorum.example");
        var (_, resize) = await officer.GetAsync("/manage/risk-matrix?likelihoods=5&impacts=5");
        resize.QuerySelector("h2")!.TextContent.ShouldBe("Change from 4 × 4 to 5 × 5");
        var fields = resize.QuerySelectorAll("main form[method=post] select, main form[method=post] input[name]")
            .Where(e => e.GetAttribute("name") is { } n && n != "__RequestVerificationToken" && !n.StartsWith("Band"))
            .ToDictionary(e => e.GetAttribute("name")!, e => e is AngleSharp.Html.Dom.IHtmlSelectElement s ? s.Value ?? "" : e.GetAttribute("value") ?? "");
        fields["cell-5-5"] = "red";
        var token = resize.QuerySelector("main form[method=post] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        async Task<(HttpResponseMessage, AngleSharp.Html.Dom.IHtmlDocument)> Post(string handler)
        {
            var r = await officer.Client.PostAsync($"/manage/risk-matrix/{handler}", new FormUrlEncodedContent([new("__RequestVerificationToken", token), .. fields]));
            return (r, new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await r.Content.ReadAsStringAsync()));
        }
        var (preview, previewPage) = await Post("preview");
        preview.StatusCode.ShouldBe(HttpStatusCode.OK);
        previewPage.QuerySelectorAll("tbody tr").Select(tr => tr.TextContent).ShouldContain(t => t.Contains("PP_R011") && t.Contains("inherent") && t.Contains("3×4 = 12") && t.Contains("4×5 = 20"));
        await using (var db = _site.Db.Open(_site.Dacorum))
            (await db.Risks.SingleAsync(r => r.Code == "PP_R011")).Inherent.ShouldBe(new RiskScore(3, 4)); // nothing changed yet

        var (applied, _) = await Post("apply");
        applied.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await using var check = _site.Db.Open(_site.Dacorum);
        var risk = await check.Risks.SingleAsync(r => r.Code == "PP_R011");
        (risk.Inherent, risk.Residual).ShouldBe((new RiskScore(4, 5), new RiskScore(2, 5)));
        (await check.RiskReviews.Where(r => r.RiskId == risk.Id).Select(r => r.ResidualImpact).ToListAsync()).ShouldAllBe(i => i == 5);
        (await check.RiskMatrixCells.CountAsync()).ShouldBe(25);
        (await check.AuditLog.SingleAsync(a => a.Action == "matrix-change")).Label.ShouldBe("4×4 → 5×5");
    }

    [Fact]
    public async Task The_api_reads_risks_reviews_and_the_matrix()
    {
        await using (var db = _site.Db.Open(_site.Norfolk))
        {
            var account = await db.Accounts.SingleAsync(a => a.NormalisedEmail == "viewer@norfolk.example");
            var (token, hash) = ApiToken.NewToken();
            db.ApiTokens.Add(new ApiToken { AccountId = account.Id, Name = "test", Hint = token[..10], Hash = hash, CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
            var client = _site.Web.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var risks = (await client.GetFromJsonAsync<JsonElement>("/api/v1/risks")).GetProperty("items");
            risks.EnumerateArray().Select(r => r.GetProperty("code").GetString()).ShouldBe(["RM010", "RM14223"]);
            var rm010 = await client.GetFromJsonAsync<JsonElement>("/api/v1/risks/rm010");
            rm010.GetProperty("residual").GetProperty("score").GetInt32().ShouldBe(12);
            rm010.GetProperty("exception").GetBoolean().ShouldBeTrue();
            (await client.GetFromJsonAsync<JsonElement>("/api/v1/risks/RM010/reviews")).GetProperty("items").GetArrayLength().ShouldBe(1);
            var matrix = await client.GetFromJsonAsync<JsonElement>("/api/v1/risk-matrix");
            matrix.GetProperty("cells").GetArrayLength().ShouldBe(25);
            (await client.GetAsync("/api/v1/risks/PP_R011")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }
    }

    // A review dated before a position signed off since (the risk team changed the score on the edit page) would publish
    // nothing: its sign-off is refused, and the published score stands.
    [Fact]
    public async Task A_review_older_than_the_published_position_cannot_be_signed_off()
    {
        var id = await RiskId(_site.Dacorum, "PP_R018");
        var owner = await _site.As("owner@dacorum.example");
        (await owner.SubmitAsync($"/risks/{id}/review", new Dictionary<string, string>
        {
            ["ReviewDate"] = "2018-01-10", ["ResidualLikelihood"] = "3", ["ResidualImpact"] = "4", ["Commentary"] = "Procurement delayed.", ["action"] = "submit",
        })).Response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await using (var db = _site.Db.Open(_site.Dacorum))
        {
            var risk = await db.Risks.SingleAsync(r => r.Id == id);
            risk.SetResidual(new RiskScore(1, 4), new DateOnly(2018, 1, 18)); // as the edit page does
            await db.SaveChangesAsync();
        }
        var approver = await _site.As("approver@dacorum.example");
        var (response, page) = await approver.SubmitAsync("/risks/reviews", new Dictionary<string, string> { ["decision"] = "approve", ["comment"] = "" }, ".steward-card form");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        page.QuerySelector(".govuk-error-summary")!.TextContent.ShouldContain("A newer position of PP_R018 was signed off on 18 January 2018");
        await using var check = _site.Db.Open(_site.Dacorum);
        (await check.Risks.SingleAsync(r => r.Id == id)).Residual.ShouldBe(new RiskScore(1, 4));
        (await check.RiskReviews.CountAsync(r => r.RiskId == id && r.Status == ApprovalStatus.Submitted)).ShouldBe(1);
    }

    // Two people starting a review of one risk at once open one review, never two.
    [Fact]
    public async Task Two_reviews_started_at_once_open_one_review()
    {
        var id = await RiskId(_site.Dacorum, "PP_R017");
        var form = new ReviewForm(new DateOnly(2018, 1, 12), 2, 4, null, null, null, Prospects.Green, "No change.");
        var actor = new Actor("owner@dacorum.example", IsUpdater: true, IsApprover: false, IsPerformanceOfficer: false);
        await using var a = _site.Db.Open(_site.Dacorum, "owner@dacorum.example");
        await using var b = _site.Db.Open(_site.Dacorum, "officer@dacorum.example");
        var riskA = await a.Risks.SingleAsync(r => r.Id == id);
        var riskB = await b.Risks.SingleAsync(r => r.Id == id);
        var now = DemoSite.Today.UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        (await RiskReviewEntry.SaveAsync(a, riskA, form, ApprovalAction.SaveDraft, actor, riskA.Version, null, now, today)).Succeeded.ShouldBeTrue();
        var second = await RiskReviewEntry.SaveAsync(b, riskB, form, ApprovalAction.SaveDraft, actor with { Identity = "officer@dacorum.example" }, riskB.Version, null, now, today);
        second.Conflict.ShouldBeTrue();
        await using var check = _site.Db.Open(_site.Dacorum);
        (await check.RiskReviews.CountAsync(r => r.RiskId == id && r.Status != ApprovalStatus.Approved)).ShouldBe(1);
    }
}
