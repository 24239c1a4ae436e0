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

    public void Clear()
    {
        lock (_lock) { _statements.Clear(); _rows.Clear(); _open.Clear(); }
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
