using Microsoft.Extensions.Configuration;
using Steward.Cli;

namespace Steward.Tests.Support;

public sealed record CliResult(int ExitCode, string Out, string Err)
{
    public string[] ErrLines => Err.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
    public string[] OutLines => Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
}

/// <summary>Runs CLI verbs in-process against a test database, exactly as the executable does.</summary>
public static class StewardCli
{
    public static Task<CliResult> RunAsync(TestDatabase? database, params string[] args) => RunAsync(database, new Dictionary<string, string?>(), args);

    /// <summary>Runs a verb with these configuration settings (as appsettings.json or environment variables would give them).</summary>
    public static async Task<CliResult> RunAsync(TestDatabase? database, IDictionary<string, string?> settings, params string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        var all = database is null ? args : [.. args, "--db", database.Setting];
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var code = await CliApp.RunAsync(all, output, error, configuration);
        return new CliResult(code, output.ToString(), error.ToString());
    }
}

/// <summary>Temporary CSV files for import tests, named as a user would name them.</summary>
public sealed class TempFiles : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "steward-csv", Guid.NewGuid().ToString("N"));

    public TempFiles() => System.IO.Directory.CreateDirectory(_dir);

    /// <summary>The folder the files are written in (removed on dispose).</summary>
    public string Directory => _dir;

    public string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content.Replace("\r\n", "\n"));
        return path;
    }

    public string WriteBytes(string name, byte[] content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    public void Dispose()
    {
        try { System.IO.Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
