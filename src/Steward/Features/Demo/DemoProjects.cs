using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Organisations;
using Steward.Features.Projects;

namespace Steward.Features.Demo;

/// <summary>
/// Norfolk's Social Care System Replacement programme as the Digital Innovation and Efficiency Committee read it on
/// 8 November 2017 (seed 004, "New Social Care System"): capital funding of £7.926m and revenue of £0.150m (2015-16)
/// and £2.271m (2016-17 to 2018-19) agreed by Policy and Resources Committee on 8 February 2016 with go-live by April
/// 2018; after the contract was awarded to Liquidlogic on 31 August 2016, Adults by the end of November 2017 and
/// Children's Services by the end of March 2018; "forecast to be on budget"; go-live the week of 20 November after
/// five Programme Board Go / No Go gates. The re-baseline's approval on the day of the award, the months of the
/// highlight reports and their RAGs are read from the report's words (assumptions, listed in the README). The demo
/// updater manages the project and the demo approver sponsors it, so the demo logins can run its monthly cycle; the
/// report's responsible chief officer, James Bullion, is named in the description.
/// </summary>
public static class DemoProjects
{
    /// <summary>Adds Norfolk's programme, project, baselines and highlight reports to <paramref name="org"/>, managed by <paramref name="manager"/> and sponsored by <paramref name="sponsor"/>.</summary>
    public static async Task LoadNorfolkAsync(StewardDb db, Organisation org, Person manager, Person sponsor, CancellationToken ct)
    {
        var directorate = await db.Directorates.SingleOrDefaultAsync(d => d.Name == "Adult Social Services", ct)
                          ?? db.Directorates.Add(new Directorate { Name = "Adult Social Services" }).Entity;
        var programme = db.Programmes.Add(new Programme
        {
            Code = "SCSR", CodeKey = "SCSR", Name = "Social Care System Replacement", Board = "SCSR Programme Board", Directorate = directorate,
        }).Entity;
        var project = db.Projects.Add(new Project
        {
            Code = "SCSR-01", CodeKey = "SCSR-01", Name = "Replace CareFirst with Liquidlogic and ContrOCC", Programme = programme, Directorate = directorate,
            Sponsor = sponsor, Manager = manager, Stage = ProjectStage.Delivery, Priorities = "Digital Innovation and Efficiency",
            Description = "Procure and implement a social care information system that meets current and future business requirements: " +
                          "the Liquidlogic Adults System and ContrOCC finance for Adult Social Care, then the Liquidlogic Children's System for Children's Services. " +
                          "Responsible chief officer: James Bullion, Executive Director of Adult Social Services.",
        }).Entity;
        project.Baselines.Add(new ProjectBaseline
        {
            Number = 1, Start = new DateOnly(2016, 2, 8), End = new DateOnly(2018, 4, 30), CapitalBudget = 7_926_000m, RevenueBudget = 2_421_000m,
            ApprovedBy = "Policy and Resources Committee", ApprovedOn = new DateOnly(2016, 2, 8),
            Milestones =
            [
                new BaselineMilestone { Name = "Requirements specification agreed", Date = new DateOnly(2016, 3, 31) },
                new BaselineMilestone { Name = "Solution and supplier selected", Date = new DateOnly(2016, 10, 31) },
                new BaselineMilestone { Name = "Go live", Date = new DateOnly(2018, 4, 30) },
            ],
        });
        var awarded = new BaselineMilestone { Name = "Contract awarded to Liquidlogic", Date = new DateOnly(2016, 8, 31) };
        var adults = new BaselineMilestone { Name = "Adults and ContrOCC live", Date = new DateOnly(2017, 11, 30) };
        var children = new BaselineMilestone { Name = "Children's Services and ContrOCC live", Date = new DateOnly(2018, 3, 31) };
        project.Baselines.Add(new ProjectBaseline
        {
            Number = 2, Start = new DateOnly(2016, 2, 8), End = new DateOnly(2018, 3, 31), CapitalBudget = 7_926_000m, RevenueBudget = 2_421_000m,
            Reason = "Contract awarded to Liquidlogic on 31 August 2016: Adults and ContrOCC live by the end of November 2017, Children's Services by the end of March 2018.",
            ApprovedBy = "SCSR Programme Board", ApprovedOn = new DateOnly(2016, 8, 31),
            Milestones = [awarded, adults, children],
        });
        // Each report gives the contract award's actual date and the Adults go-live the week of 20 November.
        List<MilestoneProgress> Progress() =>
        [
            new MilestoneProgress { Milestone = awarded, Actual = new DateOnly(2016, 8, 31) },
            new MilestoneProgress { Milestone = adults, Forecast = new DateOnly(2017, 11, 20) },
        ];
        db.HighlightReports.Add(new HighlightReport
        {
            Project = project, Period = new Period(2017, 9), Status = ApprovalStatus.Approved, ApprovedBy = "approver@norfolk.example",
            Overall = Rag.Green, OverallReason = "Round 4 of user acceptance testing complete; live testing under way.",
            Time = Rag.Green, TimeReason = "Adults go-live planned for the week commencing 20 November 2017.",
            Cost = Rag.Green, CostReason = "Forecast to be on budget.",
            Scope = Rag.Green, Quality = Rag.Green,
            ForecastEnd = new DateOnly(2018, 3, 31), ForecastCost = 10_347_000m,
            NextPeriod = "Live testing; the third round of Children's testing from 30 October for three weeks.",
            Milestones = Progress(),
        });
        db.HighlightReports.Add(new HighlightReport
        {
            Project = project, Period = new Period(2017, 10), Status = ApprovalStatus.Approved, ApprovedBy = "approver@norfolk.example",
            Overall = Rag.Green, OverallReason = "Preparations for go live are on target and there are no show stopping issues.",
            Time = Rag.Green, TimeReason = "The final Go / No Go gate is on 20 November 2017.",
            Cost = Rag.Green, CostReason = "The project overall continues to be forecast to be on budget.",
            Scope = Rag.Amber, ScopeReason = "The Briefcase function will not be available from go live, delaying the ability to work offline.",
            Quality = Rag.Amber, QualityReason = "Briefcase offline working performance needs to be improved on NCC infrastructure if it is to be usable.",
            ForecastEnd = new DateOnly(2018, 3, 31), ForecastCost = 10_347_000m,
            Issues = "The secondary network link from the disaster recovery site at the Millennium Library is due to be connected by System C by the end of October.",
            Decisions = "Go / No Go for Adults go-live at the final Programme Board gate on 20 November 2017.",
            NextPeriod = "Adults and ContrOCC go live the week commencing 20 November 2017; Children's testing round 3 completes.",
            Milestones = Progress(),
        });
        // Two of the benefits the report lists (section 3.2); it gives no figures, so none are set.
        db.ProjectBenefits.Add(new ProjectBenefit
        {
            Project = project, Description = "Time savings through reduced administrative and data input time for front line social care staff in Adult Social Services and Children's Services",
            Measure = "Practitioner hours a week spent on administration and data input",
        });
        db.ProjectBenefits.Add(new ProjectBenefit { Project = project, Description = "Reduction in annual application support costs", Measure = "Annual application support cost (£)" });
        // The last of the five Programme Board gates, with the criteria the report names (of its 94) as they stood on
        // 8 November 2017.
        db.ProjectGates.Add(new ProjectGate
        {
            Project = project, Number = 5, Name = "Go / No Go: Adults and ContrOCC go live", Planned = new DateOnly(2017, 11, 20),
            Criteria =
            [
                new GateCriterion { Description = "User acceptance testing round 4 passed, with the primary network link to the hosting site", Owner = "Senior Project Manager (Adults)", Status = CriterionStatus.Met, Evidence = "UAT round 4 report" },
                new GateCriterion { Description = "Training delivered: e-learning, finance champions, and Liquidlogic floor walkers for two weeks after go live", Owner = "Senior Project Manager (Adults)", Status = CriterionStatus.Met },
                new GateCriterion { Description = "Secondary network link from the disaster recovery site connected", Owner = "Head of IMT", Status = CriterionStatus.NotMet },
                new GateCriterion { Description = "Briefcase (offline) working usable on NCC infrastructure", Owner = "Head of IMT", Status = CriterionStatus.Waived,
                    WaiverReason = "Not available from go live, delaying offline working; NCC and Liquidlogic are diagnosing its performance." },
                new GateCriterion { Description = "A full dry run completed and contingency plans in place", Owner = "Senior Project Manager (Adults)" },
            ],
        });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Adds Dacorum's Digital Dacorum programme to <paramref name="org"/> as its Finance and Resources Overview and
    /// Scrutiny Committee read it in 2017/18 (seeds 000 and 001, risk PP_R011 "Failure to deliver Digital Dacorum" and
    /// its Technology &amp; Digital Transformation Strategy): the technology refresh, its roll-out planned to begin in
    /// the autumn with a third of replacements by March 2018, then (after the tender closed) beginning in February; the
    /// applications upgrades (Strand, Agresso, Accolaid); and the new CRM system the Web Team leads, not yet baselined.
    /// The papers give no budgets or approval dates: those are assumptions, listed in the README.
    /// </summary>
    public static async Task LoadDacorumAsync(StewardDb db, Organisation org, Person manager, Person sponsor, CancellationToken ct)
    {
        var directorate = await db.Directorates.SingleAsync(d => d.Name == "Finance & Resources", ct);
        var programme = db.Programmes.Add(new Programme
        {
            Code = "DD", CodeKey = "DD", Name = "Digital Dacorum", Board = "Technology Strategy Board", Directorate = directorate,
        }).Entity;
        Project Add(string code, string name, ProjectStage stage, string description) => db.Projects.Add(new Project
        {
            Code = code, CodeKey = code, Name = name, Programme = programme, Directorate = directorate, Sponsor = sponsor, Manager = manager, Stage = stage,
            Priorities = "Dacorum Delivers - Performance excellence", Description = description,
        }).Entity;

        var refresh = Add("DD-01", "Technology refresh: new PCs, Skype for Business, Direct Access and mobile devices", ProjectStage.Delivery,
            "Replace current PCs, implementing Skype for Business and Direct Access, and introduce suitable mobile devices for field officers, " +
            "under the Council's Technology & Digital Transformation Strategy.");
        var rollOut = new BaselineMilestone { Name = "Roll-out of the new technology begins", Date = new DateOnly(2017, 10, 31) };
        var third = new BaselineMilestone { Name = "One third of replacements completed", Date = new DateOnly(2018, 3, 31) };
        refresh.Baselines.Add(new ProjectBaseline
        {
            Number = 1, Start = new DateOnly(2017, 6, 1), End = new DateOnly(2018, 12, 31), CapitalBudget = 600_000m, RevenueBudget = 40_000m,
            ApprovedBy = "Technology Strategy Board", ApprovedOn = new DateOnly(2017, 6, 30), Milestones = [rollOut, third],
        });
        db.HighlightReports.Add(new HighlightReport
        {
            Project = refresh, Period = new Period(2017, 9), Status = ApprovalStatus.Approved, ApprovedBy = "approver@dacorum.example",
            Overall = Rag.Green, OverallReason = "Roll-out of the new technology will begin in the autumn with one third of replacements to be completed by March 2018.",
            Time = Rag.Green, Cost = Rag.Green, Scope = Rag.Green, Quality = Rag.Green,
            ForecastEnd = new DateOnly(2018, 12, 31), ForecastCost = 640_000m,
            NextPeriod = "Close the tender for the new devices.",
            Milestones = [new MilestoneProgress { Milestone = rollOut, Forecast = new DateOnly(2017, 10, 31) }],
        });
        db.HighlightReports.Add(new HighlightReport
        {
            Project = refresh, Period = new Period(2017, 12), Status = ApprovalStatus.Approved, ApprovedBy = "approver@dacorum.example",
            Overall = Rag.Amber, OverallReason = "The tender process has closed and roll-out will begin in February, not the autumn.",
            Time = Rag.Amber, TimeReason = "Roll-out begins in February 2018; a third of replacements by March 2018 is at risk.",
            Cost = Rag.Green, Scope = Rag.Green, Quality = Rag.Green,
            ForecastEnd = new DateOnly(2019, 2, 28), ForecastCost = 640_000m,
            Decisions = "Agree the revised roll-out plan at the Technology Strategy Board.",
            NextPeriod = "Begin the roll-out in February.",
            Milestones =
            [
                new MilestoneProgress { Milestone = rollOut, Forecast = new DateOnly(2018, 2, 5) },
                new MilestoneProgress { Milestone = third, Forecast = new DateOnly(2018, 5, 31) },
            ],
        });

        var applications = Add("DD-02", "Applications Roadmap: upgrade the elections, finance and planning systems", ProjectStage.Delivery,
            "Upgrade the elections system (Strand), the Finance System (Agresso) and the Planning System (Accolaid) under the new Applications Roadmap.");
        applications.Baselines.Add(new ProjectBaseline
        {
            Number = 1, Start = new DateOnly(2017, 10, 1), End = new DateOnly(2018, 9, 30), CapitalBudget = 150_000m, RevenueBudget = 60_000m,
            ApprovedBy = "Technology Strategy Board", ApprovedOn = new DateOnly(2017, 9, 29),
            Milestones = [new BaselineMilestone { Name = "Applications Roadmap launched", Date = new DateOnly(2017, 12, 31) }],
        });
        db.HighlightReports.Add(new HighlightReport
        {
            Project = applications, Period = new Period(2017, 12), Status = ApprovalStatus.Approved, ApprovedBy = "approver@dacorum.example",
            Overall = Rag.Green, OverallReason = "The new Applications Roadmap is being launched and work continues to upgrade Strand, Agresso and Accolaid.",
            Time = Rag.Green, Cost = Rag.Green, Scope = Rag.Green, Quality = Rag.Green,
            ForecastEnd = new DateOnly(2018, 9, 30), ForecastCost = 210_000m,
            NextPeriod = "Explore software and infrastructure as a service for future applications.",
        });

        var crm = Add("DD-03", "New CRM system", ProjectStage.Initiation,
            "The Web Team leads the implementation of a new customer relationship management system; two new developers are being recruited.");
        db.HighlightReports.Add(new HighlightReport
        {
            Project = crm, Period = new Period(2017, 12), Status = ApprovalStatus.Submitted, SubmittedBy = "updater@dacorum.example", SubmittedAt = new DateTime(2018, 1, 8, 9, 0, 0, DateTimeKind.Utc),
            Overall = Rag.Amber, OverallReason = "Not yet baselined: the developer who assists the Web Team is being recruited.",
            Time = Rag.Amber, TimeReason = "The plan waits on the new developer.", Cost = Rag.Green, Scope = Rag.Green, Quality = Rag.Green,
            Decisions = "Approve the CRM business case and baseline at the Technology Strategy Board.",
        });
        // The December report's decision needed, as a change request awaiting the board; the CRM system planned under the roadmap.
        db.ChangeRequests.Add(new ChangeRequest
        {
            Project = refresh, Number = 1, Title = "Begin the roll-out in February 2018, after the tender",
            Description = "The tender process has closed; roll-out of the new technology begins in February rather than the autumn.",
            RaisedOn = new DateOnly(2018, 1, 8), RaisedBy = "updater@dacorum.example", TimeImpactDays = 97, Status = ChangeStatus.Proposed,
        });
        db.ProjectDependencies.Add(new ProjectDependency
        {
            Project = crm, DependsOn = applications, Description = "The CRM system is planned and supported under the new Applications Roadmap.",
        });
        await db.SaveChangesAsync(ct);
    }
}
