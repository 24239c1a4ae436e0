using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Steward.Bench;

/// <summary>
/// The floor a page is measured against: the rows the dashboard's and the register's first pages show, fetched by
/// hand-written SQL through ADO.NET (no EF, no rendering), by as many concurrent connections as the page load test uses.
/// </summary>
internal static class Floor
{
    /// <summary>
    /// Runs each page's SQL for <paramref name="seconds"/> with <paramref name="connections"/> workers and prints one line
    /// per page: name, requests per second, p50, p95 and p99 in milliseconds, and how many were run.
    /// </summary>
    public static async Task<int> RunAsync(string database, string orgCode, int connections, int seconds)
    {
        var postgres = database.Contains('=');
        var connectionString = postgres ? database : new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly }.ToString();
        DbConnection Open()
        {
            DbConnection c = postgres ? new NpgsqlConnection(connectionString) : new SqliteConnection(connectionString);
            c.Open();
            return c;
        }
        int org, period;
        using (var c = Open())
        {
            using var cmd = Command(c, """SELECT "Id", "CurrentPeriod" FROM "Organisations" WHERE "Code" = @code""", ("code", orgCode));
            using var r = cmd.ExecuteReader();
            if (!r.Read()) throw new InvalidOperationException($"no council coded {orgCode}");
            (org, period) = (r.GetInt32(0), r.IsDBNull(1) ? throw new InvalidOperationException("the council has no reporting period") : r.GetInt32(1));
        }
        var collate = postgres ? " COLLATE \"C\"" : "";
        foreach (var (name, page) in new (string, Action<DbConnection>)[] { ("dashboard-sql", c => Dashboard(c, org, period, collate)), ("register-sql", c => Register(c, org, collate)) })
        {
            var (rate, latencies) = await LoadAsync(Open, page, connections, TimeSpan.FromSeconds(seconds));
            latencies.Sort();
            double P(double q) => latencies.Count == 0 ? 0 : latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(q * latencies.Count) - 1)];
            Console.WriteLine($"{name} {rate:0.0} {P(0.50):0.00} {P(0.95):0.00} {P(0.99):0.00} {latencies.Count}");
        }
        return 0;
    }

    private static async Task<(double Rate, List<double> Latencies)> LoadAsync(Func<DbConnection> open, Action<DbConnection> page, int workers, TimeSpan duration)
    {
        var latencies = new List<double>();
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(() =>
        {
            var mine = new List<double>();
            while (watch.Elapsed < duration)
            {
                var start = watch.Elapsed;
                using (var c = open()) page(c);
                mine.Add((watch.Elapsed - start).TotalMilliseconds);
            }
            lock (latencies) latencies.AddRange(mine);
        })));
        return (latencies.Count / watch.Elapsed.TotalSeconds, latencies);
    }

    private static DbCommand Command(DbConnection c, string sql, params (string Name, object Value)[] parameters)
    {
        var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            cmd.Parameters.Add(p);
        }
        return cmd;
    }

    /// <summary>Reads every row and column of the statement, as a page would read them.</summary>
    private static List<object[]> Rows(DbConnection c, string sql, params (string, object)[] parameters)
    {
        using var cmd = Command(c, sql, parameters);
        using var reader = cmd.ExecuteReader();
        var rows = new List<object[]>();
        while (reader.Read())
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }
        return rows;
    }

    private static int Months(string frequency) => frequency switch { "Monthly" => 1, "Quarterly" => 3, _ => 12 };

    private static int AddMonths(int period, int months)
    {
        var index = period / 100 * 12 + period % 100 - 1 + months;
        return index / 12 * 100 + index % 12 + 1;
    }

    /// <summary>
    /// The dashboard's first page: the council's current indicators counted, the first 100 in frequency, theme and code
    /// order, and for each frequency among them its 16 periods to the reporting period (13 shown, 3 the rules read back)
    /// of approved results, period targets and the years' annual targets.
    /// </summary>
    private static void Dashboard(DbConnection c, int org, int period, string collate)
    {
        Rows(c, """SELECT COUNT(*) FROM "Indicators" WHERE "OrganisationId" = @org AND NOT "Retired" """, ("org", org));
        var page = Rows(c, $"""
            SELECT i."Id", i."Code", i."Name", i."Frequency", i."Unit", i."Polarity", i."Decimals", i."Tolerance", i."InfoOnly", i."Cumulative", i."FirstPeriod", t."Name"
            FROM "Indicators" i LEFT JOIN "Themes" t ON t."Id" = i."ThemeId"
            WHERE i."OrganisationId" = @org AND NOT i."Retired"
            ORDER BY CASE i."Frequency" WHEN 'Monthly' THEN 1 WHEN 'Quarterly' THEN 3 ELSE 12 END, COALESCE(t."Name", 'No theme'){collate}, i."Code"{collate}
            LIMIT 100
            """, ("org", org));
        var ids = string.Join(",", page.Select(r => Convert.ToInt32(r[0])));
        var periods = new HashSet<int>();
        foreach (var months in page.Select(r => Months((string)r[3])).Distinct())
        {
            var last = period;
            while (months == 3 && last % 100 % 3 != 0 || months == 12 && last % 100 != 3) last = AddMonths(last, -1); // the frequency's last period by then (years end in March)
            for (var k = 0; k < 16; k++) periods.Add(AddMonths(last, -k * months));
        }
        var inPeriods = string.Join(",", periods);
        Rows(c, $"""
            SELECT "IndicatorId", "Period", "Value", "Numerator", "Denominator" FROM "Results"
            WHERE "OrganisationId" = @org AND "IndicatorId" IN ({ids}) AND "Status" = 'Approved' AND "Period" IN ({inPeriods})
            """, ("org", org));
        Rows(c, $"""SELECT "IndicatorId", "Period", "Value" FROM "Targets" WHERE "OrganisationId" = @org AND "IndicatorId" IN ({ids}) AND "Period" IN ({inPeriods})""", ("org", org));
        var years = string.Join(",", periods.Select(p => p % 100 >= 4 ? p / 100 : p / 100 - 1).Distinct());
        Rows(c, $"""SELECT "IndicatorId", "FinancialYear", "Value" FROM "AnnualTargets" WHERE "OrganisationId" = @org AND "IndicatorId" IN ({ids}) AND "FinancialYear" IN ({years})""", ("org", org));
    }

    /// <summary>
    /// The register's first page: open risks counted overall and by register, the registers, the first 50 open risks in
    /// code order with their owners, and the matrix's bands.
    /// </summary>
    private static void Register(DbConnection c, int org, string collate)
    {
        Rows(c, """SELECT "Id", "Name", "ParentId" FROM "RiskRegisters" WHERE "OrganisationId" = @org""", ("org", org));
        Rows(c, """SELECT "RegisterId", COUNT(*) FROM "Risks" WHERE "OrganisationId" = @org AND NOT "Closed" GROUP BY "RegisterId" """, ("org", org));
        Rows(c, """SELECT COUNT(*) FROM "Risks" WHERE "OrganisationId" = @org AND NOT "Closed" """, ("org", org));
        Rows(c, $"""
            SELECT r."Id", r."Code", r."Title", r."InherentLikelihood", r."InherentImpact", r."ResidualLikelihood", r."ResidualImpact",
                   r."TargetLikelihood", r."TargetImpact", r."Prospects", r."NextReviewDate", r."PreviousLikelihood", r."PreviousImpact", p."Name"
            FROM "Risks" r LEFT JOIN "People" p ON p."Id" = r."OwnerId"
            WHERE r."OrganisationId" = @org AND NOT r."Closed"
            ORDER BY r."Code"{collate}
            LIMIT 50
            """, ("org", org));
        Rows(c, """
            SELECT c."Likelihood", c."Impact", b."Name", b."Colour" FROM "RiskMatrixCells" c JOIN "RiskBands" b ON b."Id" = c."BandId"
            WHERE c."OrganisationId" = @org
            """, ("org", org));
    }
}
