using Microsoft.EntityFrameworkCore;
using Steward.Cli;
using Steward.Features.Accounts;
using Steward.Tests.Support;

namespace Steward.Tests.Cli;

public class CommandLineTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();
    public async Task DisposeAsync() => await _db.DisposeAsync();

    public static TheoryData<string> VerbNames() => [.. CliApp.Verbs.Select(v => v.Name)];

    [Theory]
    [MemberData(nameof(VerbNames))]
    public async Task Every_verb_has_help(string verb)
    {
        var r = await StewardCli.RunAsync(null, [.. verb.Split(' '), "--help"]);
        r.ExitCode.ShouldBe(0);
        r.Out.ShouldStartWith($"usage: steward {verb}");
        var before = await StewardCli.RunAsync(null, ["--help", .. verb.Split(' ')]);
        before.Out.ShouldBe(r.Out);
        (await StewardCli.RunAsync(null, ["help", .. verb.Split(' ')])).Out.ShouldBe(r.Out);
    }

    [Fact]
    public async Task General_help_lists_the_verbs()
    {
        var r = await StewardCli.RunAsync(null, "--help");
        r.ExitCode.ShouldBe(0);
        foreach (var verb in CliApp.Verbs) r.Out.ShouldContain(verb.Name);
    }

    [Theory]
    [InlineData("org", "remove", "X")]
    [InlineData("frobnicate")]
    [InlineData("org", "add", "ONLYCODE")]
    [InlineData("org", "add", "DBC", "Dacorum", "--colour", "red")]
    [InlineData("summary", "--org", "DBC")]
    [InlineData("summary", "--org", "DBC", "--period", "Q2")]
    [InlineData("export", "rag", "--period", "2017-09")]
    [InlineData("import", "--org", "DBC")]
    [InlineData("user", "add", "a@b.example", "--org", "DBC", "--role", "chief")]
    [InlineData("summary", "--org", "DBC", "--period", "2017-09", "--tolerance", "5")]
    [InlineData("summary", "--org")]
    public async Task Bad_usage_exits_2(params string[] args)
    {
        var r = await StewardCli.RunAsync(_db, args);
        r.ExitCode.ShouldBe(2, r.Err);
        r.Err.ShouldNotBeEmpty();
        r.Out.ShouldBeEmpty();
    }

    [Fact]
    public async Task Options_may_come_before_or_after_arguments()
    {
        (await StewardCli.RunAsync(_db, "--gss", "E07000096", "org", "add", "DBC", "Dacorum Borough Council")).ExitCode.ShouldBe(0);
        (await StewardCli.RunAsync(_db, "org", "add", "--tolerance=10", "NCC", "Norfolk County Council")).ExitCode.ShouldBe(0);
        var list = await StewardCli.RunAsync(_db, "org", "list");
        list.OutLines.ShouldBe(["code,name,gss_code,default_tolerance,current_period", "DBC,Dacorum Borough Council,E07000096,5,", "NCC,Norfolk County Council,,10,"]);
        var a = await StewardCli.RunAsync(_db, "--period", "2017-09", "summary", "--org", "DBC");
        var b = await StewardCli.RunAsync(_db, "summary", "--org=DBC", "--period=2017-09");
        a.ExitCode.ShouldBe(0);
        a.Out.ShouldBe(b.Out);
    }

    [Fact]
    public async Task Bad_data_exits_1()
    {
        (await StewardCli.RunAsync(_db, "org", "add", "DBC", "Dacorum Borough Council")).ExitCode.ShouldBe(0);
        var dup = await StewardCli.RunAsync(_db, "org", "add", "dbc", "Dacorum again");
        dup.ExitCode.ShouldBe(1);
        dup.Err.ShouldContain("already exists");
        var unknown = await StewardCli.RunAsync(_db, "summary", "--org", "XYZ", "--period", "2017-09");
        unknown.ExitCode.ShouldBe(1);
        unknown.Err.ShouldContain("there is no organisation with code XYZ");
        (await StewardCli.RunAsync(_db, "import", "--org", "DBC", "/no/such/file.csv")).ExitCode.ShouldBe(1);
        (await StewardCli.RunAsync(_db, "org", "add", "BAD CODE", "Name")).ExitCode.ShouldBe(1);
        (await StewardCli.RunAsync(_db, "org", "add", "X1", "Name", "--gss", "123")).ExitCode.ShouldBe(1);
        (await StewardCli.RunAsync(_db, "user", "add", "not-an-email", "--org", "DBC", "--role", "viewer", "--password", "long enough password")).ExitCode.ShouldBe(1);
        (await StewardCli.RunAsync(_db, "user", "add", "short@dacorum.example", "--org", "DBC", "--role", "viewer", "--password", "short")).ExitCode.ShouldBe(1);
    }

    [Fact]
    public async Task User_add_creates_accounts_and_grants_roles_per_organisation()
    {
        (await StewardCli.RunAsync(_db, "org", "add", "DBC", "Dacorum Borough Council")).ExitCode.ShouldBe(0);
        (await StewardCli.RunAsync(_db, "org", "add", "NCC", "Norfolk County Council")).ExitCode.ShouldBe(0);
        var r = await StewardCli.RunAsync(_db, "user", "add", "Admin@Dacorum.example", "--org", "DBC", "--role", "administrator,performance-officer", "--password", "first admin passphrase", "--name", "Ada Admin", "--user", "installer@dacorum.example");
        r.ExitCode.ShouldBe(0, r.Err);
        r.Out.ShouldBe("Created Admin@Dacorum.example: administrator, performance-officer in DBC.\n");
        var again = await StewardCli.RunAsync(_db, "user", "add", "admin@dacorum.example", "--org", "NCC", "--role", "approver");
        again.ExitCode.ShouldBe(0, again.Err);
        again.Out.ShouldBe("Updated Admin@Dacorum.example: approver in NCC.\n");

        await using var db = _db.Open();
        var account = await db.Accounts.Include(a => a.Memberships).SingleAsync();
        account.NormalisedEmail.ShouldBe("admin@dacorum.example");
        account.PasswordHash.ShouldNotBeNullOrEmpty();
        account.PasswordHash.ShouldNotContain("first admin passphrase");
        account.Memberships.Select(m => m.Roles).ShouldBe([Role.Administrator | Role.PerformanceOfficer, Role.Approver], ignoreOrder: true);
        var audit = await db.AuditLog.IgnoreQueryFilters().Where(a => a.EntityType == "Account").ToListAsync();
        audit.ShouldContain(a => a.Action == "create" && a.Actor == "installer@dacorum.example" && a.Channel == "cli");
        audit.ShouldAllBe(a => !a.Changes!.Contains("AQAAAA")); // no password hash in the log
    }

    [Fact]
    public async Task A_new_account_without_a_password_is_refused_when_not_on_a_terminal()
    {
        (await StewardCli.RunAsync(_db, "org", "add", "DBC", "Dacorum Borough Council")).ExitCode.ShouldBe(0);
        var r = await StewardCli.RunAsync(_db, "user", "add", "x@dacorum.example", "--org", "DBC", "--role", "viewer");
        r.ExitCode.ShouldBe(1);
        r.Err.ShouldContain("needs a password");
    }

    [Fact]
    public async Task Changes_are_attributed_to_the_operating_system_user_by_default()
    {
        (await StewardCli.RunAsync(_db, "org", "add", "DBC", "Dacorum Borough Council")).ExitCode.ShouldBe(0);
        await using var db = _db.Open();
        var entry = await db.AuditLog.IgnoreQueryFilters().SingleAsync(a => a.EntityType == "Organisation");
        entry.Actor.ShouldBe(Environment.UserName);
        entry.Channel.ShouldBe("cli");
        entry.Action.ShouldBe("create");
        entry.Changes!.ShouldContain("Dacorum Borough Council");
    }

    [Fact]
    public async Task Issue_16_the_audit_log_records_saved_ids_for_a_parent_and_child_added_in_one_save()
    {
        (await StewardCli.RunAsync(_db, "org", "add", "DBC", "Dacorum Borough Council")).ExitCode.ShouldBe(0);
        (await StewardCli.RunAsync(_db, "user", "add", "new@dacorum.example", "--org", "DBC", "--role", "viewer", "--password", "a-long-enough-password")).ExitCode.ShouldBe(0);
        await using var db = _db.Open();
        var account = await db.Accounts.SingleAsync(a => a.NormalisedEmail == "new@dacorum.example");
        var entry = await db.AuditLog.IgnoreQueryFilters().SingleAsync(a => a.EntityType == "Membership" && a.Action == "create");
        var changes = System.Text.Json.JsonDocument.Parse(entry.Changes!).RootElement;
        changes.GetProperty("AccountId")[1].GetInt32().ShouldBe(account.Id);
        changes.GetProperty("OrganisationId")[1].GetInt32().ShouldBeGreaterThan(0);
        entry.EntityId.ShouldNotStartWith("-");
    }

    [Fact]
    public async Task Db_migrate_reports_an_up_to_date_database()
    {
        var r = await StewardCli.RunAsync(_db, "db", "migrate");
        r.ExitCode.ShouldBe(0);
        r.Out.ShouldContain("is up to date");
    }

    // Servers started together on a new database find this one key instead of each making its own (docs/shared-service.md).
    [Fact]
    public async Task Db_migrate_makes_the_first_cookie_key_once_and_does_not_audit_it()
    {
        (await StewardCli.RunAsync(_db, "db", "migrate")).Out.ShouldContain("Created the key that protects sign-in cookies.");
        (await StewardCli.RunAsync(_db, "db", "migrate")).Out.ShouldNotContain("Created the key");
        await using var db = _db.Open();
        (await db.DataProtectionKeys.CountAsync()).ShouldBe(1);
        (await db.AuditLog.IgnoreQueryFilters().CountAsync()).ShouldBe(0);
    }

    [Theory]
    [InlineData(new[] { "org", "list" }, true)]
    [InlineData(new[] { "--db", "x.db", "import", "a.csv" }, true)]
    [InlineData(new[] { "--help" }, true)]
    [InlineData(new string[0], false)]
    [InlineData(new[] { "--urls", "http://127.0.0.1:5005" }, false)]
    [InlineData(new[] { "--environment", "Development" }, false)]
    [InlineData(new[] { "urls=http://127.0.0.1:5005" }, false)]
    [InlineData(new[] { "reprot", "rag" }, true)] // issue 16: a misspelt verb is the CLI's to refuse
    [InlineData(new[] { "--db", "x.db", "frobnicate" }, true)]
    public void Verbs_run_the_CLI_and_anything_else_the_web_app(string[] args, bool cli) =>
        CliApp.IsCliCall(args).ShouldBe(cli);

    [Fact]
    public async Task Issue_16_an_unknown_or_misspelt_verb_says_unknown_command_and_exits_2()
    {
        var r = await StewardCli.RunAsync(_db, "reprot", "--org", "DBC");
        r.ExitCode.ShouldBe(2);
        r.ErrLines[0].ShouldBe("steward: unknown command 'reprot'");
        r.Out.ShouldBeEmpty();
    }
}
