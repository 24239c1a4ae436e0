using System.Globalization;
using Steward.Cli;
using Steward.Domain;

namespace Steward.Features.Demo;

public static class DemoCommands
{
    public static readonly Verb Load = new("demo load", "", "Load the demo councils (Dacorum, Norfolk, Cambridgeshire) with a login per role.", [],
        $"""
        Adds the three demo councils built from their published committee papers, each taking the date of
        its papers as today (its "as at" date, which Manage → Settings can clear), and prints the logins.
        Refused (exit 1) when any of their codes ({string.Join(", ", DemoData.Councils.Select(c => c.Code))}) is already in the database.
        To start the demo again, load it into a new database file (or delete the old one).
        """, LoadAsync);

    public static readonly Verb Generate = new("demo generate",
        "--seed N [--orgs 1] [--indicators 200] [--years 1] [--risks 200] [--reviews 4] [--links 100] [--budget-lines 100] [--complaints 500] [--to YYYY-MM]",
        "Generate synthetic councils at any scale, the same for the same seed.",
        ["seed", "orgs", "indicators", "years", "risks", "reviews", "links", "budget-lines", "complaints", "to"],
        $"""
        Adds councils GEN01, GEN02 … (--orgs), each with --indicators indicators (monthly, quarterly and annual;
        percentages, many as numerator / denominator, counts, days, money) with --years financial years of
        results up to --to (default {GeneratorOptions.DefaultTo}, a quarter end, which becomes the reporting period), annual
        and profiled targets, gaps, comments and results still in the approval cycle; --risks risks in registers
        corporate → directorate → service on a 5×5 matrix, with --reviews signed-off quarterly reviews each,
        actions, and --links of them assured by an indicator; a committee per directorate with --budget-lines budget
        lines (a forecast every month, overspends past the threshold explained; --links of them linked to an indicator
        of their service), reserves, a capital programme and savings; a complaints log of --complaints stage 1
        complaints a year, some escalated, complainants anonymised after the retention period; a login per role
        (admin@gen01.example …, the demo password). Refused (exit 1) when a GEN code is taken. 2,000 indicators ×
        10 years and 2,000 risks take seconds.
        """, GenerateAsync);

    private static async Task<int> LoadAsync(CliContext ctx, CommandLine line)
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

    private static async Task<int> GenerateAsync(CliContext ctx, CommandLine line)
    {
        if (line.Words.Count > 0) throw new UsageException($"unexpected argument '{line.Words[0]}'");
        int Number(string name, int fallback, int min, int max)
        {
            var text = line.Option(name);
            if (text is null) return fallback;
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
                ? n : throw new UsageException($"--{name} '{text}' is not a whole number from {min} to {max}");
        }
        if (line.Option("seed") is null) throw new UsageException("give --seed N: the same seed generates the same councils");
        var to = GeneratorOptions.DefaultTo;
        if (line.Option("to") is { } toText)
            to = Period.TryParse(toText, out var p) && p.Ends(Frequency.Quarterly)
                ? p : throw new UsageException($"--to '{toText}' is not a quarter end: write YYYY-MM (Jun, Sep, Dec or Mar)");
        var options = new GeneratorOptions(Number("orgs", 1, 1, 99), Number("indicators", 200, 0, 100_000), Number("years", 1, 1, 30),
            Number("risks", 200, 0, 100_000), Number("reviews", 4, 0, 200), Number("links", 100, 0, 100_000), Number("seed", 0, 0, int.MaxValue), to,
            Number("budget-lines", 100, 0, 100_000), Number("complaints", 500, 0, 1_000_000));
        await using var db = await ctx.OpenAsync();
        GeneratorReport report;
        try
        {
            report = await DemoGenerator.GenerateAsync(db, options);
        }
        catch (InvalidOperationException e) when (e.Message.StartsWith("the database already has", StringComparison.Ordinal))
        {
            throw new BadDataException($"{e.Message}: nothing was generated (generate into a new database)");
        }
        await ctx.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Generated {string.Join(", ", report.Codes)} in {ctx.Database.Describe()} in {report.Took.TotalSeconds:0.0} s: {report.Indicators:N0} indicators, " +
            $"{report.Results:N0} results, {report.Targets:N0} targets, {report.Risks:N0} risks, {report.Reviews:N0} reviews, " +
            $"{report.BudgetLines:N0} budget lines ({report.BudgetForecasts:N0} monthly forecasts), {report.Complaints:N0} complaints."));
        await ctx.Out.WriteLineAsync($"Logins: admin@gen01.example, officer@, updater@, approver@, owner@, viewer@, complaints@ (gen02 … likewise); password {DemoData.Password}.");
        return ExitCode.Success;
    }
}
