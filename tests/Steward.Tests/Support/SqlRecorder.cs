using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Steward.Tests.Support;

/// <summary>
/// Records the SQL statements the app issues and the rows it reads back, for tests that pin how much work a page does.
/// Statements are kept in a comparable shape: parameter names and lists of parameters (an IN list's length follows
/// the page's rows) are written alike.
/// </summary>
public sealed partial class SqlRecorder : DbCommandInterceptor
{
    private readonly Lock _lock = new();
    private readonly List<string> _statements = [];
    private readonly List<long> _rows = [];
    private readonly Dictionary<DbCommand, int> _open = [];
    private readonly List<(string Statement, string Step)> _plans = [];

    /// <summary>
    /// On SQLite, also records how each statement is carried out (EXPLAIN QUERY PLAN with the statement's own parameters):
    /// which index each table is searched by, or whether it is scanned.
    /// </summary>
    public bool RecordPlans { get; set; }

    public void Clear()
    {
        lock (_lock) { _statements.Clear(); _rows.Clear(); _open.Clear(); _plans.Clear(); }
    }

    /// <summary>Each step of each statement's plan since <see cref="Clear"/> ("SEARCH r USING INDEX IX_Results_… (OrganisationId=? AND …)").</summary>
    public IReadOnlyList<(string Statement, string Step)> Plans { get { lock (_lock) return [.. _plans]; } }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Explain(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result,
        CancellationToken cancellationToken = default)
    {
        Explain(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Explain(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result,
        CancellationToken cancellationToken = default)
    {
        Explain(command);
        return ValueTask.FromResult(result);
    }

    private void Explain(DbCommand command)
    {
        if (!RecordPlans || command is not Microsoft.Data.Sqlite.SqliteCommand sqlite) return;
        using var explain = sqlite.Connection!.CreateCommand();
        explain.Transaction = sqlite.Transaction;
        explain.CommandText = "EXPLAIN QUERY PLAN " + sqlite.CommandText;
        foreach (Microsoft.Data.Sqlite.SqliteParameter p in sqlite.Parameters)
            explain.Parameters.Add(new Microsoft.Data.Sqlite.SqliteParameter(p.ParameterName, p.Value) { SqliteType = p.SqliteType, Size = p.Size });
        var steps = new List<string>();
        using (var reader = explain.ExecuteReader())
            while (reader.Read()) steps.Add(reader.GetString(3));
        lock (_lock) _plans.AddRange(steps.Select(step => (sqlite.CommandText, step)));
    }

    /// <summary>The statements since <see cref="Clear"/>, in shape (see the class).</summary>
    public IReadOnlyList<string> Statements { get { lock (_lock) return [.. _statements]; } }

    /// <summary>Rows read by every reader since <see cref="Clear"/>.</summary>
    public long RowsRead { get { lock (_lock) return _rows.Sum(); } }

    /// <summary>Each statement's rows read, the most first, for a failing test's message.</summary>
    public string Describe()
    {
        lock (_lock)
            return string.Join("\n", _statements.Select((s, i) => (s, _rows[i])).OrderByDescending(x => x.Item2).Take(5)
                .Select(x => $"{x.Item2} rows: {x.s.ReplaceLineEndings(" ")}"));
    }

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        Add(command);
        return result;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        Add(command);
        return ValueTask.FromResult(result);
    }

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        Add(command);
        return result;
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        Add(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult DataReaderClosing(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
    {
        Read(command, eventData.ReadCount);
        return result;
    }

    public override ValueTask<InterceptionResult> DataReaderClosingAsync(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
    {
        Read(command, eventData.ReadCount);
        return ValueTask.FromResult(result);
    }

    private void Add(DbCommand command)
    {
        var shape = ParameterList().Replace(Parameter().Replace(command.CommandText, "@p"), "@p…");
        lock (_lock)
        {
            _open[command] = _statements.Count;
            _statements.Add(shape);
            _rows.Add(0);
        }
    }

    private void Read(DbCommand command, int rows)
    {
        lock (_lock)
            if (_open.Remove(command, out var i)) _rows[i] += rows;
    }

    [GeneratedRegex(@"@\w+")]
    private static partial Regex Parameter();

    [GeneratedRegex(@"@p(\s*,\s*@p)+")]
    private static partial Regex ParameterList();
}
