using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Steward.Features.Accounts;
using Steward.Tests.Support;

namespace Steward.Tests.Web;

/// <summary>
/// Control characters, NUL and bidirectional overrides are refused at every way in — a page, the API, a CSV import —
/// naming the field (or line and column), with nothing written; accents, emoji and right-to-left scripts are kept exactly.
/// </summary>
public class HostileTextTests(DemoSite site) : IClassFixture<DemoSite>
{
    private async Task<string> NameOfAsync(string email)
    {
        await using var db = site.Db.Open();
        return await db.Accounts.Where(a => a.NormalisedEmail == email).Select(a => a.DisplayName).SingleAsync();
    }

    [Fact]
    public async Task A_page_and_the_save_refuse_an_override_naming_the_field_and_keep_emoji_and_arabic_exactly()
    {
        var viewer = await site.As("viewer@dacorum.example");
        var before = await NameOfAsync("viewer@dacorum.example");
        var (_, form) = await viewer.GetAsync("/account");
        var refused = await viewer.PostFormAsync("/account", form, "form[action*=Name]", ("Name", "Mallory\u202Eexe.fdp"));
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await refused.Content.ReadAsStringAsync());
        page.QuerySelector(".govuk-error-summary")!.TextContent.Squash().ShouldContain(
            "Name contains a bidirectional override, which can disguise text (U+202E), which Steward does not accept");
        (await NameOfAsync("viewer@dacorum.example")).ShouldBe(before);

        // Whatever a handler does with it, the save itself refuses it, naming the field and record.
        await using (var db = site.Db.Open())
        {
            var account = await db.Accounts.SingleAsync(a => a.NormalisedEmail == "viewer@dacorum.example");
            account.DisplayName = "Mallory\u202Eexe.fdp";
            (await Should.ThrowAsync<Steward.Data.UnacceptableTextException>(() => db.SaveChangesAsync())).Message.ShouldBe(
                "The display name of viewer@dacorum.example contains a bidirectional override, which can disguise text (U+202E), which Steward does not accept.");
        }
        (await NameOfAsync("viewer@dacorum.example")).ShouldBe(before);

        var name = "Zoë Ålund 😀 مرحبا";
        var (_, again) = await viewer.GetAsync("/account");
        (await viewer.PostFormAsync("/account", again, "form[action*=Name]", ("Name", name))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await NameOfAsync("viewer@dacorum.example")).ShouldBe(name);
        (await viewer.GetAsync("/account")).Page.QuerySelector("header")!.TextContent.ShouldContain(name);
    }

    [Fact]
    public async Task The_api_answers_400_naming_the_field_and_writes_nothing()
    {
        await using (var db = site.Db.Open(site.Norfolk))
        {
            var account = await db.Accounts.SingleAsync(a => a.NormalisedEmail == "updater@norfolk.example");
            var (token, hash) = ApiToken.NewToken();
            db.ApiTokens.Add(new ApiToken { AccountId = account.Id, Name = "test", Hint = token[..10], Hash = hash, CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
            using var api = site.Web.CreateClient();
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var refused = await api.PutAsJsonAsync("/api/v1/indicators/ICT04/results/2017-12", new { value = 80.5, comment = "fine\u0000then", submit = false });
            refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            var problem = await refused.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
            problem.GetProperty("field").GetString().ShouldBe("updaterComment");
            problem.GetProperty("detail").GetString()!.ShouldContain("contains a control character (U+0000)");
            var ok = await api.PutAsJsonAsync("/api/v1/indicators/ICT04/results/2017-12", new { value = 80.5, comment = "Réseau 🛜 مرحبا", submit = false });
            ok.StatusCode.ShouldBe(HttpStatusCode.OK, await ok.Content.ReadAsStringAsync());
        }
        await using (var db = site.Db.Open(site.Norfolk))
        {
            var id = await db.Indicators.Where(i => i.Code == "ICT04").Select(i => i.Id).SingleAsync();
            (await db.Results.SingleAsync(r => r.IndicatorId == id && r.Period == new Steward.Domain.Period(2017, 12))).UpdaterComment.ShouldBe("Réseau 🛜 مرحبا");
        }
    }

    [Fact]
    public async Task An_import_names_the_line_and_column_and_writes_nothing()
    {
        using var files = new TempFiles();
        await using var db = site.Db.Open(site.Dacorum);
        var results = await db.Results.CountAsync();
        var file = files.Write("results.csv", "code,period,value,comment\nHR05,2017-09,0.91,On track\nHR05,2017-06,0.88,Bell\u0007here\n");
        var run = await StewardCli.RunAsync(site.Db, "import", "--org", "DBC", file);
        run.ExitCode.ShouldBe(1);
        run.Err.ShouldContain("results.csv:3: column comment: the cell contains a control character (U+0007), which Steward does not accept");
        (await db.Results.CountAsync()).ShouldBe(results);
    }

    [Fact]
    public async Task A_form_that_checks_its_fields_shows_the_error_beside_the_field_and_keeps_what_was_typed()
    {
        var admin = await site.As("admin@dacorum.example");
        var (_, form) = await admin.GetAsync("/manage/people/invite");
        var answer = await admin.PostFormAsync("/manage/people/invite", form, "main form",
            ("Email", "mallory@dacorum.example"), ("Name", "Mal\u202Elory"), ("Roles", "viewer"));
        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await answer.Content.ReadAsStringAsync());
        page.QuerySelector(".govuk-error-summary")!.TextContent.ShouldContain("Name contains a bidirectional override, which can disguise text (U+202E), which Steward does not accept");
        page.QuerySelector("#name-error")!.TextContent.ShouldContain("U+202E");
        await using var db = site.Db.Open();
        (await db.Accounts.AnyAsync(a => a.NormalisedEmail == "mallory@dacorum.example")).ShouldBeFalse();
    }

    [Fact]
    public async Task A_handler_that_would_save_it_anyway_is_answered_400_naming_the_field()
    {
        var officer = await site.As("officer@dacorum.example");
        await using var db = site.Db.Open(site.Dacorum);
        var risk = await db.Risks.Where(r => !r.Exempt).OrderBy(r => r.Id).FirstAsync();
        var controls = await db.RiskControls.CountAsync();
        var (_, page) = await officer.GetAsync($"/risks/{risk.Id}");
        var answer = await officer.PostFormAsync($"/risks/{risk.Id}", page, "form[action*=AddControl]", ("Description", "Locked cabinet\u0007"));
        answer.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var error = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await answer.Content.ReadAsStringAsync());
        error.QuerySelector("h1")!.TextContent.ShouldBe("That text cannot be saved");
        error.QuerySelector("main")!.TextContent.Squash().ShouldContain(
            $"The description of control of {risk.Code} contains a control character (U+0007), which Steward does not accept. Nothing was saved");
        (await db.RiskControls.CountAsync()).ShouldBe(controls);
    }
}
