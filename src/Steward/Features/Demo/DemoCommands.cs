using Steward.Cli;

namespace Steward.Features.Demo;

public static class DemoCommands
{
    public static readonly Verb Load = new("demo load", "", "Load the demo councils (Dacorum, Norfolk, Cambridgeshire) with a login per role.", [],
        $"""
        Adds the three demo councils built from their published committee papers, each taking the date of
        its papers as today (its "as at" date, which Manage → Settings can clear), and prints the logins.
        Refused (exit 1) when any of their codes ({string.Join(", ", DemoData.Councils.Select(c => c.Code))}) is already in the database.
        To start the demo again, load it into a new database file (or delete the old one).
        """, RunAsync);

    private static async Task<int> RunAsync(CliContext ctx, CommandLine line)
    {
        if (line.Words.Count > 0) throw new UsageException($"unexpected argument '{line.Words[0]}'");
        await using var db = await ctx.OpenAsync();
        var present = await DemoData.PresentAsync(db);
        if (present.Count > 0)
            throw new BadDataException($"{ctx.Database.Describe()} already has {string.Join(", ", present)}: nothing was loaded (load the demo into a new database)");
        await DemoData.LoadAllAsync(db);
        await ctx.Out.WriteLineAsync($"Loaded {DemoData.Councils.Count} demo councils into {ctx.Database.Describe()}.");
        await ctx.Out.WriteLineAsync(DemoData.LoginsText());
        return ExitCode.Success;
    }
}
