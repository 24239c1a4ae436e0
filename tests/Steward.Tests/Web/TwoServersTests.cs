using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Steward.Features.Accounts;
using Steward.Features.Demo;
using Steward.Tests.Support;

namespace Steward.Tests.Web;

/// <summary>
/// Two app servers, each its own process on its own port of 127.0.0.1, over one database (PostgreSQL when the suite runs
/// on it, else one SQLite file), deployed as a shared service would be: the deployment step migrates (and makes the
/// first data-protection key), the servers start with AutoMigrate=false and trust 127.0.0.1 as their load balancer.
/// </summary>
public sealed class TwoServers : IAsyncLifetime
{
    public TestDatabase Db { get; private set; } = null!;
    public AppProcess A { get; private set; } = null!;
    public AppProcess B { get; private set; } = null!;
    public string MigrateOutput { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Db = await TestDatabase.CreateAsync();
        var migrate = await StewardCli.RunAsync(Db, "db", "migrate");
        migrate.ExitCode.ShouldBe(0, migrate.Err);
        MigrateOutput = migrate.Out;
        await DemoData.LoadIfEmptyAsync(Db.Target);
        var settings = new Dictionary<string, string>
        {
            ["Steward__AutoMigrate"] = "false",
            ["Steward__DemoData"] = "false",
            ["Steward__TrustedProxies"] = "127.0.0.1",
        };
        var started = await Task.WhenAll(AppProcess.StartAsync(Db, settings), AppProcess.StartAsync(Db, settings));
        (A, B) = (started[0], started[1]);
    }

    public async Task DisposeAsync()
    {
        if (A is not null) await A.DisposeAsync();
        if (B is not null) await B.DisposeAsync();
        await Db.DisposeAsync();
    }
}

/// <summary>
/// Nothing lives in one server only: a sign-in cookie, an anti-forgery token and every change made through one server
/// are good on the other, because the data-protection keys and all state are in the database.
/// </summary>
public class TwoServersTests(TwoServers servers) : IClassFixture<TwoServers>
{
    private static readonly HtmlParser Parser = new();

    /// <summary>A browser's view of the service: one cookie jar, whichever server answers (cookies do not depend on the port).</summary>
    private sealed class Browser : IDisposable
    {
        public CookieContainer Cookies { get; } = new();
        public HttpClient Client { get; }

        public Browser() => Client = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false });

        public async Task<(HttpResponseMessage Response, IHtmlDocument Page)> GetAsync(string url)
        {
            var response = await Client.GetAsync(url);
            return (response, Parser.ParseDocument(await response.Content.ReadAsStringAsync()));
        }

        /// <summary>Reads the form at <paramref name="pageUrl"/> (its hidden fields, the anti-forgery token among them) and posts it, with <paramref name="fields"/>, to <paramref name="postUrl"/>.</summary>
        public async Task<HttpResponseMessage> PostFormAsync(string pageUrl, string postUrl, IDictionary<string, string> fields, string formSelector = "main form")
        {
            var (_, page) = await GetAsync(pageUrl);
            var form = page.QuerySelector(formSelector) as IHtmlFormElement ?? throw new InvalidOperationException($"No form at {pageUrl}:\n{page.Body?.TextContent}");
            var values = form.QuerySelectorAll("input[type=hidden]").OfType<IHtmlInputElement>()
                .Where(i => !fields.ContainsKey(i.Name!)).Select(i => KeyValuePair.Create(i.Name!, i.Value)).ToList();
            values.AddRange(fields);
            return await Client.PostAsync(postUrl, new FormUrlEncodedContent(values));
        }

        public void Dispose() => Client.Dispose();
    }

    private async Task<Browser> SignedInAsync(AppProcess server, string email)
    {
        var browser = new Browser();
        var r = await browser.PostFormAsync($"{server.BaseUrl}/sign-in", $"{server.BaseUrl}/sign-in",
            new Dictionary<string, string> { ["email"] = email, ["password"] = DemoData.Password });
        r.StatusCode.ShouldBe(HttpStatusCode.Redirect, server.Output);
        return browser;
    }

    private async Task<int> IndicatorIdAsync(string organisation, string code)
    {
        await using var db = servers.Db.Open();
        var org = await db.Organisations.SingleAsync(o => o.Code == organisation);
        db.UseOrganisation(org.Id);
        return (await db.Indicators.SingleAsync(i => i.Code == code)).Id;
    }

    [Fact]
    public void The_servers_are_two_processes_on_two_loopback_ports()
    {
        servers.A.BaseUrl.ShouldStartWith("http://127.0.0.1:");
        servers.B.BaseUrl.ShouldStartWith("http://127.0.0.1:");
        servers.A.BaseUrl.ShouldNotBe(servers.B.BaseUrl);
        servers.MigrateOutput.ShouldContain("Created the key that protects sign-in cookies.");
    }

    [Fact]
    public async Task A_sign_in_on_one_server_is_valid_on_the_other()
    {
        using var browser = await SignedInAsync(servers.A, "viewer@dacorum.example");
        var (home, page) = await browser.GetAsync($"{servers.B.BaseUrl}/");
        home.StatusCode.ShouldBe(HttpStatusCode.OK, servers.B.Output);
        page.QuerySelector("header")!.TextContent.ShouldContain("Dacorum Borough Council");

        // Both servers protect with the one key the deployment step made, kept in the database; neither kept a key of its own on disk.
        await using var db = servers.Db.Open();
        (await db.DataProtectionKeys.CountAsync()).ShouldBe(1);
        foreach (var server in new[] { servers.A, servers.B })
            Directory.Exists(Path.Combine(server.Home, ".aspnet", "DataProtection-Keys")).ShouldBeFalse();
        (await db.AuditLog.IgnoreQueryFilters().AnyAsync(a => a.EntityType == "DataProtectionKey")).ShouldBeFalse();

        // And the other way round; signing out on one is signing out everywhere (the cookie is gone from the browser).
        using var other = await SignedInAsync(servers.B, "viewer@norfolk.example");
        (await other.GetAsync($"{servers.A.BaseUrl}/")).Page.QuerySelector("header")!.TextContent.ShouldContain("Norfolk County Council");
    }

    [Fact]
    public async Task A_form_from_one_server_posts_on_the_other_and_what_it_saves_is_read_on_both()
    {
        using var updater = await SignedInAsync(servers.B, "updater@dacorum.example");
        var id = await IndicatorIdAsync("DBC", "CSU10");
        var entry = $"/indicators/{id}/results/2017-12";

        // The anti-forgery token in A's form is good on B.
        var saved = await updater.PostFormAsync(servers.A.BaseUrl + entry, servers.B.BaseUrl + entry,
            new Dictionary<string, string> { ["Value"] = "231", ["Comment"] = "Two new starters", ["action"] = "draft" });
        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect, servers.B.Output);

        // Without a token the post is refused: the token is checked, not ignored.
        var forged = await updater.Client.PostAsync(servers.A.BaseUrl + entry,
            new FormUrlEncodedContent(new Dictionary<string, string> { ["Value"] = "999", ["action"] = "draft" }));
        forged.StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        foreach (var server in new[] { servers.A, servers.B })
        {
            var (_, page) = await updater.GetAsync(server.BaseUrl + entry);
            (page.QuerySelector("input[name=Value]") as IHtmlInputElement)!.Value.ShouldBe("231");
            page.QuerySelector("textarea[name=Comment]")!.TextContent.Trim().ShouldBe("Two new starters");
        }

        // A second edit through A, from B's form (which carries the version B read), moves on from the first.
        var resaved = await updater.PostFormAsync(servers.B.BaseUrl + entry, servers.A.BaseUrl + entry,
            new Dictionary<string, string> { ["Value"] = "240", ["action"] = "submit" });
        resaved.StatusCode.ShouldBe(HttpStatusCode.Redirect, servers.A.Output);
        var (_, after) = await updater.GetAsync(servers.B.BaseUrl + entry);
        (after.QuerySelector("input[name=Value]") as IHtmlInputElement)!.Value.ShouldBe("240");
    }

    [Fact]
    public async Task A_result_written_through_the_api_of_one_server_is_read_through_the_other()
    {
        string token;
        await using (var db = servers.Db.Open())
        {
            var org = await db.Organisations.SingleAsync(o => o.Code == "NCC");
            db.UseOrganisation(org.Id);
            var account = await db.Accounts.SingleAsync(a => a.NormalisedEmail == "updater@norfolk.example");
            (token, var hash) = ApiToken.NewToken();
            db.ApiTokens.Add(new ApiToken { AccountId = account.Id, Name = "two servers", Hint = token[..10], Hash = hash, CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }
        using var api = new HttpClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var put = await api.PutAsJsonAsync($"{servers.A.BaseUrl}/api/v1/indicators/ICT04/results/2017-10", new { value = 81.5, comment = "Through A", submit = false });
        put.StatusCode.ShouldBe(HttpStatusCode.OK, await put.Content.ReadAsStringAsync());

        var read = await api.GetFromJsonAsync<JsonElement>($"{servers.B.BaseUrl}/api/v1/indicators/ICT04/results?from=2017-10&to=2017-10&status=all");
        var row = read.GetProperty("items").EnumerateArray().Single();
        (row.GetProperty("value").GetDecimal(), row.GetProperty("updaterComment").GetString(), row.GetProperty("status").GetString())
            .ShouldBe((81.5m, "Through A", "draft"));
    }

    [Fact]
    public async Task Behind_the_load_balancer_a_sign_in_forwarded_as_https_gets_a_secure_cookie()
    {
        // The servers trust 127.0.0.1 as their load balancer: a sign-in it says came over HTTPS gets a cookie marked Secure.
        foreach (var (forwarded, secure) in new[] { ("https", true), ((string?)null, false) })
        {
            using var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false });
            var form = await client.GetAsync($"{servers.A.BaseUrl}/sign-in");
            var antiforgery = form.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("steward-antiforgery=", StringComparison.Ordinal)).Split(';')[0];
            var token = (Parser.ParseDocument(await form.Content.ReadAsStringAsync())
                .QuerySelector("input[name=__RequestVerificationToken]") as IHtmlInputElement)!.Value;
            using var post = new HttpRequestMessage(HttpMethod.Post, $"{servers.A.BaseUrl}/sign-in")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["email"] = "viewer@dacorum.example", ["password"] = DemoData.Password, ["__RequestVerificationToken"] = token,
                }),
            };
            post.Headers.Add("Cookie", antiforgery);
            if (forwarded is not null) post.Headers.Add("X-Forwarded-Proto", forwarded);
            var response = await client.SendAsync(post);
            response.StatusCode.ShouldBe(HttpStatusCode.Redirect, servers.A.Output);
            var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("steward=", StringComparison.Ordinal));
            cookie.Contains("; secure", StringComparison.OrdinalIgnoreCase).ShouldBe(secure, cookie);
        }
    }
}
