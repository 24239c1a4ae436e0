using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Steward.Cli;
using Steward.Common;
using Steward.Domain;

namespace Steward.Features.Organisations;

public static partial class OrganisationCommands
{
    public static readonly IReadOnlyList<Verb> Verbs =
    [
        new("org add", "CODE \"Name\"", "Add an organisation (a council).", ["gss", "tolerance"],
            """
            CODE is short (letters, digits, '-' or '_', up to 32) and unique, case-insensitively.
              --gss CODE        the ONS GSS code, e.g. E07000096
              --tolerance N     default amber tolerance in % of target (default 5)
            The financial year starts on 1 April.
            """, AddAsync),
        new("org list", "", "List the organisations.", [], "", ListAsync),
    ];

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")]
    private static partial Regex CodePattern();

    [GeneratedRegex("^[EWSNK][0-9]{8}$")]
    private static partial Regex GssPattern();

    private static async Task<int> AddAsync(CliContext ctx, CommandLine line)
    {
        if (line.Words.Count != 2) throw new UsageException("give a CODE and a \"Name\"");
        var (code, name) = (line.Words[0].Trim(), line.Words[1].Trim());
        if (!CodePattern().IsMatch(code)) throw new BadDataException($"'{code}' is not a valid code: use letters, digits, '-' or '_', up to 32");
        if (name.Length is 0 or > 200) throw new BadDataException("the name must be 1 to 200 characters");
        var gss = line.Option("gss")?.Trim().ToUpperInvariant();
        if (gss is { Length: > 0 } && !GssPattern().IsMatch(gss)) throw new BadDataException($"'{gss}' is not a GSS code (a letter and 8 digits, e.g. E07000096)");
        var tolerance = 5m;
        if (line.Option("tolerance") is { } t && (!Numbers.TryParse(t, out tolerance) || tolerance is < 0 or > 1000))
            throw new BadDataException($"--tolerance '{t}' is not a percentage (a number from 0 to 1000)");

        await using var db = await ctx.OpenAsync();
        var key = Organisation.NormaliseCode(code);
        if (await db.Organisations.AnyAsync(o => o.Code == key))
            throw new BadDataException($"an organisation with code {key} already exists");
        var org = new Organisation { Code = key, Name = name, GssCode = gss is { Length: > 0 } ? gss : null, DefaultTolerance = tolerance, CreatedAt = DateTime.UtcNow };
        db.Organisations.Add(org);
        await db.SaveChangesAsync();
        await ctx.Out.WriteLineAsync($"Added organisation {org.Code} {org.Name}.");
        return ExitCode.Success;
    }

    private static async Task<int> ListAsync(CliContext ctx, CommandLine line)
    {
        if (line.Words.Count > 0) throw new UsageException($"unexpected argument '{line.Words[0]}'");
        await using var db = await ctx.OpenAsync();
        var orgs = (await db.Organisations.ToListAsync()).OrderBy(o => o.Code, StringComparer.Ordinal);
        await ctx.Out.WriteAsync(CsvExport.ToText(csv =>
        {
            csv.Row("code", "name", "gss_code", "default_tolerance", "current_period");
            foreach (var o in orgs)
                csv.Row(o.Code, o.Name, o.GssCode, Numbers.Plain(o.DefaultTolerance), o.CurrentPeriod?.ToString());
        }));
        return ExitCode.Success;
    }
}
