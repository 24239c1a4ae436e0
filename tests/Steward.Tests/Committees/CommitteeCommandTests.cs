using Microsoft.EntityFrameworkCore;
using Steward.Features.Demo;
using Steward.Tests.Support;

namespace Steward.Tests.Committees;

/// <summary>steward committee add | list and meeting add, on the demo councils.</summary>
public class CommitteeCommandTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        await DemoData.LoadIfEmptyAsync(_db.Target);
    }

    public Task DisposeAsync() => _db.DisposeAsync().AsTask();

    /// <summary>Dacorum's audit log entries (the log is read per council).</summary>
    private async Task<int> AuditCountAsync(Func<IQueryable<Steward.Data.AuditEntry>, IQueryable<Steward.Data.AuditEntry>>? filter = null)
    {
        await using var any = _db.Open();
        var id = (await any.Organisations.SingleAsync(o => o.Code == "DBC")).Id;
        await using var db = _db.Open(id);
        return await (filter ?? (q => q))(db.AuditLog).CountAsync();
    }

    [Fact]
    public async Task A_committee_is_added_with_its_remit_and_members_and_listed_with_its_next_meeting()
    {
        var r = await StewardCli.RunAsync(_db, "committee", "add", "--org", "DBC", "Audit", "Audit Committee", "--clerk", "Rebecca Twidle",
            "--members", "Cllr Taylor (Chair); Cllr Silwal (Vice-chair); Cllr Tindall", "--services", "performance and projects",
            "--themes", "Dacorum Delivers - Performance excellence", "--registers", "Performance and Projects");
        r.ExitCode.ShouldBe(0, r.Err);
        r.Out.Trim().ShouldBe("Added committee AUDIT Audit Committee: 3 members, 1 service, 1 theme, 1 register.");

        r = await StewardCli.RunAsync(_db, "meeting", "add", "--org", "DBC", "--committee", "audit committee", "--date", "2018-04-24", "--time", "19:30", "--venue", "The Forum");
        r.ExitCode.ShouldBe(0, r.Err);
        r.Out.Trim().ShouldBe("Added a meeting of Audit Committee on 2018-04-24; reports due by 2018-04-10.");

        // The demo councils take the dates of their papers as today: Dacorum's is 6 March 2018.
        r = await StewardCli.RunAsync(_db, "committee", "list", "--org", "DBC");
        r.ExitCode.ShouldBe(0, r.Err);
        r.OutLines.ShouldBe([
            "code,name,chair,clerk,next_meeting,report_deadline,open_actions",
            "AUDIT,Audit Committee,Cllr Taylor,Rebecca Twidle,2018-04-24,2018-04-10,0",
            "FROSC,Finance and Resources Overview and Scrutiny Committee,Cllr Herbert Chapman,Rebecca Twidle,2018-03-06,2018-02-20,1",
        ]);
        (await AuditCountAsync(q => q.Where(a => a.Channel == "cli" && (a.EntityType == "Committee" || a.EntityType == "Meeting")))).ShouldBe(2);
    }

    [Theory]
    [InlineData(new[] { "committee", "add", "--org", "DBC", "FROSC", "Another" }, "There is already a committee with the code FROSC")]
    [InlineData(new[] { "committee", "add", "--org", "DBC", "X", "X", "--services", "Parks" }, "--services: there is no service called 'Parks'")]
    [InlineData(new[] { "committee", "add", "--org", "DBC", "X", "X", "--members", "A (Chair); B (Chairman)" }, "Members: only one can be the chair")]
    [InlineData(new[] { "meeting", "add", "--org", "DBC", "--committee", "Nope", "--date", "2018-04-24" }, "there is no committee with the code or name 'Nope'")]
    [InlineData(new[] { "meeting", "add", "--org", "DBC", "--committee", "FROSC", "--date", "24/04/2018" }, "--date: Enter the date as YYYY-MM-DD, for example 2018-03-06")]
    [InlineData(new[] { "meeting", "add", "--org", "DBC", "--committee", "FROSC", "--date", "2018-04-24", "--deadline", "2018-04-25" },
        "--deadline: The report deadline must be on or before the meeting's date")]
    public async Task Bad_input_exits_1_naming_what_is_wrong_and_writes_nothing(string[] args, string message)
    {
        var before = await AuditCountAsync();
        var r = await StewardCli.RunAsync(_db, args);
        r.ExitCode.ShouldBe(1, r.Out);
        r.Err.ShouldContain(message);
        (await AuditCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_meeting_without_a_date_is_a_usage_error() =>
        (await StewardCli.RunAsync(_db, "meeting", "add", "--org", "DBC", "--committee", "FROSC")).ExitCode.ShouldBe(2);
}
