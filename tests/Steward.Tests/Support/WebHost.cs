using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Steward.Tests.Support;

/// <summary>The real web app (Program) in memory, on a test database.</summary>
/// <remarks><paramref name="settings"/> are configuration settings over the defaults (as environment variables would give them).</remarks>
public sealed class StewardWebFactory(TestDatabase database, TimeProvider? clock = null, Action<IServiceCollection>? services = null,
    IReadOnlyDictionary<string, string>? settings = null) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Steward", database.Setting);
        // The notices job is run by the tests that test it, not every few minutes behind the others' backs.
        builder.UseSetting("Steward:Notices:IntervalMinutes", "0");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) builder.UseSetting(key, value);
        builder.UseEnvironment("Production");
        builder.ConfigureTestServices(s =>
        {
            if (clock is not null) s.AddSingleton(clock);
            services?.Invoke(s);
        });
    }

    public WebSession Session() => new(CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
}

/// <summary>A browser-like session: keeps cookies, reads pages as HTML, posts forms with their anti-forgery token.</summary>
public sealed class WebSession(HttpClient client) : IDisposable
{
    private static readonly HtmlParser Parser = new();

    public HttpClient Client { get; } = client;

    public async Task<(HttpResponseMessage Response, IHtmlDocument Page)> GetAsync(string url)
    {
        var response = await Client.GetAsync(url);
        return (response, Parser.ParseDocument(await response.Content.ReadAsStringAsync()));
    }

    /// <summary>GETs the page, fills the first form (or the one matching <paramref name="formSelector"/>) and submits it.</summary>
    public async Task<(HttpResponseMessage Response, IHtmlDocument Page)> SubmitAsync(string url, IDictionary<string, string> fields, string formSelector = "main form")
    {
        var (_, page) = await GetAsync(url);
        var form = page.QuerySelector(formSelector) as IHtmlFormElement ?? throw new InvalidOperationException($"No form at {url}");
        var values = new List<KeyValuePair<string, string>>();
        foreach (var input in form.QuerySelectorAll("input[type=hidden]").OfType<IHtmlInputElement>())
            if (!fields.ContainsKey(input.Name!)) values.Add(new(input.Name!, input.Value));
        values.AddRange(fields);
        var action = string.IsNullOrEmpty(form.GetAttribute("action")) ? url : form.GetAttribute("action")!;
        var response = await Client.PostAsync(action, new FormUrlEncodedContent(values));
        return (response, Parser.ParseDocument(await response.Content.ReadAsStringAsync()));
    }

    /// <summary>
    /// Posts the form matching <paramref name="formSelector"/> on a page already read from <paramref name="pageUrl"/> (its
    /// hidden fields, the anti-forgery token among them) with <paramref name="fields"/>, a name given as often as it is ticked.
    /// </summary>
    public async Task<HttpResponseMessage> PostFormAsync(string pageUrl, IHtmlDocument page, string formSelector, params (string Name, string Value)[] fields)
    {
        var form = page.QuerySelector(formSelector) as IHtmlFormElement ?? throw new InvalidOperationException($"No form {formSelector}");
        var values = form.QuerySelectorAll("input[type=hidden]").OfType<IHtmlInputElement>().Select(i => KeyValuePair.Create(i.Name!, i.Value)).ToList();
        values.AddRange(fields.Select(f => KeyValuePair.Create(f.Name, f.Value)));
        return await Client.PostAsync(form.GetAttribute("action") is { Length: > 0 } action ? action : pageUrl, new FormUrlEncodedContent(values));
    }

    public async Task<HttpResponseMessage> SignInAsync(string email, string password)
    {
        var (response, _) = await SubmitAsync("/sign-in", new Dictionary<string, string> { ["email"] = email, ["password"] = password });
        return response;
    }

    public async Task SignInOkAsync(string email, string password)
    {
        var r = await SignInAsync(email, password);
        r.StatusCode.ShouldBe(HttpStatusCode.Redirect, $"sign-in as {email} failed");
    }

    public void Dispose() => Client.Dispose();
}

public static class TextExtensions
{
    /// <summary>Text as a reader sees it: runs of white space made one space, trimmed.</summary>
    public static string Squash(this string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ").Trim();
}
