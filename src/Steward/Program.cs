using Steward.Cli;
using Steward.Web;

if (CliApp.IsCliCall(args))
{
    var configuration = new ConfigurationBuilder()
        .SetBasePath(AppContext.BaseDirectory)
        .AddJsonFile("appsettings.json", optional: true)
        .AddEnvironmentVariables()
        .Build();
    return await CliApp.RunAsync(args, Console.Out, Console.Error, configuration);
}

return await WebApp.RunAsync(args);

/// <summary>The entry point, visible to the test host.</summary>
public partial class Program;
