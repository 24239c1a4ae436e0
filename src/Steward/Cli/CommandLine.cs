namespace Steward.Cli;

/// <summary>Exit codes: 0 success, 1 bad data, 2 bad usage.</summary>
public static class ExitCode
{
    public const int Success = 0;
    public const int BadData = 1;
    public const int BadUsage = 2;
}

/// <summary>Thrown for a command line that cannot be understood: exit code 2 with the verb's usage.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>Thrown for input that is understood but wrong (an unknown organisation, a bad file): exit code 1.</summary>
public sealed class BadDataException(string message) : Exception(message);

/// <summary>
/// The words and options of one call. Options may come before or after the arguments,
/// as <c>--name value</c> or <c>--name=value</c>; <c>--</c> ends the options.
/// </summary>
public sealed class CommandLine
{
    /// <summary>Options that take a value. Every other option is a flag.</summary>
    public static readonly HashSet<string> ValueOptions =
        ["db", "user", "org", "period", "role", "name", "password", "gss", "tolerance", "from", "to", "urls",
         "seed", "orgs", "indicators", "years", "risks", "reviews", "links", "budget-lines", "complaints",
         "clerk", "members", "services", "themes", "registers", "committee", "date", "time", "venue", "deadline", "format", "out"];

    public static readonly HashSet<string> Flags = ["help", "full", "public", "force"];

    public List<string> Words { get; } = [];
    public Dictionary<string, string> Options { get; } = new(StringComparer.Ordinal);
    public HashSet<string> SetFlags { get; } = new(StringComparer.Ordinal);

    public bool Help => SetFlags.Contains("help");

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        var line = new CommandLine();
        var optionsEnded = false;
        for (var i = 0; i < args.Count; i++)
        {
            var token = args[i];
            if (optionsEnded || !token.StartsWith("--", StringComparison.Ordinal) || token == "-")
            {
                line.Words.Add(token);
                continue;
            }
            if (token == "--")
            {
                optionsEnded = true;
                continue;
            }
            var name = token[2..];
            string? value = null;
            var eq = name.IndexOf('=');
            if (eq >= 0)
            {
                value = name[(eq + 1)..];
                name = name[..eq];
            }
            if (Flags.Contains(name))
            {
                if (value is not null) throw new UsageException($"--{name} takes no value");
                line.SetFlags.Add(name);
                continue;
            }
            if (!ValueOptions.Contains(name)) throw new UsageException($"unknown option --{name}");
            if (value is null)
            {
                if (i + 1 >= args.Count) throw new UsageException($"--{name} needs a value");
                value = args[++i];
            }
            if (line.Options.ContainsKey(name)) throw new UsageException($"--{name} is given twice");
            line.Options[name] = value;
        }
        return line;
    }

    public string? Option(string name) => Options.TryGetValue(name, out var v) ? v : null;

    public string RequireOption(string name) =>
        Option(name) is { Length: > 0 } v ? v : throw new UsageException($"--{name} is required");

    /// <summary>
    /// Whether these arguments are a CLI call: there is a word (skipping options and their values), a verb or not, so
    /// that a misspelt verb is told "unknown command" rather than starting the web server, or --help.
    /// Anything else (no words, or web host switches such as --urls, --environment or key=value settings) starts the web app.
    /// </summary>
    public static bool IsCliCall(IReadOnlyList<string> args, IReadOnlyCollection<string> verbWords)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var t = args[i];
            if (t.StartsWith("--", StringComparison.Ordinal))
            {
                var name = t[2..];
                if (name == "help") return true;
                // Our own options and the web host's (--urls, --environment …) take a value unless written --name=value.
                if (!name.Contains('=') && !Flags.Contains(name)) i++;
                continue;
            }
            // The web host also reads settings written key=value.
            return verbWords.Contains(t) || !t.Contains('=');
        }
        return false;
    }
}
