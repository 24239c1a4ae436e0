using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Steward.Domain;
using Steward.Features.Risks;
using Steward.Tests.Support;
using Steward.Tests.Web;

namespace Steward.Tests.Risks;

/// <summary>Risk registers and matrices as files councils keep, with the demo councils loaded.</summary>
public class RiskFileTests : IAsyncLifetime
{
    private readonly DemoSite _site = new();
    private readonly TempFiles _files = new();
    private const string RiskHeader = "code,title,register,category,owner,portfolio_holder,treatment,inherent_likelihood,inherent_impact,residual_likelihood,residual_impact,target_likelihood,target_impact,target_date,prospects";

    public Task InitializeAsync() => _site.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        _files.Dispose();
    }

    private Task<CliResult> Cli(params string[] args) => StewardCli.RunAsync(_site.Db, args);

    // The full export carries each risk's signed-off history, so the register moves as it did: Dacorum's risks compare
    // December 2017 with June 2017 (CE_R01, reviewed once, has no previous score).
    [Fact]
    public async Task A_full_export_carries_when_scores_were_signed_off_and_the_previous_score()
    {
        var matrix = _files.Write("matrix.csv", (await Cli("export", "matrix", "--org", "DBC")).Out);
        var full = await Cli("export", "risks", "--org", "DBC", "--full");
        full.OutLines.Single(l => l.StartsWith("PP_R04,")).ShouldEndWith(",2017-12-31,2,4,2017-06-30");
        full.OutLines.Single(l => l.StartsWith("CE_R01,")).ShouldEndWith(",2017-12-31,,,");
        (await Cli("org", "add", "COPY", "A copy of Dacorum")).ExitCode.ShouldBe(0);
        var import = await Cli("import", "--org", "COPY", matrix, _files.Write("risks.csv", full.Out));
        import.ExitCode.ShouldBe(0, import.Err);
        (await Cli("export", "risks", "--org", "COPY", "--full")).Out.ShouldBe(full.Out);
    }

    [Fact]
    public async Task Issue_12_a_full_export_imported_into_a_new_council_reproduces_the_register_and_matrix()
    {
        var matrix = await Cli("export", "matrix", "--org", "CCC");
        matrix.ExitCode.ShouldBe(0, matrix.Err);
        matrix.OutLines[0].ShouldBe("likelihood,impact,band,likelihood_label,impact_label,band_colour");
        matrix.OutLines.ShouldContain("5,5,very high,Almost Certain,Critical,#651b1b");
        var risks = await Cli("export", "risks", "--org", "CCC", "--full");
        risks.ExitCode.ShouldBe(0, risks.Err);
        risks.OutLines[0].ShouldBe(RiskHeader + ",description,consequences,triggers,likelihood_factors,corporate_priority,next_review,status,exempt_paragraph"
                                   + ",signed_off_on,previous_likelihood,previous_impact,previous_signed_off_on");
        risks.OutLines.Length.ShouldBeGreaterThan(10);

        (await Cli("org", "add", "NEW", "A new council")).ExitCode.ShouldBe(0);
        var m = _files.Write("matrix.csv", matrix.Out);
        var r = _files.Write("risks.csv", risks.Out);
        var import = await Cli("import", "--org", "NEW", m, r);
        import.ExitCode.ShouldBe(0, import.Err);

        (await Cli("export", "matrix", "--org", "NEW")).Out.ShouldBe(matrix.Out);
        (await Cli("export", "risks", "--org", "NEW", "--full")).Out.ShouldBe(risks.Out);
        (await Cli("export", "risks", "--org", "NEW")).Out.ShouldBe((await Cli("export", "risks", "--org", "CCC")).Out);

        await using var db = _site.Db.Open();
        var orgs = await db.Organisations.Where(o => o.Code == "CCC" || o.Code == "NEW").ToDictionaryAsync(o => o.Code, o => o.Id);
        static object Row(Risk x) => new
        {
            x.Code, x.Title, x.Description, x.Category, x.CorporatePriority, Owner = x.Owner?.Name, Holder = x.PortfolioHolder?.Name, x.Treatment,
            x.Consequences, x.Triggers, x.LikelihoodFactors, x.Inherent, x.Residual, x.Target, x.TargetDate, x.Prospects, x.Exempt,
            x.ExemptionParagraph, x.Closed, x.NextReviewDate, x.SignedOffOn, x.Previous, x.PreviousSignedOffOn,
        };
        async Task<List<string>> Register(int org)
        {
            db.UseOrganisation(org);
            var all = await db.Risks.Include(x => x.Owner).Include(x => x.PortfolioHolder).ToListAsync();
            return all.OrderBy(x => x.Code, StringComparer.Ordinal).Select(x => JsonSerializer.Serialize(Row(x))).ToList();
        }
        (await Register(orgs["NEW"])).ShouldBe(await Register(orgs["CCC"]));
        db.UseOrganisation(orgs["NEW"]);
        (await db.RiskBands.SingleAsync(b => b.Name == "very high")).Colour.ShouldBe("#651b1b");
    }

    [Fact]
    public async Task Issue_12_the_browser_downloads_the_same_files_as_the_CLI()
    {
        var officer = await _site.As("officer@cambridgeshire.example");
        (await officer.Client.GetStringAsync("/manage/export/matrix")).ShouldBe((await Cli("export", "matrix", "--org", "CCC")).Out);
        (await officer.Client.GetStringAsync("/manage/export/risks")).ShouldBe((await Cli("export", "risks", "--org", "CCC", "--full")).Out);
    }

    [Fact]
    public async Task Issue_12_the_summary_export_keeps_its_columns_and_full_applies_only_to_risks()
    {
        var summary = await Cli("export", "risks", "--org", "DBC");
        summary.OutLines[0].ShouldBe("code,inherent_score,inherent_band,residual_score,residual_band,target_score,exception,target_band,prospects,residual_likelihood,residual_impact,register,owner,title");
        var wrong = await Cli("export", "indicators", "--org", "DBC", "--full");
        wrong.ExitCode.ShouldBe(2);
        wrong.Err.ShouldContain("--full does not apply to 'export indicators'");
    }

    [Fact]
    public async Task Issue_13_inconsistent_scores_import_with_a_warning_naming_the_risk_and_show_on_its_page()
    {
        var f = _files.Write("risks.csv", RiskHeader + "\n" +
            "CCC-T-01,Residual above inherent,Test/Cambridgeshire County Council,,,,treat,2,2,5,5,1,1,,amber\n" +
            "CCC-T-02,Target above residual,Test/Cambridgeshire County Council,,,,treat,4,4,2,2,3,3,,green\n" +
            "CCC-T-03,Consistent,Test/Cambridgeshire County Council,,,,treat,4,4,3,3,2,2,,green\n");
        var r = await Cli("import", "--org", "CCC", f);
        r.ExitCode.ShouldBe(0, r.Err);
        r.OutLines[1..].ShouldBe([
            $"warning: {f}:2: column residual_likelihood: risk CCC-T-01: the residual score 5×5 = 25 is above the inherent score 2×2 = 4",
            $"warning: {f}:3: column target_likelihood: risk CCC-T-02: the target score 3×3 = 9 is above the residual score 2×2 = 4",
        ]);

        int id;
        await using (var db = _site.Db.Open())
        {
            db.UseOrganisation((await db.Organisations.SingleAsync(o => o.Code == "CCC")).Id);
            id = (await db.Risks.SingleAsync(x => x.Code == "CCC-T-01")).Id;
        }
        var officer = await _site.As("officer@cambridgeshire.example");
        var (response, page) = await officer.GetAsync($"/risks/{id}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        page.QuerySelector(".steward-score-warning")!.TextContent.ShouldContain("Check the scores: the residual score 5×5 = 25 is above the inherent score 2×2 = 4.");
    }

    [Theory]
    [InlineData(null, null, null)]
    [InlineData("2,2", "5,5", "1,1")]
    [InlineData("4,4", "2,2", "3,3")]
    [InlineData("4,4", "4,4", "4,4")]
    [InlineData("3,4", "4,3", "2,6")]
    [InlineData(null, "5,5", "5,5")]
    public void Scores_are_inconsistent_when_residual_exceeds_inherent_or_target_exceeds_residual(string? inherent, string? residual, string? target)
    {
        static RiskScore? S(string? s) => s is null ? null : new RiskScore(int.Parse(s.Split(',')[0]), int.Parse(s.Split(',')[1]));
        var found = RiskRules.Inconsistencies(S(inherent), S(residual), S(target)).Select(x => x.Column).ToList();
        var expected = new List<string>();
        if (S(inherent) is { } i && S(residual) is { } r && r.Value > i.Value) expected.Add("residual_likelihood");
        if (S(residual) is { } r2 && S(target) is { } t && t.Value > r2.Value) expected.Add("target_likelihood");
        found.ShouldBe(expected);
    }

    [Fact]
    public async Task Issue_14_the_risk_file_takes_capitalised_words_like_the_matrix()
    {
        var f = _files.Write("risks.csv", RiskHeader + ",status\nCCC-T-04,Capitals,Test/Cambridgeshire County Council,,,,Treat,3,3,2,2,1,1,2019-03-31,Amber,Open\n");
        var m = _files.Write("matrix.csv", (await Cli("export", "matrix", "--org", "CCC")).Out.Replace(",red,", ",Red,"));
        var r = await Cli("import", "--org", "CCC", m, f);
        r.ExitCode.ShouldBe(0, r.Err);
        await using var db = _site.Db.Open();
        db.UseOrganisation((await db.Organisations.SingleAsync(o => o.Code == "CCC")).Id);
        var risk = await db.Risks.SingleAsync(x => x.Code == "CCC-T-04");
        (risk.Treatment, risk.Prospects, risk.Closed).ShouldBe((Treatment.Treat, Prospects.Amber, false));
    }

    [Fact]
    public async Task Issue_16_the_add_band_form_carries_its_antiforgery_token_and_colours_are_six_hex_digits()
    {
        var officer = await _site.As("officer@dacorum.example");
        const string form = "form[action='/manage/risk-matrix/addband']";
        var (spaced, page) = await officer.SubmitAsync("/manage/risk-matrix", new Dictionary<string, string> { ["BandName"] = "very high", ["BandColour"] = "#65 1b1" }, form);
        spaced.StatusCode.ShouldBe(HttpStatusCode.OK);
        page.QuerySelector("#band-colour-error")!.TextContent.ShouldContain("six hex digits");
        var (added, _) = await officer.SubmitAsync("/manage/risk-matrix", new Dictionary<string, string> { ["BandName"] = "very high", ["BandColour"] = "#651B1B" }, form);
        added.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await using var db = _site.Db.Open(_site.Dacorum);
        (await db.RiskBands.SingleAsync(b => b.Name == "very high")).Colour.ShouldBe("#651b1b");
    }

    [Theory]
    [InlineData("#651b1b", true)]
    [InlineData("#ABCDEF", true)]
    [InlineData("#65 1b1", false)]
    [InlineData("# 651b1", false)]
    [InlineData("#651b1 ", false)]
    [InlineData("#+651b1", false)]
    [InlineData("651b1b", false)]
    [InlineData("#651b1g", false)]
    public void Band_colours_are_a_hash_and_six_hex_digits(string colour, bool ok) =>
        BandStyles.TryParse(colour, out _, out _, out _).ShouldBe(ok);
}
