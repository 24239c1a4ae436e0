using System.Net;
using System.Net.Http.Json;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Steward.Features.Committees;
using Steward.Tests.Support;

namespace Steward.Tests.Web;

/// <summary>
/// Two people save the same record from the same version at the same moment (parallel requests): one save lands, the
/// other is refused and shown who changed the record, when and what, with what they typed still in the form; saving
/// that form again is deliberate and lands. One case per kind of editable record, on SQLite and (in CI) PostgreSQL.
/// </summary>
public class EditConflictTests : IAsyncLifetime
{
    private readonly DemoSite _site = new();
    private static readonly HtmlParser Parser = new();

    public Task InitializeAsync() => _site.InitializeAsync();
    public Task DisposeAsync() => _site.DisposeAsync();

    /// <summary>A form on a page and the one field two people type into: who they are, and the name the first shows as.</summary>
    private sealed record Case(string Url, string Form, string Field, string First, string Second, string FirstName, params (string Name, string Value)[] Extra);

    public static TheoryData<string> Records => ["result", "indicator", "risk", "risk review", "risk action", "meeting", "work programme item", "follow-up action", "committee", "settings"];

    [Theory]
    [MemberData(nameof(Records))]
    public async Task The_second_of_two_parallel_saves_sees_who_changed_what_and_keeps_what_it_typed(string record)
    {
        var c = await CaseFor(record);
        var first = await _site.As(c.First);
        var second = await _site.As(c.Second);
        var (_, firstPage) = await first.GetAsync(c.Url);
        var (_, secondPage) = await second.GetAsync(c.Url);
        var firstWords = c.Field == "Tolerance" ? "17.5" : c.Field == "Venue" ? "The Forum, Hemel Hempstead" : $"First editor's words for the {record}";
        var secondWords = c.Field == "Tolerance" ? "19.25" : c.Field == "Venue" ? "Council Chamber – Civic Centre 😀" : $"Second editor's words for the {record} – with an é and 😀";

        var responses = await Task.WhenAll(
            Post(first, c, firstPage, firstWords),
            Post(second, c, secondPage, secondWords));

        responses.Count(r => r.StatusCode == HttpStatusCode.Redirect).ShouldBe(1, $"one of the two saves of the {record} lands");
        var lostIndex = Array.FindIndex(responses, r => r.StatusCode != HttpStatusCode.Redirect);
        responses[lostIndex].StatusCode.ShouldBe(HttpStatusCode.OK);
        var (winnerName, winnerWords, loserWords, loser) = lostIndex == 1
            ? (c.FirstName, firstWords, secondWords, second)
            : (Name(c.Second), secondWords, firstWords, first);
        var refused = Parser.ParseDocument(await responses[lostIndex].Content.ReadAsStringAsync());

        refused.QuerySelector(".govuk-error-summary")!.TextContent.ShouldContain("after you opened");
        var theirs = refused.QuerySelector("#their-changes")?.TextContent.Squash() ?? throw new ShouldAssertException($"No changes shown for the {record}");
        theirs.ShouldContain(winnerName);
        theirs.ShouldContain(winnerWords);
        FieldValue(refused, c).ShouldBe(loserWords, $"what was typed for the {record} is kept");

        // Saving the refused form again is deliberate: it lands over the other change.
        var again = await Post(loser, c, refused, FieldValue(refused, c));
        again.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var (_, now) = await loser.GetAsync(c.Url);
        FieldValue(now, c).ShouldBe(loserWords);
    }

    [Fact]
    public async Task The_api_answers_409_with_who_changed_the_result_and_the_version_to_send()
    {
        var ict01 = await _site.IndicatorId(_site.Dacorum, "ICT01");
        var updater = await _site.As("updater@dacorum.example");
        var (_, page) = await updater.GetAsync($"/indicators/{ict01}/results/2017-09");
        var seen = int.Parse(page.QuerySelector("input[name=Version]")!.GetAttribute("value")!);
        (await Post(updater, new Case($"/indicators/{ict01}/results/2017-09", "main form", "Comment", "", "", "", ("action", "draft")), page, "Changed on the page"))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);

        string token;
        await using (var db = _site.Db.Open(_site.Dacorum))
        {
            var account = await db.Accounts.SingleAsync(a => a.NormalisedEmail == "updater@dacorum.example");
            (token, var hash) = Steward.Features.Accounts.ApiToken.NewToken();
            db.ApiTokens.Add(new Steward.Features.Accounts.ApiToken { AccountId = account.Id, Name = "script", Hint = token[..10], Hash = hash, CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }
        using var api = _site.Web.CreateClient();
        api.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var response = await api.PutAsJsonAsync("/api/v1/indicators/ICT01/results/2017-09", new { value = 91.5m, comment = "From a script", version = seen });
        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        body.GetProperty("version").GetInt32().ShouldBe(seen + 1);
        var change = body.GetProperty("changes")[0];
        change.GetProperty("by").GetString().ShouldBe("Demo updater");
        change.GetProperty("changes").EnumerateArray().Select(x => x.GetString()).ShouldContain(s => s!.Contains("Changed on the page"));
    }

    [Fact]
    public async Task An_approver_deciding_in_a_second_tab_after_the_first_is_shown_the_decision_and_given_back_their_comment()
    {
        var csu10 = await _site.IndicatorId(_site.Dacorum, "CSU10");
        var updater = await _site.As("updater@dacorum.example");
        var entry = $"/indicators/{csu10}/results/2017-09";
        var (_, form) = await updater.GetAsync(entry);
        (await updater.PostFormAsync(entry, form, "main form", ("Value", "205.33"), ("Comment", "Quarter average"), ("action", "submit"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var firstTab = await _site.As("approver@dacorum.example");
        var secondTab = _site.Web.Session();
        await secondTab.SignInOkAsync("approver@dacorum.example", Steward.Features.Demo.DemoData.Password);
        var (_, first) = await firstTab.GetAsync("/approvals");
        var (_, second) = await secondTab.GetAsync("/approvals");
        // Each tab posts CSU10's card as shown: its hidden fields (the version seen) and the decision.
        Task<HttpResponseMessage> Decide(WebSession tab, IHtmlDocument page, params (string, string)[] fields)
        {
            var form = page.QuerySelectorAll(".steward-card").First(c => c.TextContent.Contains("CSU10")).QuerySelector("form")!;
            var values = form.QuerySelectorAll("input[type=hidden]").OfType<IHtmlInputElement>().Select(i => KeyValuePair.Create(i.Name!, i.Value)).ToList();
            values.AddRange(fields.Select(f => KeyValuePair.Create(f.Item1, f.Item2)));
            return tab.Client.PostAsync("/approvals", new FormUrlEncodedContent(values));
        }
        (await Decide(firstTab, first, ("decision", "approve"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var refused = await Decide(secondTab, second, ("decision", "return"), ("comment", "Is this December's figure?"));
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = Parser.ParseDocument(await refused.Content.ReadAsStringAsync());
        page.QuerySelector(".govuk-error-summary")!.TextContent.ShouldContain("Someone else changed this result after you opened it");
        var theirs = page.QuerySelector("#their-changes")!.TextContent.Squash();
        theirs.ShouldContain("Demo approver");
        theirs.ShouldContain("Approved");
        theirs.ShouldContain("The comment you typed was not saved: “Is this December's figure?”");
    }

    private static string Name(string email) => email.Split('@')[0] switch
    {
        "admin" => "Demo administrator",
        "officer" => "Demo performance officer",
        "updater" => "Demo updater",
        "owner" => "Demo risk owner",
        var other => other,
    };

    private async Task<Case> CaseFor(string record)
    {
        await using var db = _site.Db.Open(_site.Dacorum);
        switch (record)
        {
            case "result":
                var ict01 = await _site.IndicatorId(_site.Dacorum, "ICT01");
                return new($"/indicators/{ict01}/results/2017-09", "main form", "Comment", "updater@dacorum.example", "officer@dacorum.example", "Demo updater", ("action", "draft"));
            case "indicator":
                var csu10 = await _site.IndicatorId(_site.Dacorum, "CSU10");
                return new($"/manage/indicators/{csu10}", "main form", "Description", "officer@dacorum.example", "admin@dacorum.example", "Demo performance officer");
            case "risk":
                var risk = await db.Risks.OrderBy(r => r.Id).FirstAsync();
                return new($"/risks/{risk.Id}/edit", "main form", "Description", "officer@dacorum.example", "admin@dacorum.example", "Demo performance officer");
            case "risk review":
                var reviewed = await db.Risks.OrderBy(r => r.Id).FirstAsync();
                return new($"/risks/{reviewed.Id}/review", "main form", "Commentary", "owner@dacorum.example", "officer@dacorum.example", "Demo risk owner", ("action", "draft"));
            case "risk action":
                var actionRisk = await db.Risks.OrderBy(r => r.Id).FirstAsync();
                var action = db.RiskActions.Add(new Steward.Features.Risks.RiskAction { RiskId = actionRisk.Id, Description = "Review the business continuity plans" }).Entity;
                await db.SaveChangesAsync();
                return new($"/risks/{action.RiskId}", $"form[action*='handler=UpdateAction'][action*='actionId={action.Id}']", "Progress",
                    "owner@dacorum.example", "officer@dacorum.example", "Demo risk owner");
            case "meeting":
                var meeting = await db.Meetings.OrderBy(m => m.Id).FirstAsync();
                return new($"/committees/meetings/{meeting.Id}", "form[action*='handler=Meeting']", "Venue",
                    "officer@dacorum.example", "admin@dacorum.example", "Demo performance officer");
            case "work programme item":
                var item = await db.WorkProgrammeItems.OrderBy(i => i.Id).FirstAsync();
                return new($"/committees/meetings/{item.MeetingId}", $"form[action*='handler=Item'][action*='itemId={item.Id}']", "Notes",
                    "officer@dacorum.example", "admin@dacorum.example", "Demo performance officer");
            case "follow-up action":
                var followUp = await db.FollowUpActions.OrderBy(a => a.Id).FirstAsync();
                return new($"/committees/meetings/{followUp.MeetingId}", $"form[action*='handler=Action'][action*='actionId={followUp.Id}']", "Progress",
                    "officer@dacorum.example", "admin@dacorum.example", "Demo performance officer");
            case "committee":
                var committee = await db.Committees.OrderBy(x => x.Id).FirstAsync();
                return new($"/committees/edit/{committee.Id}", "main form", "Name", "officer@dacorum.example", "admin@dacorum.example", "Demo performance officer");
            case "settings":
                return new("/manage/settings", "main form:not([action*=handler])", "Tolerance", "officer@dacorum.example", "admin@dacorum.example", "Demo performance officer");
            default:
                throw new ArgumentOutOfRangeException(nameof(record));
        }
    }

    /// <summary>Submits the case's form as a browser would (every field as shown), with its field set to <paramref name="words"/>.</summary>
    private static Task<HttpResponseMessage> Post(WebSession session, Case c, IHtmlDocument page, string words)
    {
        var form = page.QuerySelector(c.Form) as IHtmlFormElement ?? throw new ShouldAssertException($"No form {c.Form} at {c.Url}");
        var values = new List<KeyValuePair<string, string>>();
        foreach (var input in form.QuerySelectorAll("input[name]").OfType<IHtmlInputElement>())
            if (input.Type is not ("checkbox" or "radio") || input.IsChecked) values.Add(new(input.Name!, input.Value));
        foreach (var area in form.QuerySelectorAll("textarea[name]").OfType<IHtmlTextAreaElement>()) values.Add(new(area.Name!, area.Value));
        foreach (var select in form.QuerySelectorAll("select[name]").OfType<IHtmlSelectElement>()) values.Add(new(select.Name!, select.Value ?? ""));
        values.RemoveAll(v => v.Key == c.Field);
        values.Add(new(c.Field, words));
        values.AddRange(c.Extra.Select(e => KeyValuePair.Create(e.Name, e.Value)));
        var action = form.GetAttribute("action") is { Length: > 0 } a ? a : c.Url;
        return session.Client.PostAsync(action, new FormUrlEncodedContent(values));
    }

    private static string FieldValue(IHtmlDocument page, Case c)
    {
        var form = page.QuerySelector(c.Form) ?? throw new ShouldAssertException($"No form {c.Form}");
        return form.QuerySelector($"[name={c.Field}]") switch
        {
            IHtmlTextAreaElement area => area.Value,
            IHtmlInputElement input => input.Value,
            var other => throw new ShouldAssertException($"No field {c.Field}: {other}"),
        };
    }
}
