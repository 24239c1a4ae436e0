using System.Globalization;
using Steward.Cli;
using Steward.Common;
using Steward.Data;
using Steward.Domain;

namespace Steward.Features.Finance;

/// <summary>Budget monitoring as CSV: <c>export budget</c> and <c>export reserves</c>, money as plain signed pounds and pence.</summary>
public static class FinanceExport
{
    public static readonly IReadOnlyList<Verb> Verbs =
    [
        new("export budget", "--org CODE --period YYYY-MM", "Each budget line's current budget, forecast out-turn and variance as at a month, as CSV.", ["org", "period"],
            """
            One row per budget line with figures in the month's financial year (no total rows), by committee, kind and
            the order finance gave the lines in:
              committee,service,line,kind,budget,forecast,variance
            The figures are the latest reported up to --period (September is P6). kind is revenue or capital;
            variance = forecast - budget (positive is an overspend). Money is signed pounds and pence: -47000.00.
            """, Writes(BudgetCsvAsync)),
        new("export reserves", "--org CODE --period YYYY-MM", "Each reserve's opening and forecast closing balance as at a month, as CSV.", ["org", "period"],
            """
            One row per reserve, by committee and table order:
              reserve,opening,forecast_closing,change
            change = forecast_closing - opening (negative is a planned use). Money is signed pounds and pence.
            """, Writes(ReservesCsvAsync)),
    ];

    private static Func<CliContext, CommandLine, Task<int>> Writes(Func<StewardDb, Period, CancellationToken, Task<string>> csv) => async (ctx, line) =>
    {
        if (line.Words.Count > 0) throw new UsageException($"unexpected argument '{line.Words[0]}'");
        var text = line.RequireOption("period");
        if (!Period.TryParse(text, out var month)) throw new UsageException($"--period '{text}' is not a month: write YYYY-MM");
        var (db, _) = await ctx.OpenForOrganisationAsync(line);
        await using (db) await ctx.Out.WriteAsync(await csv(db, month, default));
        return ExitCode.Success;
    };

    /// <summary>Every budget line as at <paramref name="month"/> (<see cref="FinanceTables.BudgetAsync"/>): committee,service,line,kind,budget,forecast,variance.</summary>
    public static async Task<string> BudgetCsvAsync(StewardDb db, Period month, CancellationToken ct = default)
    {
        var rows = await FinanceTables.BudgetAsync(db, month, null, ct);
        return CsvExport.ToText(csv =>
        {
            csv.Row("committee", "service", "line", "kind", "budget", "forecast", "variance");
            foreach (var r in rows)
                csv.Row(r.Committee, r.Service, r.Line.Name, r.Line.Kind.ToString().ToLowerInvariant(), Pounds(r.Budget), Pounds(r.Forecast), Pounds(r.Variance));
        });
    }

    /// <summary>Every reserve as at <paramref name="month"/>: reserve,opening,forecast_closing,change.</summary>
    public static async Task<string> ReservesCsvAsync(StewardDb db, Period month, CancellationToken ct = default)
    {
        var rows = await FinanceTables.ReservesAsync(db, month, null, ct);
        return CsvExport.ToText(csv =>
        {
            csv.Row("reserve", "opening", "forecast_closing", "change");
            foreach (var r in rows) csv.Row(r.Reserve.Name, Pounds(r.Opening), Pounds(r.ForecastClosing), Pounds(r.Change));
        });
    }

    /// <summary>Money in a CSV: plain signed pounds and pence, "-47000.00".</summary>
    public static string Pounds(decimal pounds) => pounds.ToString("0.00", CultureInfo.InvariantCulture);
}
