using System.Diagnostics;
using System.Globalization;
using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Steward.Bench;

// steward-bench prepare URL EMAIL PASSWORD      → shell assignments: COOKIE, TOKEN and the ids of pages to load
// steward-bench tolerance URL EMAIL PASSWORD    → changes the council's tolerance, then times the first dashboards
// steward-bench floor DB ORG CONNECTIONS SECONDS → the dashboard's and register's first pages by hand-written SQL
// steward-bench pack DB ORG html|docx|pdf        → times the council's quarterly pack in one format
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
try
{
    return args switch
    {
        ["prepare", var url, var email, var password] => await Web.PrepareAsync(url, email, password),
        ["tolerance", var url, var email, var password] => await Web.ToleranceAsync(url, email, password),
        ["floor", var db, var org, var connections, var seconds] => await Floor.RunAsync(db, org, int.Parse(connections), int.Parse(seconds)),
        ["pack", var db, var org, var format] => await Pack.RunAsync(db, org, format),
        _ => Usage(),
    };
}
catch (Exception e)
{
    Console.Error.WriteLine($"steward-bench: {e.Message}");
    return 1;
}

static int Usage()
{
    Console.Error.WriteLine("usage: steward-bench prepare|tolerance URL EMAIL PASSWORD, floor DB ORG CONNECTIONS SECONDS, or pack DB ORG html|docx|pdf");
    return 2;
}

namespace Steward.Bench
{
    /// <summary>A signed-in browser-like session over HTTP: cookies kept, forms posted with their anti-forgery token.</summary>
    internal sealed class Session(string url) : IDisposable
    {
        private static readonly HtmlParser Parser = new();
        public CookieContainer Cookies { get; } = new();
        private HttpClient? _client;
        public HttpClient Client => _client ??= new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(5),
        };

        public async Task<IHtmlDocument> GetAsync(string path)
        {
            var response = await Client.GetAsync(path);
            if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode}");
            return Parser.ParseDocument(await response.Content.ReadAsStringAsync());
        }

        /// <summary>Posts the form matching <paramref name="selector"/> on the page at <paramref name="path"/> with its own values, some replaced.</summary>
        public async Task<(HttpStatusCode Status, IHtmlDocument Page)> SubmitAsync(string path, string selector, IDictionary<string, string> replace)
        {
            var page = await GetAsync(path);
            var form = page.QuerySelector(selector) as IHtmlFormElement ?? throw new InvalidOperationException($"no form {selector} at {path}");
            var values = new List<KeyValuePair<string, string>>();
            foreach (var element in form.Elements)
            {
                switch (element)
                {
                    case IHtmlInputElement input when !string.IsNullOrEmpty(input.Name) && !replace.ContainsKey(input.Name):
                        if (input.Type is "checkbox" or "radio" && !input.IsChecked) continue;
                        values.Add(new(input.Name, input.Value));
                        break;
                    case IHtmlSelectElement select when !string.IsNullOrEmpty(select.Name) && !replace.ContainsKey(select.Name):
                        values.Add(new(select.Name, select.Value ?? ""));
                        break;
                    case IHtmlTextAreaElement area when !string.IsNullOrEmpty(area.Name) && !replace.ContainsKey(area.Name):
                        values.Add(new(area.Name, area.Value));
                        break;
                }
            }
            values.AddRange(replace);
            var action = form.GetAttribute("action") is { Length: > 0 } a ? a : path;
            var response = await Client.PostAsync(action, new FormUrlEncodedContent(values));
            return (response.StatusCode, Parser.ParseDocument(await response.Content.ReadAsStringAsync()));
        }

        public async Task SignInAsync(string email, string password)
        {
            var (status, _) = await SubmitAsync("/sign-in", "main form", new Dictionary<string, string> { ["email"] = email, ["password"] = password });
            if (status != HttpStatusCode.Redirect) throw new InvalidOperationException($"sign-in as {email} failed ({(int)status})");
        }

        public void Dispose() => _client?.Dispose();
    }

    internal static class Web
    {
        /// <summary>Signs in, issues an API token, and prints the cookie, the token and the ids of the pages to load as shell assignments.</summary>
        public static async Task<int> PrepareAsync(string url, string email, string password)
        {
            using var s = new Session(url);
            await s.SignInAsync(email, password);
            var dashboard = await s.GetAsync("/dashboard");
            var card = dashboard.QuerySelectorAll("a[href^='/indicators/']").Select(a => a.GetAttribute("href")!).First(h => h.Contains("?period="));
            var indicator = card[(card.LastIndexOf('/') + 1)..card.IndexOf('?')];
            var period = card[(card.IndexOf('=') + 1)..];
            var service = dashboard.QuerySelectorAll("select[name='service'] option").Select(o => o.GetAttribute("value")).First(v => !string.IsNullOrEmpty(v));
            var risks = await s.GetAsync("/risks");
            var risk = risks.QuerySelectorAll("a[href^='/risks/']").Select(a => a.GetAttribute("href")!["/risks/".Length..]).First(h => h.All(char.IsDigit));
            var tokens = await s.GetAsync("/admin/api-tokens");
            var account = tokens.QuerySelectorAll("select[name='AccountId'] option").First(o => o.TextContent.Contains(email)).GetAttribute("value")!;
            var (_, issued) = await s.SubmitAsync("/admin/api-tokens", "form:has(button.govuk-button:not(.govuk-button--warning))",
                new Dictionary<string, string> { ["AccountId"] = account, ["Name"] = "Benchmark", ["Expiry"] = "30" });
            var token = issued.QuerySelector("code.steward-token")?.TextContent ?? throw new InvalidOperationException("no API token was issued");
            var cookie = string.Join("; ", s.Cookies.GetCookies(new Uri(url)).Select(c => $"{c.Name}={c.Value}"));
            Console.WriteLine($"COOKIE='{cookie}'");
            Console.WriteLine($"TOKEN='{token}'");
            Console.WriteLine($"INDICATOR={indicator}");
            Console.WriteLine($"PERIOD={period}");
            Console.WriteLine($"SERVICE={service}");
            Console.WriteLine($"RISK={risk}");
            return 0;
        }

        /// <summary>
        /// Changes the council's tolerance on the settings page (5% ↔ 7.5%), then times the first dashboard and the first
        /// exceptions-only dashboard after it. Prints one line per step: name and milliseconds.
        /// </summary>
        public static async Task<int> ToleranceAsync(string url, string email, string password)
        {
            using var s = new Session(url);
            await s.SignInAsync(email, password);
            var settings = await s.GetAsync("/manage/settings");
            var current = (settings.QuerySelector("input[name='Tolerance']") as IHtmlInputElement)?.Value ?? throw new InvalidOperationException("no tolerance field");
            var changed = current.TrimEnd('%').Trim() == "5" ? "7.5" : "5";
            var watch = Stopwatch.StartNew();
            var (status, _) = await s.SubmitAsync("/manage/settings", "form:has(input[name='Tolerance'])", new Dictionary<string, string> { ["Tolerance"] = changed });
            if (status != HttpStatusCode.Redirect) throw new InvalidOperationException($"saving the tolerance failed ({(int)status})");
            Console.WriteLine($"save-tolerance {watch.Elapsed.TotalMilliseconds:0}");
            foreach (var (name, path) in new[] { ("first-dashboard", "/dashboard"), ("first-exceptions", "/dashboard?exceptions=true"), ("first-risk-exceptions", "/risks/exceptions") })
            {
                watch.Restart();
                await s.GetAsync(path);
                Console.WriteLine($"{name} {watch.Elapsed.TotalMilliseconds:0}");
            }
            return 0;
        }
    }
}
