using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Steward.Features.Accounts;
using Steward.Tests.Support;

namespace Steward.Tests.Web;

/// <summary>
/// Every route the app maps — each page handler (GET and POST), each API endpoint — called signed out, as every demo
/// role of Dacorum, with API tokens, and with Norfolk's ids. What each may do is declared in <see cref="Rules"/>: a route
/// the table does not name fails the test, so a new page cannot be added without deciding who may use it. Another
/// council's ids are always 404; a role without the right 403; signed out, the sign-in page (pages) or 401 (API); a
/// sign-in cookie at the API 401; never a server error. 145 routes, about 1,100 calls. Posts carry a valid anti-forgery
/// token and no fields (or the few the table gives), so they reach their checks without changing what later calls need.
/// </summary>
public class AuthorizationSweepTests(DemoSite site) : IClassFixture<DemoSite>
{
    private static readonly string[] Roles = ["admin", "officer", "updater", "approver", "owner", "viewer", "complaints"];

    /// <summary>
    /// Who may use a route: "anon" (anyone, signed out too), "all" (every role), or the roles named; the address to call
    /// (with Dacorum's ids, or Norfolk's for the other-council check); what an allowed GET answers (200 unless said);
    /// form fields to post (so a post that changes settings leaves them as the sweep needs); whether it ends the session.
    /// </summary>
    private sealed record Rule(string Url, string Who, int[]? Ok = null, string? Form = null, bool EndsSession = false)
    {
        public bool Allows(string role) => Who is "anon" or "all" || Who.Split(' ').Contains(role);
    }

    // {ind} {risk} {project} {gate} {criterion} {committee} {meeting} {person} {code} {riskcode} {projectcode} {change}: Dacorum's (or, for the other-council check, Norfolk's).
    private static readonly Dictionary<string, Rule> Rules = new()
    {
        ["GET /"] = new("/", "all"),
        ["GET account"] = new("/account", "all"),
        ["POST account Name"] = new("/account?handler=Name", "all"),
        ["POST account Password"] = new("/account?handler=Password", "all"),
        ["POST account SignOutOthers"] = new("/account?handler=SignOutOthers", "all"),
        ["GET account/notices"] = new("/account/notices", "all"),
        ["POST account/notices"] = new("/account/notices", "all"),
        ["GET account/two-factor"] = new("/account/two-factor", "all"),
        ["POST account/two-factor RecoveryCodes"] = new("/account/two-factor?handler=RecoveryCodes", "all"),
        ["POST account/two-factor TurnOff"] = new("/account/two-factor?handler=TurnOff", "all"),
        ["POST account/two-factor TurnOn"] = new("/account/two-factor?handler=TurnOn", "all"),
        ["GET admin/api-tokens"] = new("/admin/api-tokens", "admin"),
        ["POST admin/api-tokens"] = new("/admin/api-tokens", "admin"),
        ["POST admin/api-tokens Revoke"] = new("/admin/api-tokens?handler=Revoke", "admin"),
        ["GET approvals"] = new("/approvals", "approver"),
        ["POST approvals"] = new("/approvals", "approver"),
        ["GET projects"] = new("/projects", "all"),
        ["GET projects Workbook"] = new("/projects?handler=Workbook", "all"),
        ["GET projects/programmes"] = new("/projects/programmes", "all"),
        ["POST projects/programmes"] = new("/projects/programmes?programmeId=0", "admin officer", Ok: [404]),
        ["POST projects AddProgramme"] = new("/projects?handler=AddProgramme", "admin officer"),
        ["GET projects/{id:int}"] = new("/projects/{project}", "all"),
        ["POST projects/{id:int} AddGate"] = new("/projects/{project}?handler=AddGate", "admin officer"),
        ["POST projects/{id:int} OpenRegister"] = new("/projects/{project}?handler=OpenRegister", "admin officer"),
        ["POST projects/{id:int} AddDependency"] = new("/projects/{project}?handler=AddDependency", "admin officer updater"),
        ["POST projects/{id:int} RemoveDependency"] = new("/projects/{project}?handler=RemoveDependency&dependencyId=0", "admin officer updater"),
        ["GET projects/{id:int}/changes"] = new("/projects/{project}/changes", "all"),
        ["GET projects/{id:int}/benefits"] = new("/projects/{project}/benefits", "all"),
        ["POST projects/{id:int}/benefits Add"] = new("/projects/{project}/benefits?handler=Add", "admin officer updater"),
        ["POST projects/{id:int}/benefits Measure"] = new("/projects/{project}/benefits?handler=Measure&benefitId=0", "admin officer updater", Ok: [404]),
        ["GET projects/{id:int}/closure"] = new("/projects/{project}/closure", "all"),
        ["POST projects/{id:int}/closure"] = new("/projects/{project}/closure", "admin officer updater"),
        ["POST projects/{id:int}/changes Raise"] = new("/projects/{project}/changes?handler=Raise", "admin officer updater", Form: "Title=Sweep change"),
        ["POST projects/{id:int}/changes Decide"] = new("/projects/{project}/changes?handler=Decide&changeId={change}", "admin officer approver", Form: "decision=approve"),
        ["GET projects/{id:int}/gates/{number:int}"] = new("/projects/{project}/gates/{gate}", "all"),
        ["POST projects/{id:int}/gates/{number:int} AddCriterion"] = new("/projects/{project}/gates/{gate}?handler=AddCriterion", "admin officer"),
        ["POST projects/{id:int}/gates/{number:int} Criterion"] = new("/projects/{project}/gates/{gate}?handler=Criterion&criterionId={criterion}", "admin officer"),
        ["POST projects/{id:int}/gates/{number:int} Decide"] = new("/projects/{project}/gates/{gate}?handler=Decide", "admin officer"),
        ["GET projects/{id}/edit"] = new("/projects/{project}/edit", "admin officer"),
        ["POST projects/{id}/edit"] = new("/projects/{project}/edit", "admin officer"),
        ["GET projects/{id:int}/baselines/new"] = new("/projects/{project}/baselines/new", "admin officer"),
        ["POST projects/{id:int}/baselines/new"] = new("/projects/{project}/baselines/new", "admin officer"),
        ["GET projects/{id:int}/reports/{period}"] = new("/projects/{project}/reports/2017-12", "all"),
        // The demo updater manages the project and the demo approver sponsors it.
        ["POST projects/{id:int}/reports/{period}"] = new("/projects/{project}/reports/2017-12", "admin officer updater", Form: "action=draft"),
        ["POST projects/{id:int}/reports/{period} Decide"] = new("/projects/{project}/reports/2017-12?handler=Decide", "approver", Form: "decision=approve"),
        ["GET committees"] = new("/committees", "all"),
        ["GET committees/{id:int}"] = new("/committees/{committee}", "all"),
        ["GET committees/{id:int} Workbook"] = new("/committees/{committee}?handler=Workbook", "all"),
        ["POST committees/{id:int} AddMeeting"] = new("/committees/{committee}?handler=AddMeeting", "admin officer"),
        ["GET committees/edit/{id:int?}"] = new("/committees/edit/{committee}", "admin officer"),
        ["POST committees/edit/{id:int?}"] = new("/committees/edit/{committee}", "admin officer"),
        ["GET committees/meetings/{id:int}"] = new("/committees/meetings/{meeting}", "all"),
        ["POST committees/meetings/{id:int} Action"] = new("/committees/meetings/{actionmeeting}?handler=Action", "admin officer", Form: "actionId={action}"),
        ["POST committees/meetings/{id:int} AddAction"] = new("/committees/meetings/{meeting}?handler=AddAction", "admin officer"),
        ["POST committees/meetings/{id:int} AddItem"] = new("/committees/meetings/{meeting}?handler=AddItem", "admin officer"),
        ["POST committees/meetings/{id:int} Item"] = new("/committees/meetings/{itemmeeting}?handler=Item", "admin officer", Form: "itemId={item}"),
        ["POST committees/meetings/{id:int} Meeting"] = new("/committees/meetings/{meeting}?handler=Meeting", "admin officer"),
        ["GET dashboard"] = new("/dashboard", "all"),
        ["GET finance"] = new("/finance", "all"),
        ["GET finance Workbook"] = new("/finance?handler=Workbook&committee=all&period=2017-09", "all"),
        ["GET finance/lines/{id:int}"] = new("/finance/lines/{line}", "all"),
        ["GET complaints"] = new("/complaints", "all"),
        ["GET api/v1/budget"] = new("/api/v1/budget?committee=FROSC&period=2017-09", "all"),
        ["GET api/v1/complaints/summary"] = new("/api/v1/complaints/summary?from=2017-10&to=2017-12", "all"),
        ["GET complaints Workbook"] = new("/complaints?handler=Workbook", "all"),
        ["GET complaints/annual-report"] = new("/complaints/annual-report", "all"),
        ["POST complaints/annual-report Section"] = new("/complaints/annual-report?handler=Section&year=2017&section=1", "admin officer complaints", Form: "Version=0&Compliant=yes"),
        ["GET complaints/new"] = new("/complaints/new", "complaints"),
        ["POST complaints/new"] = new("/complaints/new", "complaints"),
        ["GET complaints/{id:int}"] = new("/complaints/{complaint}", "all"),
        ["POST complaints/{id:int} Stage"] = new("/complaints/{complaint}?handler=Stage&stage=Stage1", "complaints"),
        ["POST complaints/{id:int} Escalate"] = new("/complaints/{complaint}?handler=Escalate&stage=Stage2", "complaints"),
        ["POST complaints/{id:int} Details"] = new("/complaints/{complaint}?handler=Details", "complaints"),
        ["GET dashboard Workbook"] = new("/dashboard?handler=Workbook", "all"),
        ["GET error"] = new("/error", "anon"),
        ["POST error"] = new("/error", "anon"),
        ["GET indicators/{id:int}"] = new("/indicators/{ind}", "all"),
        ["POST indicators/{id:int} AddAction"] = new("/indicators/{ind}?handler=AddAction", "admin officer updater"),
        ["POST indicators/{id:int} CompleteAction"] = new("/indicators/{ind}?handler=CompleteAction", "admin officer updater"),
        ["GET indicators/{id:int}/results/{period}"] = new("/indicators/{ind}/results/2017-12", "admin officer updater"),
        ["POST indicators/{id:int}/results/{period}"] = new("/indicators/{ind}/results/2017-12", "admin officer updater"),
        ["GET manage/audit"] = new("/manage/audit", "admin officer"),
        ["GET manage/audit Csv"] = new("/manage/audit?handler=Csv", "admin officer"),
        ["GET manage/export/{handler?}"] = new("/manage/export", "admin officer"),
        ["GET manage/export/{handler?} Indicators"] = new("/manage/export/indicators", "admin officer"),
        ["GET manage/export/{handler?} Matrix"] = new("/manage/export/matrix", "admin officer"),
        ["GET manage/export/{handler?} Highlights"] = new("/manage/export/highlights", "admin officer"),
        ["GET manage/export/{handler?} MilestoneDates"] = new("/manage/export/milestonedates", "admin officer"),
        ["GET manage/export/{handler?} Milestones"] = new("/manage/export/milestones", "admin officer"),
        ["GET manage/export/{handler?} Programmes"] = new("/manage/export/programmes", "admin officer"),
        ["GET manage/export/{handler?} Projects"] = new("/manage/export/projects", "admin officer"),
        ["GET manage/export/{handler?} Rag"] = new("/manage/export/rag?period=2017-09", "admin officer"),
        ["GET manage/export/{handler?} Results"] = new("/manage/export/results", "admin officer"),
        ["GET manage/export/{handler?} Risks"] = new("/manage/export/risks", "admin officer"),
        ["GET manage/export/{handler?} Targets"] = new("/manage/export/targets", "admin officer"),
        ["GET manage/import"] = new("/manage/import", "admin officer"),
        ["POST manage/import"] = new("/manage/import", "admin officer"),
        ["GET manage/indicators"] = new("/manage/indicators", "admin officer"),
        ["GET manage/indicators/{id:int}/assignments"] = new("/manage/indicators/{ind}/assignments", "admin officer"),
        ["POST manage/indicators/{id:int}/assignments"] = new("/manage/indicators/{ind2}/assignments", "admin officer"),
        ["GET manage/indicators/{id:int}/targets"] = new("/manage/indicators/{ind}/targets", "admin officer"),
        ["POST manage/indicators/{id:int}/targets"] = new("/manage/indicators/{ind2}/targets", "admin officer"),
        ["POST manage/indicators/{id:int}/targets Copy"] = new("/manage/indicators/{ind2}/targets?handler=Copy", "admin officer"),
        ["GET manage/indicators/{id:int}/links"] = new("/manage/indicators/{ind}/links?committee=DIE", "admin officer"),
        ["POST manage/indicators/{id:int}/links Add"] = new("/manage/indicators/{ind2}/links?handler=Add", "admin officer"),
        ["POST manage/indicators/{id:int}/links Remove"] = new("/manage/indicators/{ind2}/links?handler=Remove&linkId=0", "admin officer"),
        ["GET manage/indicators/{id}"] = new("/manage/indicators/{ind}", "admin officer"),
        ["POST manage/indicators/{id}"] = new("/manage/indicators/{ind}", "admin officer"),
        ["POST manage/indicators/{id} Retire"] = new("/manage/indicators/{ind2}?handler=Retire", "admin officer"),
        ["GET manage/people"] = new("/manage/people", "admin"),
        ["POST manage/people SingleSignOn"] = new("/manage/people?handler=SingleSignOn", "admin"),
        ["POST manage/people TwoFactor"] = new("/manage/people?handler=TwoFactor", "admin", Form: "requirement=NoOne"),
        ["GET manage/people/{id:int}"] = new("/manage/people/{person}", "admin"),
        ["POST manage/people/{id:int} Link"] = new("/manage/people/{person}?handler=Link", "admin"),
        ["POST manage/people/{id:int} Remove"] = new("/manage/people/{person}?handler=Remove", "admin"),
        ["POST manage/people/{id:int} ResetTwoFactor"] = new("/manage/people/{person}?handler=ResetTwoFactor", "admin"),
        ["POST manage/people/{id:int} Roles"] = new("/manage/people/{person}?handler=Roles", "admin"),
        ["POST manage/people/{id:int} SignOut"] = new("/manage/people/{person}?handler=SignOut", "admin"),
        ["GET manage/people/invite"] = new("/manage/people/invite", "admin"),
        ["POST manage/people/invite"] = new("/manage/people/invite", "admin"),
        ["GET manage/registers"] = new("/manage/registers", "admin officer"),
        ["POST manage/registers Add"] = new("/manage/registers?handler=Add", "admin officer"),
        ["POST manage/registers Update"] = new("/manage/registers?handler=Update", "admin officer"),
        ["GET manage/risk-matrix/{handler?}"] = new("/manage/risk-matrix", "admin officer"),
        ["POST manage/risk-matrix/{handler?} AddBand"] = new("/manage/risk-matrix/addband", "admin officer"),
        ["POST manage/risk-matrix/{handler?} Apply"] = new("/manage/risk-matrix/apply", "admin officer"),
        ["POST manage/risk-matrix/{handler?} Preview"] = new("/manage/risk-matrix/preview", "admin officer"),
        ["POST manage/risk-matrix/{handler?} Save"] = new("/manage/risk-matrix/save", "admin officer"),
        ["GET manage/settings"] = new("/manage/settings", "admin officer"),
        ["POST manage/settings"] = new("/manage/settings", "admin officer"),
        ["POST manage/settings AddClosure"] = new("/manage/settings?handler=AddClosure", "admin officer"),
        ["POST manage/settings CopyTargets"] = new("/manage/settings?handler=CopyTargets", "admin officer"),
        ["POST manage/settings RemoveClosure"] = new("/manage/settings?handler=RemoveClosure", "admin officer"),
        ["GET my-indicators"] = new("/my-indicators", "updater"),
        ["GET notices/{id:long?}"] = new("/notices", "all"),
        ["POST notices/{id:long?} ReadAll"] = new("/notices?handler=ReadAll", "all"),
        ["GET organisation"] = new("/organisation", "all"),
        ["POST organisation"] = new("/organisation", "all"),
        ["GET overdue"] = new("/overdue", "admin officer"),
        ["GET reports"] = new("/reports", "all"),
        ["GET reports Pack"] = new("/reports?handler=Pack&period=2017-09&format=html", "all"),
        ["GET reports/issued/{id:int?}"] = new("/reports/issued", "all"),
        ["GET reports/issued/{id:int?} File"] = new("/reports/issued?handler=File", "admin officer", Ok: [404]),
        ["GET reports/prepare"] = new("/reports/prepare?period=2017-09", "admin officer approver"),
        ["POST reports/prepare Issue"] = new("/reports/prepare?handler=Issue&period=2017-09", "admin officer"),
        ["POST reports/prepare SignOff"] = new("/reports/prepare?handler=SignOff&period=2017-09", "approver"),
        ["GET reports/wording"] = new("/reports/wording", "admin officer"),
        ["POST reports/wording"] = new("/reports/wording", "admin officer"),
        ["GET risks"] = new("/risks", "all"),
        ["GET risks Workbook"] = new("/risks?handler=Workbook", "all"),
        ["GET risks/{id:int}"] = new("/risks/{risk}", "all"),
        ["POST risks/{id:int} AddAction"] = new("/risks/{risk}?handler=AddAction", "admin officer owner"),
        ["POST risks/{id:int} AddAssurance"] = new("/risks/{risk}?handler=AddAssurance", "admin officer owner"),
        ["POST risks/{id:int} AddControl"] = new("/risks/{risk}?handler=AddControl", "admin officer owner"),
        ["POST risks/{id:int} ControlAdequacy"] = new("/risks/{risk}?handler=ControlAdequacy", "admin officer owner"),
        ["POST risks/{id:int} RemoveAssurance"] = new("/risks/{risk}?handler=RemoveAssurance", "admin officer owner"),
        ["POST risks/{id:int} RemoveControl"] = new("/risks/{risk}?handler=RemoveControl", "admin officer owner"),
        ["POST risks/{id:int} UpdateAction"] = new("/risks/{risk}?handler=UpdateAction", "admin officer owner"),
        ["GET risks/{id:int}/assignments"] = new("/risks/{risk}/assignments", "admin officer"),
        ["POST risks/{id:int}/assignments"] = new("/risks/{risk2}/assignments", "admin officer"),
        ["GET risks/{id:int}/edit"] = new("/risks/{risk}/edit", "admin officer"),
        ["POST risks/{id:int}/edit"] = new("/risks/{risk}/edit", "admin officer"),
        ["GET risks/{id:int}/review"] = new("/risks/{risk}/review", "admin officer owner"),
        ["POST risks/{id:int}/review"] = new("/risks/{risk}/review", "admin officer owner"),
        ["GET risks/exceptions"] = new("/risks/exceptions", "all"),
        ["GET risks/heatmap"] = new("/risks/heatmap", "all"),
        ["GET risks/new"] = new("/risks/new", "admin officer"),
        ["POST risks/new"] = new("/risks/new", "admin officer"),
        ["GET risks/reconciliation"] = new("/risks/reconciliation", "all"),
        ["GET risks/reviews"] = new("/risks/reviews", "admin officer approver owner"),
        ["POST risks/reviews"] = new("/risks/reviews", "admin officer approver owner"),
        ["GET set-password"] = new("/set-password", "anon"),
        ["POST set-password"] = new("/set-password", "anon"),
        ["GET sign-in"] = new("/sign-in", "anon", Ok: [200, 302]),
        ["POST sign-in"] = new("/sign-in", "anon"),
        ["GET sign-in/code"] = new("/sign-in/code", "anon", Ok: [302]),
        ["POST sign-in/code"] = new("/sign-in/code", "anon"),
        ["GET sign-in/forgotten-password"] = new("/sign-in/forgotten-password", "anon"),
        ["POST sign-in/forgotten-password"] = new("/sign-in/forgotten-password", "anon"),
        ["GET sign-in/sso/{code}/{handler?}"] = new("/sign-in/sso/dbc", "anon", Ok: [404]),
        ["GET sign-in/sso/{code}/{handler?} Done"] = new("/sign-in/sso/dbc/done", "anon", Ok: [404]),
        ["GET sign-out"] = new("/sign-out", "anon", Ok: [200, 302]),
        ["POST sign-out"] = new("/sign-out", "anon", EndsSession: true),
        ["GET risks/bands.css"] = new("/risks/bands.css", "all"),
        ["GET api/{documentName}/openapi.json"] = new("/api/v1/openapi.json", "anon"),
        ["GET api/v1/indicators"] = new("/api/v1/indicators", "all"),
        ["GET api/v1/indicators/{code}"] = new("/api/v1/indicators/{code}", "all"),
        ["GET api/v1/indicators/{code}/results"] = new("/api/v1/indicators/{code}/results", "all"),
        ["PUT api/v1/indicators/{code}/results/{period}"] = new("/api/v1/indicators/{code}/results/2017-12", "admin officer updater"),
        ["POST api/v1/indicators/{code}/results/{period}/approve"] = new("/api/v1/indicators/{code}/results/2017-12/approve", "approver"),
        ["POST api/v1/indicators/{code}/results/{period}/return"] = new("/api/v1/indicators/{code}/results/2017-12/return", "approver"),
        ["GET api/v1/rag"] = new("/api/v1/rag?period=2017-09", "all"),
        ["GET api/v1/results"] = new("/api/v1/results", "all"),
        ["GET api/v1/risk-matrix"] = new("/api/v1/risk-matrix", "all"),
        ["GET api/v1/risks"] = new("/api/v1/risks", "all"),
        ["GET api/v1/risks/{code}"] = new("/api/v1/risks/{riskcode}", "all"),
        ["GET api/v1/risks/{code}/reviews"] = new("/api/v1/risks/{riskcode}/reviews", "all"),
        ["GET api/v1/projects"] = new("/api/v1/projects", "all"),
        ["GET api/v1/projects/{code}"] = new("/api/v1/projects/{projectcode}", "all"),
        ["GET api/v1/projects/{code}/reports"] = new("/api/v1/projects/{projectcode}/reports", "all"),
    };

    private static string Key(string method, string pattern, string? handler) =>
        $"{method.ToUpperInvariant()} {(pattern.Trim('/') is { Length: > 0 } p ? p : "/")}{(string.IsNullOrEmpty(handler) ? "" : " " + handler)}";

    /// <summary>Every route the running app maps: page handlers by method and name, and other endpoints by method.</summary>
    private async Task<List<(string Key, string Method)>> RoutesAsync()
    {
        site.Web.CreateClient().Dispose();
        var sources = site.Web.Services.GetRequiredService<EndpointDataSource>();
        var loader = site.Web.Services.GetRequiredService<PageLoader>();
        var routes = new List<(string, string)>();
        foreach (var e in sources.Endpoints.OfType<RouteEndpoint>())
        {
            if (e.Metadata.GetMetadata<PageActionDescriptor>() is { } page)
                foreach (var h in (await loader.LoadAsync(page, e.Metadata)).HandlerMethods)
                    routes.Add((Key(h.HttpMethod, e.RoutePattern.RawText!, h.Name), h.HttpMethod.ToUpperInvariant()));
            else
                foreach (var m in e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                    routes.Add((Key(m, e.RoutePattern.RawText!, null), m));
        }
        return routes.Distinct().OrderBy(r => r.Item1, StringComparer.Ordinal).ToList();
    }

    [Fact]
    public async Task Every_route_is_in_the_table_and_answers_each_caller_as_it_says()
    {
        var routes = await RoutesAsync();
        routes.Select(r => r.Key).Where(k => !Rules.ContainsKey(k)).ShouldBeEmpty("routes the table does not name: decide who may use them");
        Rules.Keys.Except(routes.Select(r => r.Key)).ShouldBeEmpty("rules for routes the app no longer maps");

        var (a, b) = (await IdsAsync(site.Dacorum), await IdsAsync(site.Norfolk));
        var sessions = new Dictionary<string, (WebSession Session, string Token)>();
        foreach (var role in Roles) sessions[role] = await SessionAsync($"{role}@dacorum.example");
        using var anonymous = site.Web.Session();
        var (_, signIn) = await anonymous.GetAsync("/sign-in");
        var anonymousToken = signIn.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var tokens = new Dictionary<string, HttpClient>();
        foreach (var role in Roles) tokens[role] = await TokenClientAsync($"{role}@dacorum.example", site.Dacorum);
        using var noToken = site.Web.CreateClient();

        var failures = new List<string>();
        var calls = 0;
        void Expect(bool ok, string what) { calls++; if (!ok) failures.Add(what); }
        static bool ToSignIn(HttpResponseMessage r) => r.StatusCode == HttpStatusCode.Redirect
            && (r.Headers.Location!.IsAbsoluteUri ? r.Headers.Location.PathAndQuery : r.Headers.Location.OriginalString).StartsWith("/sign-in");
        static bool Fine(HttpResponseMessage r) => (int)r.StatusCode < 500 && r.StatusCode != HttpStatusCode.Forbidden && !ToSignIn(r);

        // Reads first, then writes (a write may change what a later read finds).
        foreach (var (key, method) in routes.OrderBy(r => r.Method == "GET" ? 0 : 1).ThenBy(r => r.Key, StringComparer.Ordinal))
        {
            var rule = Rules[key];
            var url = Fill(rule.Url, a);
            var otherUrl = rule.Url.Contains('{') || rule.Form?.Contains('{') == true ? Fill(rule.Url, b) : null;
            if (key.Contains(" api/v1/", StringComparison.Ordinal))
            {
                var r0 = await CallApiAsync(noToken, method, url);
                Expect(r0.StatusCode == HttpStatusCode.Unauthorized, $"{key} without a token: {(int)r0.StatusCode}");
                var r1 = await CallApiAsync(sessions["admin"].Session.Client, method, url);
                Expect(r1.StatusCode == HttpStatusCode.Unauthorized, $"{key} with a sign-in cookie: {(int)r1.StatusCode}");
                foreach (var role in Roles)
                {
                    var r = await CallApiAsync(tokens[role], method, url);
                    Expect(rule.Allows(role) ? Fine(r) && r.StatusCode != HttpStatusCode.Unauthorized : r.StatusCode == HttpStatusCode.Forbidden,
                        $"{key} with {role}'s token: {(int)r.StatusCode}");
                }
                if (otherUrl is not null)
                {
                    var role = Roles.First(rule.Allows);
                    var r = await CallApiAsync(tokens[role], method, otherUrl);
                    Expect(r.StatusCode == HttpStatusCode.NotFound, $"{key} with {role}'s token and Norfolk's code: {(int)r.StatusCode}");
                }
                continue;
            }

            // Pages anyone may open answer everyone alike (a sign-in page may send the signed in home): as the table says for
            // a read, anything but a refusal or a server error for a post.
            bool Open(HttpResponseMessage r) => method == "GET" ? (rule.Ok ?? [200]).Contains((int)r.StatusCode) : (int)r.StatusCode < 500 && r.StatusCode != HttpStatusCode.Forbidden;
            var form = rule.Form is null ? null : Fill(rule.Form, a);
            var signedOut = await CallAsync(anonymous, method, url, anonymousToken, form);
            if (rule.Who == "anon")
                Expect(Open(signedOut), $"{key} signed out: {(int)signedOut.StatusCode}");
            else
                Expect(ToSignIn(signedOut) || (key.StartsWith("GET risks/bands.css") && signedOut.StatusCode == HttpStatusCode.Redirect),
                    $"{key} signed out: {(int)signedOut.StatusCode} {signedOut.Headers.Location}");
            foreach (var role in Roles)
            {
                var (session, token) = rule.EndsSession ? await SessionAsync($"{role}@dacorum.example") : sessions[role];
                var r = await CallAsync(session, method, url, token, form);
                var ok = !rule.Allows(role) ? r.StatusCode == HttpStatusCode.Forbidden
                    : rule.Who == "anon" ? Open(r)
                    : method == "GET" ? (rule.Ok ?? [200]).Contains((int)r.StatusCode)
                    : Fine(r);
                Expect(ok, $"{key} as {role}: {(int)r.StatusCode} {r.Headers.Location}");
                if (rule.EndsSession) session.Dispose();
            }
            if (otherUrl is not null && rule.Who != "anon")
            {
                var role = Roles.First(rule.Allows);
                var r = await CallAsync(sessions[role].Session, method, otherUrl, sessions[role].Token, rule.Form is null ? null : Fill(rule.Form, b));
                Expect(r.StatusCode == HttpStatusCode.NotFound, $"{key} as {role} with Norfolk's ids: {(int)r.StatusCode}");
            }
        }
        failures.ShouldBeEmpty($"{failures.Count} of {calls} calls over {routes.Count} routes answered otherwise than the table says");
        calls.ShouldBeGreaterThan(routes.Count * Roles.Length);
    }

    private async Task<HttpClient> TokenClientAsync(string email, int organisation)
    {
        await using var db = site.Db.Open(organisation);
        var account = await db.Accounts.SingleAsync(x => x.NormalisedEmail == email);
        var (token, hash) = ApiToken.NewToken();
        db.ApiTokens.Add(new ApiToken { AccountId = account.Id, OrganisationId = organisation, Name = "sweep", Hint = token[..10], Hash = hash, CreatedAt = DateTime.UtcNow });
        await db.SaveChangesAsync();
        var client = site.Web.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static Task<HttpResponseMessage> CallApiAsync(HttpClient client, string method, string url) =>
        method == "GET" ? client.GetAsync(url)
            : client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url) { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") });

    private async Task<(WebSession, string)> SessionAsync(string email)
    {
        var s = site.Web.Session();
        await s.SignInOkAsync(email, Steward.Features.Demo.DemoData.Password);
        var (_, page) = await s.GetAsync("/account");
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        return (s, token);
    }

    private static async Task<HttpResponseMessage> CallAsync(WebSession session, string method, string url, string? antiforgery, string? form)
    {
        if (method == "GET") return await session.Client.GetAsync(url);
        var fields = new List<KeyValuePair<string, string>>();
        if (antiforgery is not null) fields.Add(KeyValuePair.Create("__RequestVerificationToken", antiforgery));
        foreach (var pair in (form ?? "").Split('&', StringSplitOptions.RemoveEmptyEntries))
            fields.Add(KeyValuePair.Create(pair.Split('=')[0], pair.Split('=')[1]));
        return await session.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url) { Content = new FormUrlEncodedContent(fields) });
    }

    private static string Fill(string url, Dictionary<string, string> ids) =>
        ids.Aggregate(url, (u, id) => u.Replace("{" + id.Key + "}", id.Value));

    private async Task<Dictionary<string, string>> IdsAsync(int organisation)
    {
        await using var db = site.Db.Open(organisation);
        var ids = new Dictionary<string, string>
        {
            ["ind"] = (await db.Indicators.OrderBy(i => i.Id).FirstAsync()).Id.ToString(),
            ["code"] = (await db.Indicators.OrderBy(i => i.Id).FirstAsync()).Code,
            ["ind2"] = (await db.Indicators.OrderBy(i => i.Id).Skip(1).FirstAsync()).Id.ToString(),
            ["risk"] = (await db.Risks.Where(r => !r.Exempt).OrderBy(r => r.Id).FirstAsync()).Id.ToString(),
            ["risk2"] = (await db.Risks.Where(r => !r.Exempt).OrderBy(r => r.Id).Skip(1).FirstAsync()).Id.ToString(),
            ["riskcode"] = (await db.Risks.Where(r => !r.Exempt).OrderBy(r => r.Id).FirstAsync()).Code,
        };
        // A project of the council's own, made when its demo has none.
        if (!await db.Projects.AnyAsync())
        {
            var person = (string email) => db.People.SingleAsync(p => p.AccountId == db.Accounts.Single(a => a.NormalisedEmail == email).Id);
            db.Projects.Add(new Steward.Features.Projects.Project
            {
                Code = "SWEEP-1", CodeKey = "SWEEP-1", Name = "Sweep project",
                ManagerId = (await person($"updater@{(organisation == site.Dacorum ? "dacorum" : "norfolk")}.example")).Id,
                SponsorId = (await person($"approver@{(organisation == site.Dacorum ? "dacorum" : "norfolk")}.example")).Id,
            });
            await db.SaveChangesAsync();
        }
        // A complaint of the council's own, made when its demo has none.
        if (!await db.Complaints.AnyAsync())
        {
            db.Complaints.Add(new Steward.Features.Complaints.Complaint
            {
                Reference = "SWEEP-1", ReferenceKey = "SWEEP-1", ServiceId = (await db.Services.OrderBy(x => x.Id).FirstAsync()).Id,
                Stages = [new Steward.Features.Complaints.ComplaintStageRecord { Stage = Steward.Domain.ComplaintStage.Stage1, Received = new DateOnly(2017, 10, 2) }],
            });
            await db.SaveChangesAsync();
        }
        ids["complaint"] = (await db.Complaints.OrderBy(c => c.Id).FirstAsync()).Id.ToString();
        // A budget line of the council's own, made when its demo has none.
        if (!await db.BudgetLines.AnyAsync())
        {
            db.BudgetLines.Add(new Steward.Features.Finance.BudgetLine
            {
                Name = "Sweep line", CommitteeId = (await db.Committees.OrderBy(x => x.Id).FirstAsync()).Id, ServiceId = (await db.Services.OrderBy(x => x.Id).FirstAsync()).Id,
            });
            await db.SaveChangesAsync();
        }
        ids["line"] = (await db.BudgetLines.OrderBy(l => l.Id).FirstAsync()).Id.ToString();
        var sweepProject = await db.Projects.OrderBy(p => p.Id).FirstAsync();
        (ids["project"], ids["projectcode"]) = (sweepProject.Id.ToString(), sweepProject.Code);
        if (!await db.ProjectGates.AnyAsync(g => g.ProjectId == sweepProject.Id))
        {
            db.ProjectGates.Add(new Steward.Features.Projects.ProjectGate
            {
                ProjectId = sweepProject.Id, Number = 1, Name = "Sweep gate", Criteria = [new Steward.Features.Projects.GateCriterion { Description = "Sweep criterion" }],
            });
            await db.SaveChangesAsync();
        }
        if (!await db.ChangeRequests.AnyAsync(r => r.ProjectId == sweepProject.Id))
        {
            db.ChangeRequests.Add(new Steward.Features.Projects.ChangeRequest { ProjectId = sweepProject.Id, Number = 1, Title = "Sweep change", RaisedBy = "sweep" });
            await db.SaveChangesAsync();
        }
        ids["change"] = (await db.ChangeRequests.Where(r => r.ProjectId == sweepProject.Id).OrderBy(r => r.Id).FirstAsync()).Id.ToString();
        var sweepGate = await db.ProjectGates.Include(g => g.Criteria).Where(g => g.ProjectId == sweepProject.Id).OrderBy(g => g.Number).FirstAsync();
        (ids["gate"], ids["criterion"]) = (sweepGate.Number.ToString(), sweepGate.Criteria.OrderBy(c => c.Id).First().Id.ToString());
        ids["committee"] = (await db.Committees.OrderBy(c => c.Id).FirstAsync()).Id.ToString();
        ids["meeting"] = (await db.Meetings.OrderBy(m => m.Id).FirstAsync()).Id.ToString();
        // (A council without items or follow-up actions gives an id that cannot be found.)
        var item = await db.WorkProgrammeItems.OrderBy(i => i.Id).FirstOrDefaultAsync();
        (ids["item"], ids["itemmeeting"]) = (item?.Id.ToString() ?? "0", item?.MeetingId.ToString() ?? ids["meeting"]);
        var action = await db.FollowUpActions.OrderBy(a => a.Id).FirstOrDefaultAsync();
        (ids["action"], ids["actionmeeting"]) = (action?.Id.ToString() ?? "0", action?.MeetingId.ToString() ?? ids["meeting"]);
        // A result awaiting approval, so the API's approve and return reach their checks of who may.
        var first = await db.Indicators.OrderBy(i => i.Id).FirstAsync();
        var december = new Steward.Domain.Period(2017, 12);
        if (!await db.Results.AnyAsync(r => r.IndicatorId == first.Id && r.Period == december))
        {
            db.Results.Add(new Steward.Features.Indicators.Result
            {
                IndicatorId = first.Id, Period = december, Value = 1, Status = Steward.Domain.ApprovalStatus.Submitted, SubmittedBy = "updater@" + organisation,
            });
            await db.SaveChangesAsync();
        }
        // The people pages act on someone no session here belongs to: removing or signing them out ends no one's sweep.
        var org = await db.Organisations.SingleAsync(o => o.Id == organisation);
        var target = await AccountManager.GrantAsync(db, $"sweep.target@{org.Code.ToLowerInvariant()}.example", "Sweep Target", null, org, Role.Viewer);
        ids["person"] = target.Id.ToString();
        return ids;
    }
}
