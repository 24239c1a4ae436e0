using Microsoft.EntityFrameworkCore;
using Steward.Features.Demo;
using Steward.Tests.Support;

namespace Steward.Tests.Web;

/// <summary>
/// The demo councils in a database and the web app over them, shared by a test class; signed-in sessions
/// per demo login are kept. The clock stands at 20 January 2018, inside Q4 2017/18, and decides what is due: the
/// demo councils' "as at" dates (the dates of their papers) are cleared here, and tested on their own in DemoDataTests;
/// so is their rule that administrators need a second factor (tested in TwoFactorTests).
/// </summary>
public sealed class DemoSite : IAsyncLifetime
{
    public static readonly DateTimeOffset Today = new(2018, 1, 20, 9, 0, 0, TimeSpan.Zero);
    private readonly Dictionary<string, WebSession> _sessions = [];

    public TestDatabase Db { get; private set; } = null!;
    public StewardWebFactory Web { get; private set; } = null!;
    public FixedClock Clock { get; } = new(Today);
    public int Dacorum { get; private set; }
    public int Norfolk { get; private set; }

    public async Task InitializeAsync()
    {
        Db = await TestDatabase.CreateAsync();
        await DemoData.LoadIfEmptyAsync(Db.Target);
        await using var db = Db.Open();
        await db.Organisations.ExecuteUpdateAsync(o => o.SetProperty(x => x.AsAt, (DateOnly?)null));
        // Demo administrators set up a second factor at their first sign-in: TwoFactorTests try that; elsewhere no one must.
        await db.Organisations.ExecuteUpdateAsync(o => o.SetProperty(x => x.TwoFactor, Steward.Features.Accounts.TwoFactorRequirement.NoOne));
        Dacorum = (await db.Organisations.SingleAsync(o => o.Code == "DBC")).Id;
        Norfolk = (await db.Organisations.SingleAsync(o => o.Code == "NCC")).Id;
        Web = new StewardWebFactory(Db, Clock);
    }

    public async Task DisposeAsync()
    {
        foreach (var s in _sessions.Values) s.Dispose();
        await Web.DisposeAsync();
        await Db.DisposeAsync();
    }

    /// <summary>A session signed in as a demo login ("updater@dacorum.example").</summary>
    public async Task<WebSession> As(string email)
    {
        if (_sessions.TryGetValue(email, out var s)) return s;
        s = Web.Session();
        await s.SignInOkAsync(email, DemoData.Password);
        return _sessions[email] = s;
    }

    /// <summary>A new session (after moving the clock, say: sign-in cookies expire by the clock).</summary>
    public async Task<WebSession> Fresh(string email)
    {
        if (_sessions.Remove(email, out var old)) old.Dispose();
        return await As(email);
    }

    public async Task<int> OrganisationId(string code)
    {
        await using var db = Db.Open();
        return (await db.Organisations.SingleAsync(o => o.Code == code)).Id;
    }

    public async Task<int> IndicatorId(int organisation, string code)
    {
        await using var db = Db.Open(organisation);
        return (await db.Indicators.SingleAsync(i => i.Code == code)).Id;
    }
}
