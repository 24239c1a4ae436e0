using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Steward.Features.Demo;
using Steward.Tests.Support;
using Steward.Web;

namespace Steward.BrowserTests;

/// <summary>
/// Steward on a real Kestrel server bound to 127.0.0.1 (a free port), with the demo councils loaded,
/// and Debian's Chromium driven by Playwright. Shared by the browser tests; stopped at the end.
/// </summary>
public sealed class LiveApp : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private WebApplication _app = null!;
    private IPlaywright _playwright = null!;

    public IBrowser Browser { get; private set; } = null!;
    public string BaseUrl { get; private set; } = "";
    public TestDatabase Database => _db;

    public static string ScreenshotDir { get; } = Path.Combine(Seeds.RepoRoot, "artifacts", "screenshots");

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        await DemoData.LoadIfEmptyAsync(_db.Target);
        // The demo's rule that administrators sign in with a second factor is lifted here; PeopleTests puts it back to try it.
        await using (var db = _db.Open())
            await db.Organisations.ExecuteUpdateAsync(o => o.SetProperty(x => x.TwoFactor, Steward.Features.Accounts.TwoFactorRequirement.NoOne));
        _app = WebApp.Build(["--urls", "http://127.0.0.1:0", "--db", _db.Setting, "--Steward:Notices:IntervalMinutes=0"]);
        await _app.StartAsync();
        BaseUrl = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        Directory.CreateDirectory(ScreenshotDir);
    }

    public async Task DisposeAsync()
    {
        await Browser.CloseAsync();
        _playwright.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _db.DisposeAsync();
    }

    /// <summary>A new browser context (its own cookies), at a desktop size.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        return await context.NewPageAsync();
    }

    public async Task<IPage> SignedInAsync(string email)
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/sign-in");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(DemoData.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(u => !u.Contains("/sign-in"));
        return page;
    }

    public static async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDir, name + ".png"), FullPage = true });
}

/// <summary>axe-core, from the frontend's npm packages, run in the page: WCAG 2.2 A and AA rules.</summary>
public static class Accessibility
{
    private static readonly string AxePath = Path.Combine(Seeds.RepoRoot, "frontend", "node_modules", "axe-core", "axe.min.js");

    public sealed record Violation(string Id, string Impact, string Help, string[] Targets);

    public static async Task<List<Violation>> SeriousViolationsAsync(IPage page)
    {
        File.Exists(AxePath).ShouldBeTrue($"axe-core is missing: run 'npm ci' in frontend/ ({AxePath})");
        // Evaluated through the browser's devtools channel: the page's Content-Security-Policy (no inline or
        // foreign scripts) stays on, so the test also proves the pages work under it.
        await page.EvaluateAsync(await File.ReadAllTextAsync(AxePath));
        var json = await page.EvaluateAsync<System.Text.Json.JsonElement>("""
            async () => {
              const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
              return r.violations.map(v => ({ id: v.id, impact: v.impact || '', help: v.help, targets: v.nodes.map(n => n.target.join(' ')) }));
            }
            """);
        return json.EnumerateArray()
            .Select(v => new Violation(v.GetProperty("id").GetString()!, v.GetProperty("impact").GetString()!, v.GetProperty("help").GetString()!,
                v.GetProperty("targets").EnumerateArray().Select(t => t.GetString()!).ToArray()))
            .Where(v => v.Impact is "serious" or "critical")
            .ToList();
    }

    public static async Task AssertNoSeriousViolationsAsync(IPage page)
    {
        var violations = await SeriousViolationsAsync(page);
        violations.ShouldBeEmpty(string.Join("\n", violations.Select(v => $"{page.Url}: {v.Impact} {v.Id}: {v.Help} at {string.Join(", ", v.Targets.Take(5))}")));
    }
}
