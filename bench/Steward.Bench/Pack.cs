using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Indicators;
using Steward.Features.Reports;

namespace Steward.Bench;

/// <summary>
/// Times the quarterly pack of one council in one format, in this process: the first pack (building the document
/// model from the database and rendering it, as the first request after the app starts would) and the median of five
/// more, with the process's peak working set. One process per format, so each format's memory is its own.
/// </summary>
internal static class Pack
{
    public static async Task<int> RunAsync(string database, string orgCode, string format)
    {
        var target = DatabaseTarget.Resolve(database);
        await using var db = target.Open();
        var org = await db.Organisations.SingleAsync(o => o.Code == orgCode);
        db.UseOrganisation(org.Id);
        var reporting = await Performance.ReportingPeriodAsync(db, org) ?? throw new InvalidOperationException("the council has no reporting period");
        var quarter = DueResults.LastEnding(reporting, Frequency.Quarterly);
        var request = new PackRequest(null, quarter, PublicVersion: false, org.Today(TimeProvider.System));

        async Task<(long Bytes, int Indicators, int Risks)> OnceAsync()
        {
            var pack = await PackBuilder.BuildAsync(db, org, request);
            var bytes = format switch
            {
                "html" => System.Text.Encoding.UTF8.GetByteCount(PackHtml.Render(pack)),
                "docx" => PackWord.Render(pack).Length,
                "pdf" => PackPdf.Render(pack).Length,
                _ => throw new ArgumentException($"no format {format}: html, docx or pdf"),
            };
            var indicators = pack.Sections.Single(s => s.Title == "Performance by theme").Blocks.OfType<PackTable>().Sum(t => t.Rows.Count);
            var risks = pack.Sections.Single(s => s.Title == "Risks").Blocks.Count(b => b is PackHeading or PackExempt);
            return (bytes, indicators, risks);
        }

        var clock = Stopwatch.StartNew();
        var (size, shown, risksShown) = await OnceAsync();
        var first = clock.Elapsed.TotalMilliseconds;
        var times = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            db.ChangeTracker.Clear();
            clock.Restart();
            await OnceAsync();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        using var process = Process.GetCurrentProcess();
        // format, indicators, risks, bytes, first ms, median ms, peak MiB
        Console.WriteLine($"{format} {shown} {risksShown} {size} {first:0} {times[2]:0} {process.PeakWorkingSet64 / 1048576}");
        return 0;
    }
}
