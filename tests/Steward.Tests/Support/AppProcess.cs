using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Steward.Tests.Support;

/// <summary>
/// Steward's web app as its own operating-system process, started as it is deployed (<c>dotnet steward.dll --urls … --db …</c>)
/// on a free port of 127.0.0.1, with a home folder of its own (so nothing on disk is shared with another instance by
/// accident). Stopped, with everything it started, when disposed.
/// </summary>
public sealed partial class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _home;

    private AppProcess(Process process, string home)
    {
        _process = process;
        _home = home;
    }

    /// <summary>The address it listens on ("http://127.0.0.1:40123").</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>Its home folder (HOME), where ASP.NET Core would keep data-protection keys if they were not in the database.</summary>
    public string Home => _home;

    /// <summary>What it has printed so far (standard output and error), for failure messages.</summary>
    public string Output { get { lock (_output) return _output.ToString(); } }

    [GeneratedRegex(@"^Steward is running at (http://127\.0\.0\.1:\d+)")]
    private static partial Regex RunningAt();

    /// <summary>
    /// Starts an instance on <paramref name="database"/> with the given settings (environment variables such as
    /// <c>Steward__AutoMigrate=false</c>) and waits until it says where it is running (at most a minute).
    /// </summary>
    public static async Task<AppProcess> StartAsync(TestDatabase database, IReadOnlyDictionary<string, string>? settings = null)
    {
        var home = Path.Combine(Path.GetTempPath(), "steward-instance", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(home);
        var start = new ProcessStartInfo(DotnetHost())
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = home,
        };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "steward.dll"), "--urls", "http://127.0.0.1:0", "--db", database.Setting })
            start.ArgumentList.Add(a);
        start.Environment["HOME"] = home;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        // The notices job only where a test asks for it.
        start.Environment["Steward__Notices__IntervalMinutes"] = "0";
        foreach (var name in new[] { "ASPNETCORE_URLS", "ConnectionStrings__Steward", "STEWARD_TEST_POSTGRES" }) start.Environment.Remove(name);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) start.Environment[key] = value;

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var instance = new AppProcess(process, home);
        var running = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Read(string? line)
        {
            if (line is null) return;
            lock (instance._output) instance._output.AppendLine(line);
            if (RunningAt().Match(line) is { Success: true } m) running.TrySetResult(m.Groups[1].Value);
        }
        process.OutputDataReceived += (_, e) => Read(e.Data);
        process.ErrorDataReceived += (_, e) => Read(e.Data);
        process.Exited += (_, _) => running.TrySetException(new InvalidOperationException($"Steward exited before it was running:\n{instance.Output}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            instance.BaseUrl = await running.Task.WaitAsync(TimeSpan.FromMinutes(1));
        }
        catch
        {
            await instance.DisposeAsync();
            throw;
        }
        return instance;
    }

    /// <summary>The dotnet host running these tests (its full path when known), to run steward.dll with.</summary>
    internal static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)) return host;
        var current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
    }

    /// <summary>Stops the instance (and anything it started) and removes its home folder.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            }
        }
        catch (InvalidOperationException)
        {
            // Never started, or already gone.
        }
        _process.Dispose();
        try { Directory.Delete(_home, recursive: true); } catch (IOException) { }
    }
}
