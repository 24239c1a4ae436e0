using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Steward.Data;
using Steward.Features.Accounts;
using Steward.Features.Demo;

namespace Steward.Web;

/// <summary>The web app: Razor Pages under Features/, the JSON API under /api/v1.</summary>
public static class WebApp
{
    public const string DefaultUrl = "http://127.0.0.1:5000";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(WebApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        // --db works for the web app as for the CLI.
        builder.Configuration.AddCommandLine(args, new Dictionary<string, string> { ["--db"] = "ConnectionStrings:" + DatabaseTarget.SettingName });
        builder.WebHost.UseStaticWebAssets();
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
            builder.WebHost.UseUrls(DefaultUrl);
        configure?.Invoke(builder);

        var target = DatabaseTarget.Resolve(builder.Configuration.GetConnectionString(DatabaseTarget.SettingName));
        builder.Services.AddSingleton(target);
        target.Register(builder.Services);
        builder.Services.AddScoped<CurrentUser>();
        builder.Services.AddSingleton<CouncilCache>();
        builder.Services.AddSingleton(TimeProvider.System);
        // Cookies and anti-forgery tokens are protected with keys kept in the database, so any app server reads any other's.
        builder.Services.AddSharedDataProtection();
        var behindProxy = TrustedProxies.Configure(builder.Services, builder.Configuration[TrustedProxies.SettingName]);
        var sessions = SessionPolicy.From(builder.Configuration);
        builder.Services.AddSingleton(sessions);
        // Notices: e-mailed through the configured SMTP server by a job every app server runs (one at a time, by lease).
        var email = Features.Notices.EmailSettings.Read(builder.Configuration);
        builder.Services.AddSingleton(new Features.Notices.Mailer(email));
        builder.Services.AddSingleton(sp => new Features.Notices.NoticeSender(sp.GetRequiredService<Features.Notices.Mailer>(),
            builder.Configuration.GetValue("Steward:Notices:DigestHour", 7), sp.GetRequiredService<ILogger<Features.Notices.NoticeSender>>()));
        builder.Services.AddHostedService<Features.Notices.NoticeJob>();

        // Pages sign in with a cookie; the API (/api/…) only with a bearer token, so cookies cannot be used to forge API calls.
        builder.Services.AddAuthentication("steward")
            .AddPolicyScheme("steward", "Cookie or API token", o => o.ForwardDefaultSelector = http =>
                http.Request.Path.StartsWithSegments("/api") ? ApiTokenAuthentication.SchemeName : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthentication>(ApiTokenAuthentication.SchemeName, null)
            // The identity provider's answer, held for the few seconds between its callback and Steward's own sign-in.
            .AddCookie(SingleSignOn.ExternalScheme, o =>
            {
                o.Cookie.Name = SingleSignOn.ExternalScheme;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromMinutes(5);
            })
            .AddCookie(o =>
            {
                o.LoginPath = "/sign-in";
                o.LogoutPath = "/sign-out";
                o.Cookie.Name = "steward";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                // The cookie lasts no longer than the session's absolute limit; the server ends it sooner when idle or signed out.
                o.ExpireTimeSpan = sessions.Absolute;
                o.SlidingExpiration = false;
                // A page the role may not see answers 403 (with the error page), not a redirect.
                o.Events.OnRedirectToAccessDenied = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                };
            });
        // Single sign-on: each council's OpenID Connect scheme is made on demand (SingleSignOn), from these.
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<OpenIdConnectOptions>, OpenIdConnectPostConfigureOptions>());
        builder.Services.AddSingleton<IConfigureOptions<OpenIdConnectOptions>, SingleSignOn.ConfigureOptions>();
        builder.Services.AddAuthorization();
        builder.Services.AddRouting(o => o.LowercaseUrls = true);
        builder.Services.AddRazorPages(o =>
            {
                o.RootDirectory = "/Features";
                o.Conventions.AuthorizeFolder("/");
                o.Conventions.AddPageRoute("/Risks/Edit", "risks/new");
            })
            .AddMvcOptions(o =>
            {
                o.Filters.Add<OrganisationPageFilter>();
                o.Filters.Add<UnacceptableTextFilter>();
            });
        builder.Services.AddAntiforgery(o => o.Cookie.Name = "steward-antiforgery");
        builder.Services.AddOpenApi("v1", o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Steward API";
            document.Info.Description = "Indicators, results and RAG for the organisation an API token was issued in. " +
                "Send the token as 'Authorization: Bearer stw_…'. Periods are YYYY-MM, the month in which the period ends.";
            return Task.CompletedTask;
        }));

        var app = builder.Build();
        if (behindProxy) app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error");
            // Strict-Transport-Security on HTTPS responses (directly, or through a trusted TLS proxy).
            app.UseHsts();
        }
        app.UseStatusCodePagesWithReExecute("/error", "?status={0}");
        app.Use(async (http, next) =>
        {
            var h = http.Response.Headers;
            h["X-Content-Type-Options"] = "nosniff";
            h["X-Frame-Options"] = "DENY";
            h["Referrer-Policy"] = "same-origin";
            h["Content-Security-Policy"] = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'";
            await next(http);
        });
        app.UseStaticFiles();
        app.UseRouting();
        app.UseSingleSignOnSchemes();
        app.UseAuthentication();
        app.UseCurrentUser();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapRazorPages();
        app.MapOpenApi("/api/{documentName}/openapi.json").AllowAnonymous();
        Features.Indicators.IndicatorApi.Map(app);
        Features.Risks.BandStyles.Map(app);
        Features.Risks.RiskApi.Map(app);
        Features.Projects.ProjectApi.Map(app);
        Features.Finance.FinanceApi.Map(app);
        return app;
    }

    /// <summary>Runs the web app: migrates, loads the demo councils into an empty SQLite database, prints where to go.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        WebApplication app;
        try
        {
            app = Build(args);
        }
        catch (Features.Notices.SettingsException e)
        {
            await Console.Error.WriteLineAsync($"Steward cannot start: {e.Message}");
            return 1;
        }
        var target = app.Services.GetRequiredService<DatabaseTarget>();
        var config = app.Configuration;
        if (config.GetValue("Steward:AutoMigrate", true)) await target.MigrateAsync();
        var demo = config.GetValue("Steward:DemoData", target.Provider == DatabaseProvider.Sqlite)
            && await DemoData.LoadIfEmptyAsync(target);

        await app.StartAsync();
        var urls = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var url = urls.FirstOrDefault() ?? DefaultUrl;
        Console.WriteLine();
        Console.WriteLine($"Steward is running at {url}  (data: {target.Describe()})");
        if (demo || (target.Provider == DatabaseProvider.Sqlite && await DemoData.IsDemoDatabaseAsync(target)))
            Console.WriteLine(DemoData.LoginsText());
        Console.WriteLine("Press Ctrl+C to stop.");
        await app.WaitForShutdownAsync();
        return 0;
    }
}
