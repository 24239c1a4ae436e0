using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Steward.Features.Accounts;
using Steward.Tests.Support;

namespace Steward.Tests.Web;

/// <summary>Each role against each API endpoint, with tokens issued directly for the demo logins.</summary>
public class ApiPermissionTests(DemoSite site) : IClassFixture<DemoSite>
{
    private async Task<HttpClient> ClientFor(string email, int organisation)
    {
        await using var db = site.Db.Open(organisation);
        var account = await db.Accounts.SingleAsync(a => a.NormalisedEmail == email);
        var (token, hash) = ApiToken.NewToken();
        db.ApiTokens.Add(new ApiToken { AccountId = account.Id, Name = "test", Hint = token[..10], Hash = hash, CreatedAt = DateTime.UtcNow });
        await db.SaveChangesAsync();
        var client = site.Web.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static TheoryData<string, HttpStatusCode, HttpStatusCode, HttpStatusCode> Roles() => new()
    {
        // role, read results including unapproved, write a draft, approve a submitted result
        { "admin", HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Forbidden },
        { "officer", HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Forbidden },
        { "updater", HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Forbidden },
        { "approver", HttpStatusCode.OK, HttpStatusCode.Forbidden, HttpStatusCode.OK },
        { "owner", HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden },
        { "viewer", HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden },
    };

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task Each_role_reads_and_writes_what_its_pages_allow(string role, HttpStatusCode readAll, HttpStatusCode write, HttpStatusCode approve)
    {
        var api = await ClientFor($"{role}@norfolk.example", site.Norfolk);
        (await api.GetAsync("/api/v1/indicators")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await api.GetAsync("/api/v1/indicators/ICT04/results")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await api.GetAsync("/api/v1/rag?period=2017-08")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await api.GetAsync("/api/v1/indicators/ICT04/results?status=all")).StatusCode.ShouldBe(readAll);

        // Each role writes its own period so the cases do not meet.
        var period = role switch { "admin" => "2017-10", "officer" => "2017-11", _ => "2017-12" };
        (await api.PutAsJsonAsync($"/api/v1/indicators/ICT04/results/{period}", new { value = 80.5, submit = false })).StatusCode.ShouldBe(write);

        // A result submitted by the updater (on an indicator of this case's own), for the role to decide on.
        var code = role switch { "admin" => "ICT01", "officer" => "ICT02", "updater" => "ICT03", "approver" => "ICT05", "owner" => "ICT06", _ => "CIL01" };
        var updater = await ClientFor("updater@norfolk.example", site.Norfolk);
        var put = await updater.PutAsJsonAsync($"/api/v1/indicators/{code}/results/2017-10", new { value = 3, submit = true });
        put.StatusCode.ShouldBe(HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        var version = (await put.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("version").GetInt32();
        (await api.PostAsJsonAsync($"/api/v1/indicators/{code}/results/2017-10/approve", new { version })).StatusCode.ShouldBe(approve);
    }
}
