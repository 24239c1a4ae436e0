using Steward.Cli;
using Steward.Common;

namespace Steward.Features.Import;

public static class ImportCommands
{
    public static readonly Verb Import = new("import", "--org CODE FILE.csv [FILE.csv…]",
        "Import indicators, results and targets, the risk matrix, risks, programmes and projects, budgets and reserves from CSV files.", ["org"],
        """
        The kind of each file is recognised from its header (columns by name, any order, any case):
          indicators  code,name,polarity,unit,frequency,info_only,amber_tolerance
                      optional: service,theme,lead_officer,data_owner,description,decimals,cumulative,
                      multiplier,first_period
          results     code,period,value   optional: numerator,denominator,target,comment
          targets     code,financial_year,target   (a year's target, 2017/18: for each period without its own)
          matrix      likelihood,impact,band   optional: likelihood_label,impact_label,band_colour
          risks       code,title,register,category,owner,portfolio_holder,treatment,
                      inherent_likelihood,inherent_impact,residual_likelihood,residual_impact,
                      target_likelihood,target_impact,target_date,prospects
                      optional: description,consequences,triggers,likelihood_factors,
                      corporate_priority,next_review,status,exempt_paragraph
          programmes  code,name,board   optional: directorate
          projects    code,name,stage   optional: programme (its code or name),directorate,sponsor,
                      project_manager,description,priorities,baseline_start,baseline_end,
                      capital_budget,revenue_budget,baseline_approved_by,baseline_approved_on
          milestones  project,milestone,date   (key milestones of the baseline the same call records)
          highlight reports
                      project,period,overall_rag,time_rag,cost_rag,scope_rag,quality_rag
                      optional: overall_reason,time_reason,cost_reason,scope_reason,quality_reason,
                      forecast_end,forecast_cost,issues,decisions,next_period
          milestone dates
                      project,period,milestone   optional: forecast,actual
          budget lines
                      committee,service,line,kind,period,budget,forecast   optional: actual,variance,commentary
          reserves    committee,reserve,period,opening,forecast_closing   optional: change
        A project's baseline is recorded once: a file may give a project without one its first baseline
        (and its milestones), or repeat the one in force unchanged; a different plan is a re-baseline,
        recorded with its reason on the project's baseline page. A highlight report row is the whole
        report (a column left out is blank); reports are stored approved, by the --user identity.
        Budget figures are a month's (2017-09 is P6); committee is a committee's code or name; money is
        signed pounds and pence (-47000.00); a month's figures replace that month's only.
        All files are one transaction (matrix, indicators, results, risks, projects, budgets): any error and nothing is
        written. Results files are read twice (to check every row, then to write them): one that changes
        in between is an error. Each error is one line on stderr: FILE:LINE: column NAME: message. Exit code 1.
        Results imported here are stored approved, by the --user identity. Risks whose scores
        contradict each other (residual above inherent, target above residual) are imported with a
        "warning:" line each after the summary. An import that loses to another change saved at the
        same time writes nothing and exits 1: run it again.
        """, RunAsync);

    private static async Task<int> RunAsync(CliContext ctx, CommandLine line)
    {
        if (line.Words.Count == 0) throw new UsageException("give at least one FILE.csv");
        var files = new List<ImportFile>();
        foreach (var path in line.Words)
        {
            if (!File.Exists(path)) throw new BadDataException($"{path}: no such file");
            files.Add(ImportFile.FromPath(path));
        }
        var (db, org) = await ctx.OpenForOrganisationAsync(line);
        await using (db)
        {
            var outcome = await CsvImport.RunAsync(db, org, files);
            if (outcome.Conflict is { } conflict)
            {
                await ctx.Err.WriteLineAsync($"steward import: {conflict}.");
                return ExitCode.BadData;
            }
            if (!outcome.Succeeded)
            {
                foreach (var e in outcome.Errors) await ctx.Err.WriteLineAsync(e.ToString());
                await ctx.Err.WriteLineAsync($"Nothing was imported: {outcome.Errors.Count} error(s).");
                return ExitCode.BadData;
            }
            await ctx.Out.WriteLineAsync($"Imported {files.Count} file(s) into {org.Code}: {outcome.Counts!.Describe()}.");
            foreach (var w in outcome.Warnings) await ctx.Out.WriteLineAsync($"warning: {w}");
            return ExitCode.Success;
        }
    }
}
