namespace Steward.Tests.Support;

/// <summary>The demo CSV files built from the council papers (seeds 001 and 004).</summary>
public static class Seeds
{
    public static string RepoRoot { get; } = FindRoot();

    public static string DemoFile(string name) => Path.Combine(RepoRoot, "src", "Steward", "Features", "Demo", "Data", name);

    public static string DacorumIndicators => DemoFile("dacorum-indicators.csv");
    public static string DacorumResults => DemoFile("dacorum-results.csv");
    public static string NorfolkIndicators => DemoFile("norfolk-indicators.csv");
    public static string NorfolkResults => DemoFile("norfolk-results.csv");
    public static string DacorumTargets => DemoFile("dacorum-targets.csv");
    public static string NorfolkTargets => DemoFile("norfolk-targets.csv");

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Steward.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Cannot find the repository root (Steward.slnx).");
    }

    public static string DacorumMatrix => DemoFile("dacorum-matrix.csv");
    public static string DacorumRisks => DemoFile("dacorum-risks.csv");
    public static string NorfolkMatrix => DemoFile("norfolk-matrix.csv");
    public static string NorfolkRisks => DemoFile("norfolk-risks.csv");

    /// <summary>Adds the organisations and imports both councils' seed files through the CLI.</summary>
    public static async Task LoadDacorumAndNorfolkAsync(TestDatabase db)
    {
        (await StewardCli.RunAsync(db, "org", "add", "DBC", "Dacorum Borough Council", "--tolerance", "50")).ExitCode.ShouldBe(0);
        (await StewardCli.RunAsync(db, "org", "add", "NCC", "Norfolk County Council")).ExitCode.ShouldBe(0);
        var d = await StewardCli.RunAsync(db, "import", "--org", "DBC", DacorumIndicators, DacorumResults, DacorumTargets);
        d.ExitCode.ShouldBe(0, d.Err);
        var n = await StewardCli.RunAsync(db, "import", "--org", "NCC", NorfolkIndicators, NorfolkResults, NorfolkTargets);
        n.ExitCode.ShouldBe(0, n.Err);
    }
}
