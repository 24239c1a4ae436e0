using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Features.Accounts;
using Steward.Features.Indicators;
using Steward.Features.Organisations;

namespace Steward.Cli;

/// <summary>One verb of the command line.</summary>
public sealed record Verb(
    string Name,
    string Arguments,
    string Summary,
    IReadOnlyList<string> Options,
    string Details,
    Func<CliContext, CommandLine, Task<int>> Run)
{
    public string[] Words => Name.Split(' ');

    public string Usage => $"steward {Name}{(Arguments.Length > 0 ? " " + Arguments : "")}";
}

/// <summary>What a verb runs with: where to write, which database, who is acting.</summary>
public sealed class CliContext(TextWriter output, TextWriter error, IConfiguration configuration, CommandLine line)
{
    public TextWriter Out { get; } = output;
    public TextWriter Err { get; } = error;
    public IConfiguration Configuration { get; } = configuration;

    public DatabaseTarget Database =>
        DatabaseTarget.Resolve(line.Option("db") ?? Configuration.GetConnectionString(DatabaseTarget.SettingName));

    /// <summary>Who CLI changes are attributed to: --user EMAIL, else the operating-system user.</summary>
    public string Actor => line.Option("user") is { Length: > 0 } u ? Account.Normalise(u) : Environment.UserName;

    /// <summary>Opens the database (bringing its schema up to date unless configured not to), acting as <see cref="Actor"/>.</summary>
    public async Task<StewardDb> OpenAsync()
    {
        var target = Database;
        if (Configuration.GetValue("Steward:AutoMigrate", true)) await target.MigrateAsync();
        var db = target.Open();
        db.Actor = Actor;
        db.Channel = "cli";
        return db;
    }

    /// <summary>Opens the database acting for the organisation named by --org.</summary>
    public async Task<(StewardDb Db, Organisation Organisation)> OpenForOrganisationAsync(CommandLine line)
    {
        var code = line.RequireOption("org");
        var db = await OpenAsync();
        var key = Organisation.NormaliseCode(code);
        var org = await db.Organisations.SingleOrDefaultAsync(o => o.Code == key);
        if (org is null)
        {
            await db.DisposeAsync();
            throw new BadDataException($"there is no organisation with code {code} (steward org list shows them)");
        }
        db.UseOrganisation(org.Id);
        return (db, org);
    }
}

public static class CliApp
{
    public static readonly IReadOnlyList<Verb> Verbs =
    [
        .. OrganisationCommands.Verbs,
        .. AccountCommands.Verbs,
        DatabaseCommands.Migrate,
        Features.Import.ImportCommands.Import,
        .. IndicatorCommands.Verbs,
        .. Features.Risks.RiskCommands.Verbs,
        .. Features.Committees.CommitteeCommands.Verbs,
        .. Features.Projects.ProjectExport.Verbs,
        .. Features.Finance.FinanceExport.Verbs,
        .. Features.Complaints.ComplaintExport.Verbs,
        .. Features.Reports.ReportCommands.Verbs,
        .. Features.Notices.NoticeJob.Verbs,
        .. Features.Backup.BackupCommands.Verbs,
        Features.Demo.DemoCommands.Load,
        Features.Demo.DemoCommands.Generate,
    ];

    public static IReadOnlyCollection<string> VerbWords { get; } =
        Verbs.Select(v => v.Words[0]).Append("help").ToHashSet();

    public static bool IsCliCall(string[] args) => CommandLine.IsCliCall(args, VerbWords);

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, IConfiguration configuration)
    {
        CommandLine line;
        try
        {
            line = CommandLine.Parse(args);
        }
        catch (UsageException e)
        {
            await error.WriteLineAsync($"steward: {e.Message}");
            await error.WriteLineAsync("Run 'steward --help' for the verbs.");
            return ExitCode.BadUsage;
        }

        if (line.Words is ["help", .. var rest])
        {
            line.Words.Clear();
            line.Words.AddRange(rest);
            line.SetFlags.Add("help");
        }

        var verb = Verbs.Where(v => v.Words.Length <= line.Words.Count && v.Words.SequenceEqual(line.Words.Take(v.Words.Length)))
            .MaxBy(v => v.Words.Length);
        if (verb is null)
        {
            var group = line.Words.FirstOrDefault();
            if (line.Help && (group is null || Verbs.Any(v => v.Words[0] == group)))
            {
                await output.WriteAsync(GeneralHelp(group));
                return ExitCode.Success;
            }
            await error.WriteLineAsync(group is null ? "steward: no verb given" : $"steward: unknown command '{string.Join(' ', line.Words)}'");
            await error.WriteAsync(GeneralHelp(Verbs.Any(v => v.Words[0] == group) ? group : null));
            return ExitCode.BadUsage;
        }

        if (line.Help)
        {
            await output.WriteAsync(VerbHelp(verb));
            return ExitCode.Success;
        }

        line.Words.RemoveRange(0, verb.Words.Length);
        var context = new CliContext(output, error, configuration, line);
        try
        {
            var unknown = line.Options.Keys.Concat(line.SetFlags).FirstOrDefault(k => k is not ("db" or "user" or "help") && !verb.Options.Contains(k));
            if (unknown is not null) throw new UsageException($"--{unknown} does not apply to '{verb.Name}'");
            return await verb.Run(context, line);
        }
        catch (UsageException e)
        {
            await error.WriteLineAsync($"steward {verb.Name}: {e.Message}");
            await error.WriteLineAsync($"usage: {verb.Usage}");
            return ExitCode.BadUsage;
        }
        catch (BadDataException e)
        {
            await error.WriteLineAsync($"steward {verb.Name}: {e.Message}");
            return ExitCode.BadData;
        }
        catch (Data.UnacceptableTextException e)
        {
            await error.WriteLineAsync($"steward {verb.Name}: {e.Message} Nothing was saved.");
            return ExitCode.BadData;
        }
    }

    private static string GeneralHelp(string? group)
    {
        var w = new StringWriter();
        w.WriteLine("Steward: performance, risk and programme management for councils.");
        w.WriteLine();
        w.WriteLine("Usage: steward VERB [arguments] [options]   (no verb: run the web app)");
        w.WriteLine();
        w.WriteLine("Verbs:");
        foreach (var v in Verbs.Where(v => group is null || v.Words[0] == group))
            w.WriteLine($"  {v.Name,-14} {v.Summary}");
        w.WriteLine();
        w.WriteLine("Options for every verb:");
        w.WriteLine("  --db VALUE     a SQLite file path, or a PostgreSQL connection string (contains '=').");
        w.WriteLine("                 Default: ConnectionStrings:Steward, else data/steward.db");
        w.WriteLine("  --user EMAIL   who the change is attributed to in the audit log (default: the OS user)");
        w.WriteLine("  --help         help for the verb");
        w.WriteLine();
        w.WriteLine("Exit codes: 0 success, 1 bad data, 2 bad usage.");
        return w.ToString();
    }

    private static string VerbHelp(Verb verb)
    {
        var w = new StringWriter();
        w.WriteLine($"usage: {verb.Usage}");
        w.WriteLine();
        w.WriteLine(verb.Summary);
        if (verb.Details.Length > 0)
        {
            w.WriteLine();
            w.WriteLine(verb.Details.TrimEnd());
        }
        w.WriteLine();
        w.WriteLine("Also: --db VALUE (database), --user EMAIL (audit identity), --help.");
        return w.ToString();
    }
}

public static class DatabaseCommands
{
    public static readonly Verb Migrate = new("db migrate", "", "Create the database or bring its schema up to date.", [],
        "Applies the migrations of the database's provider (SQLite or PostgreSQL), and creates the first key that protects\n" +
        "sign-in cookies if the database has none (so app servers started together share one). Run it in the deployment\n" +
        "step when several app servers share a database, with Steward__AutoMigrate=false on the servers.", async (ctx, line) =>
        {
            if (line.Words.Count > 0) throw new UsageException($"unexpected argument '{line.Words[0]}'");
            var target = ctx.Database;
            await using (var db = target.Open())
            {
                var pending = (await db.Database.GetPendingMigrationsAsync()).ToList();
                await target.MigrateAsync();
                await ctx.Out.WriteLineAsync(pending.Count == 0
                    ? $"{target.Describe()} is up to date."
                    : $"Applied {pending.Count} migration(s) to {target.Describe()}.");
            }
            if (await Web.SharedKeys.EnsureKeyAsync(target))
                await ctx.Out.WriteLineAsync("Created the key that protects sign-in cookies.");
            return ExitCode.Success;
        });
}
