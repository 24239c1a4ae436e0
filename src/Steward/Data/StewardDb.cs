using System.Linq.Expressions;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Steward.Domain;
using Steward.Features.Accounts;
using Steward.Features.Committees;
using Steward.Features.Indicators;
using Steward.Features.Notices;
using Steward.Features.Organisations;
using Steward.Features.Projects;
using Steward.Features.Reports;
using Steward.Features.Risks;

namespace Steward.Data;

/// <summary>
/// The one DbContext. Every organisation-owned row is filtered to <see cref="OrganisationId"/> and every
/// write is checked against it; every change is written to the audit log in the same transaction.
/// Provider-specific subclasses exist only to carry their own migrations. It also holds the data-protection key ring
/// (<see cref="DataProtectionKeys"/>), shared by every app server on the database and kept out of the audit log.
/// </summary>
public class StewardDb : DbContext, IDataProtectionKeyContext
{
    protected StewardDb(DbContextOptions options) : base(options) { }

    /// <summary>The organisation this unit of work acts for. 0 = none: organisation-owned rows are invisible.</summary>
    public int OrganisationId { get; private set; }

    /// <summary>Who is acting, for the audit log.</summary>
    public string Actor { get; set; } = "system";

    /// <summary>web, api, cli or system.</summary>
    public string Channel { get; set; } = "system";

    /// <summary>When true (bulk imports), rows added are not audited one by one: the import writes one entry for them. Changes to existing rows still are.</summary>
    public bool AuditAddedRowsInBulk { get; set; }

    public void UseOrganisation(int organisationId) => OrganisationId = organisationId;

    public DbSet<Organisation> Organisations => Set<Organisation>();
    public DbSet<Directorate> Directorates => Set<Directorate>();
    public DbSet<Service> Services => Set<Service>();
    public DbSet<Theme> Themes => Set<Theme>();
    public DbSet<Person> People => Set<Person>();
    public DbSet<Account> Accounts => Set<Account>();
    public DbSet<Membership> Memberships => Set<Membership>();
    public DbSet<Indicator> Indicators => Set<Indicator>();
    public DbSet<Target> Targets => Set<Target>();
    public DbSet<AnnualTarget> AnnualTargets => Set<AnnualTarget>();
    public DbSet<Result> Results => Set<Result>();
    public DbSet<Assignment> Assignments => Set<Assignment>();
    public DbSet<IndicatorAction> IndicatorActions => Set<IndicatorAction>();
    public DbSet<ClosureDay> ClosureDays => Set<ClosureDay>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<SignInSession> SignInSessions => Set<SignInSession>();
    public DbSet<SignInThrottle> SignInThrottles => Set<SignInThrottle>();
    public DbSet<AccountLink> AccountLinks => Set<AccountLink>();
    public DbSet<RecoveryCode> RecoveryCodes => Set<RecoveryCode>();
    public DbSet<RiskBand> RiskBands => Set<RiskBand>();
    public DbSet<RiskLevel> RiskLevels => Set<RiskLevel>();
    public DbSet<RiskMatrixCell> RiskMatrixCells => Set<RiskMatrixCell>();
    public DbSet<RiskRegister> RiskRegisters => Set<RiskRegister>();
    public DbSet<Risk> Risks => Set<Risk>();
    public DbSet<RiskControl> RiskControls => Set<RiskControl>();
    public DbSet<RiskAssurance> RiskAssurances => Set<RiskAssurance>();
    public DbSet<RiskAction> RiskActions => Set<RiskAction>();
    public DbSet<RiskReview> RiskReviews => Set<RiskReview>();
    public DbSet<RiskAssignment> RiskAssignments => Set<RiskAssignment>();
    public DbSet<Committee> Committees => Set<Committee>();
    public DbSet<CommitteeMember> CommitteeMembers => Set<CommitteeMember>();
    public DbSet<CommitteeService> CommitteeServices => Set<CommitteeService>();
    public DbSet<CommitteeTheme> CommitteeThemes => Set<CommitteeTheme>();
    public DbSet<CommitteeRegister> CommitteeRegisters => Set<CommitteeRegister>();
    public DbSet<Meeting> Meetings => Set<Meeting>();
    public DbSet<WorkProgrammeItem> WorkProgrammeItems => Set<WorkProgrammeItem>();
    public DbSet<FollowUpAction> FollowUpActions => Set<FollowUpAction>();
    public DbSet<IssuedPack> IssuedPacks => Set<IssuedPack>();
    public DbSet<IssuedPackFile> IssuedPackFiles => Set<IssuedPackFile>();
    public DbSet<PackDraft> PackDrafts => Set<PackDraft>();
    public DbSet<PackText> PackTexts => Set<PackText>();
    public DbSet<Notice> Notices => Set<Notice>();
    public DbSet<NoticePreference> NoticePreferences => Set<NoticePreference>();
    public DbSet<JobLease> JobLeases => Set<JobLease>();
    public DbSet<Programme> Programmes => Set<Programme>();
    public DbSet<Project> Projects => Set<Project>();
    public DbSet<ProjectBaseline> ProjectBaselines => Set<ProjectBaseline>();
    public DbSet<BaselineMilestone> BaselineMilestones => Set<BaselineMilestone>();
    public DbSet<HighlightReport> HighlightReports => Set<HighlightReport>();
    public DbSet<MilestoneProgress> MilestoneProgress => Set<MilestoneProgress>();
    public DbSet<ChangeRequest> ChangeRequests => Set<ChangeRequest>();
    public DbSet<ProjectDependency> ProjectDependencies => Set<ProjectDependency>();
    public DbSet<ProjectClosure> ProjectClosures => Set<ProjectClosure>();
    public DbSet<ProjectBenefit> ProjectBenefits => Set<ProjectBenefit>();
    public DbSet<BenefitMeasurement> BenefitMeasurements => Set<BenefitMeasurement>();
    public DbSet<ProjectGate> ProjectGates => Set<ProjectGate>();
    public DbSet<GateCriterion> GateCriteria => Set<GateCriterion>();
    public DbSet<GateDecision> GateDecisions => Set<GateDecision>();
    public DbSet<Features.Finance.BudgetLine> BudgetLines => Set<Features.Finance.BudgetLine>();
    public DbSet<Features.Finance.BudgetForecast> BudgetForecasts => Set<Features.Finance.BudgetForecast>();
    public DbSet<Features.Finance.Saving> Savings => Set<Features.Finance.Saving>();
    public DbSet<Features.Finance.SavingForecast> SavingForecasts => Set<Features.Finance.SavingForecast>();
    public DbSet<Features.Finance.CapitalScheme> CapitalSchemes => Set<Features.Finance.CapitalScheme>();
    public DbSet<Features.Finance.CapitalProfile> CapitalProfiles => Set<Features.Finance.CapitalProfile>();
    public DbSet<Features.Finance.IndicatorBudgetLink> IndicatorBudgetLinks => Set<Features.Finance.IndicatorBudgetLink>();
    public DbSet<Features.Finance.Reserve> Reserves => Set<Features.Finance.Reserve>();
    public DbSet<Features.Finance.ReserveForecast> ReserveForecasts => Set<Features.Finance.ReserveForecast>();
    public DbSet<Features.Complaints.Complaint> Complaints => Set<Features.Complaints.Complaint>();
    public DbSet<Features.Complaints.ComplaintStageRecord> ComplaintStages => Set<Features.Complaints.ComplaintStageRecord>();
    public DbSet<Features.Complaints.SelfAssessment> ComplaintSelfAssessments => Set<Features.Complaints.SelfAssessment>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();

    /// <summary>
    /// ASP.NET Core's data-protection keys (see <see cref="Web.SharedKeys"/>): global, not organisation-owned, written by the
    /// framework itself and never audited (an entry would hold the key material).
    /// </summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configuration)
    {
        configuration.Properties<Period>().HaveConversion<PeriodConverter>();
        configuration.Properties<Frequency>().HaveConversion<string>().HaveMaxLength(16);
        configuration.Properties<Unit>().HaveConversion<string>().HaveMaxLength(16);
        configuration.Properties<Polarity>().HaveConversion<string>().HaveMaxLength(16);
        configuration.Properties<ApprovalStatus>().HaveConversion<string>().HaveMaxLength(16);
        configuration.Properties<AssignmentRole>().HaveConversion<string>().HaveMaxLength(16);
        configuration.Properties<ActionStatus>().HaveConversion<string>().HaveMaxLength(16);
        configuration.Properties<Prospects>().HaveConversion<string>().HaveMaxLength(16);
        configuration.Properties<Treatment>().HaveConversion<string>().HaveMaxLength(16);
        configuration.Properties<ControlAdequacy>().HaveConversion<string>().HaveMaxLength(16);
        configuration.Properties<RiskAxis>().HaveConversion<string>().HaveMaxLength(16);
        configuration.Properties<RiskActionStatus>().HaveConversion<string>().HaveMaxLength(16);
        configuration.Properties<RiskRole>().HaveConversion<string>().HaveMaxLength(16);
        configuration.Properties<MemberRole>().HaveConversion<string>().HaveMaxLength(16);
        configuration.Properties<ItemStatus>().HaveConversion<string>().HaveMaxLength(16);
        configuration.Properties<StandardAction>().HaveConversion<string>().HaveMaxLength(40);
        configuration.Properties<FollowUpStatus>().HaveConversion<string>().HaveMaxLength(16);
        configuration.Properties<ProjectStage>().HaveConversion<string>().HaveMaxLength(16);
        configuration.Properties<CriterionStatus>().HaveConversion<string>().HaveMaxLength(16);
        configuration.Properties<GateDecisionKind>().HaveConversion<string>().HaveMaxLength(16);
        configuration.Properties<Rag>().HaveConversion<string>().HaveMaxLength(8);
        configuration.Properties<NoticeKind>().HaveConversion<string>().HaveMaxLength(24);
        configuration.Properties<NoticeDelivery>().HaveConversion<string>().HaveMaxLength(16);
        configuration.Properties<NoticeEmail>().HaveConversion<string>().HaveMaxLength(16);
    }

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.Entity<Organisation>(e =>
        {
            e.HasIndex(x => x.Code).IsUnique();
            e.Property(x => x.Code).HasMaxLength(32);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.GssCode).HasMaxLength(9);
            e.Property(x => x.Version).IsConcurrencyToken();
        });
        b.Entity<Directorate>(e => e.HasIndex(x => new { x.OrganisationId, x.Name }).IsUnique());
        b.Entity<Service>(e => e.HasIndex(x => new { x.OrganisationId, x.Name }).IsUnique());
        b.Entity<Theme>(e => e.HasIndex(x => new { x.OrganisationId, x.Name }).IsUnique());
        b.Entity<Person>(e => e.HasIndex(x => new { x.OrganisationId, x.Name }).IsUnique());
        b.Entity<Account>(e =>
        {
            e.HasIndex(x => x.NormalisedEmail).IsUnique();
            e.Property(x => x.Email).HasMaxLength(254);
            e.Property(x => x.NormalisedEmail).HasMaxLength(254);
        });
        b.Entity<Membership>(e =>
        {
            e.HasIndex(x => new { x.AccountId, x.OrganisationId }).IsUnique();
            e.HasOne(x => x.Account).WithMany(x => x.Memberships).HasForeignKey(x => x.AccountId);
        });
        b.Entity<Indicator>(e =>
        {
            e.HasIndex(x => new { x.OrganisationId, x.CodeKey }).IsUnique();
            e.Property(x => x.Code).HasMaxLength(64);
            e.Property(x => x.CodeKey).HasMaxLength(64);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasOne(x => x.LeadOfficer).WithMany().HasForeignKey(x => x.LeadOfficerId).OnDelete(DeleteBehavior.SetNull);
            e.HasOne(x => x.DataOwner).WithMany().HasForeignKey(x => x.DataOwnerId).OnDelete(DeleteBehavior.SetNull);
            e.HasOne(x => x.Service).WithMany().HasForeignKey(x => x.ServiceId).OnDelete(DeleteBehavior.SetNull);
            e.HasOne(x => x.Theme).WithMany().HasForeignKey(x => x.ThemeId).OnDelete(DeleteBehavior.SetNull);
        });
        // Child rows read by a list of parent ids are indexed on the tenant first (ADR 13, ADR 31): with the tenant filter's
        // equality and the parent's, SQLite picks them over the tenant's own index even before ANALYZE has run.
        b.Entity<Target>(e =>
        {
            e.HasIndex(x => new { x.IndicatorId, x.Period }).IsUnique();
            e.HasIndex(x => new { x.OrganisationId, x.IndicatorId, x.Period });
        });
        b.Entity<AnnualTarget>(e =>
        {
            e.HasIndex(x => new { x.IndicatorId, x.FinancialYear }).IsUnique();
            e.HasIndex(x => new { x.OrganisationId, x.IndicatorId, x.FinancialYear });
        });
        b.Entity<Result>(e =>
        {
            e.HasIndex(x => new { x.IndicatorId, x.Period }).IsUnique();
            // The latest approved period of the council, and of each indicator, are seeks to the end of these. Both lead
            // with more equal columns than any other index, so SQLite picks them even before it has statistics.
            e.HasIndex(x => new { x.OrganisationId, x.Status, x.Period });
            e.HasIndex(x => new { x.OrganisationId, x.IndicatorId, x.Status, x.Period });
            e.Property(x => x.Version).IsConcurrencyToken();
        });
        b.Entity<Assignment>(e =>
        {
            e.HasIndex(x => new { x.IndicatorId, x.PersonId, x.Role }).IsUnique();
            e.HasOne(x => x.Indicator).WithMany(x => x.Assignments).HasForeignKey(x => x.IndicatorId);
        });
        b.Entity<IndicatorAction>(e => e.Property(x => x.Version).IsConcurrencyToken());
        b.Entity<ClosureDay>(e => e.HasIndex(x => new { x.OrganisationId, x.Date }).IsUnique());
        b.Entity<ApiToken>(e => e.HasIndex(x => x.Hash).IsUnique());
        b.Entity<RiskBand>(e => e.HasIndex(x => new { x.OrganisationId, x.Name }).IsUnique());
        b.Entity<RiskLevel>(e => e.HasIndex(x => new { x.OrganisationId, x.Axis, x.Level }).IsUnique());
        b.Entity<RiskMatrixCell>(e =>
        {
            e.HasIndex(x => new { x.OrganisationId, x.Likelihood, x.Impact }).IsUnique();
            e.HasOne(x => x.Band).WithMany().HasForeignKey(x => x.BandId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<RiskRegister>(e =>
        {
            e.HasIndex(x => new { x.OrganisationId, x.ParentId, x.Name }).IsUnique();
            e.HasOne(x => x.Parent).WithMany().HasForeignKey(x => x.ParentId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<Risk>(e =>
        {
            e.HasIndex(x => new { x.OrganisationId, x.CodeKey }).IsUnique();
            e.Property(x => x.Code).HasMaxLength(64);
            e.Property(x => x.CodeKey).HasMaxLength(64);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasOne(x => x.Register).WithMany().HasForeignKey(x => x.RegisterId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(x => x.Owner).WithMany().HasForeignKey(x => x.OwnerId).OnDelete(DeleteBehavior.SetNull);
            e.HasOne(x => x.PortfolioHolder).WithMany().HasForeignKey(x => x.PortfolioHolderId).OnDelete(DeleteBehavior.SetNull);
        });
        b.Entity<RiskControl>(e =>
        {
            e.HasOne(x => x.Risk).WithMany(x => x.Controls).HasForeignKey(x => x.RiskId);
            e.HasIndex(x => new { x.OrganisationId, x.RiskId });
        });
        b.Entity<RiskAssurance>(e =>
        {
            e.HasIndex(x => new { x.OrganisationId, x.RiskId });
            e.HasIndex(x => new { x.OrganisationId, x.IndicatorId });
            e.HasOne(x => x.Risk).WithMany(x => x.Assurances).HasForeignKey(x => x.RiskId);
            e.HasOne(x => x.Indicator).WithMany().HasForeignKey(x => x.IndicatorId).OnDelete(DeleteBehavior.SetNull);
        });
        b.Entity<RiskAction>(e =>
        {
            e.HasOne(x => x.Risk).WithMany(x => x.Actions).HasForeignKey(x => x.RiskId);
            e.HasIndex(x => new { x.OrganisationId, x.RiskId });
            e.Property(x => x.Version).IsConcurrencyToken();
        });
        b.Entity<RiskReview>(e =>
        {
            e.HasOne(x => x.Risk).WithMany(x => x.Reviews).HasForeignKey(x => x.RiskId);
            e.HasIndex(x => new { x.RiskId, x.ReviewDate });
            e.HasIndex(x => new { x.OrganisationId, x.RiskId, x.ReviewDate });
            e.Property(x => x.Version).IsConcurrencyToken();
        });
        b.Entity<RiskAssignment>(e =>
        {
            e.HasIndex(x => new { x.RiskId, x.PersonId, x.Role }).IsUnique();
            e.HasOne(x => x.Risk).WithMany(x => x.Assignments).HasForeignKey(x => x.RiskId);
        });
        b.Entity<Committee>(e =>
        {
            e.HasIndex(x => new { x.OrganisationId, x.Code }).IsUnique();
            e.HasIndex(x => new { x.OrganisationId, x.Name }).IsUnique();
            e.Property(x => x.Code).HasMaxLength(32);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasOne(x => x.Clerk).WithMany().HasForeignKey(x => x.ClerkId).OnDelete(DeleteBehavior.SetNull);
        });
        b.Entity<CommitteeMember>(e =>
        {
            e.HasIndex(x => new { x.CommitteeId, x.PersonId }).IsUnique();
            e.HasOne(x => x.Committee).WithMany(x => x.Members).HasForeignKey(x => x.CommitteeId);
            e.HasOne(x => x.Person).WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<CommitteeService>(e =>
        {
            e.HasIndex(x => new { x.CommitteeId, x.ServiceId }).IsUnique();
            e.HasOne<Committee>().WithMany(x => x.Services).HasForeignKey(x => x.CommitteeId);
            e.HasOne(x => x.Service).WithMany().HasForeignKey(x => x.ServiceId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<CommitteeTheme>(e =>
        {
            e.HasIndex(x => new { x.CommitteeId, x.ThemeId }).IsUnique();
            e.HasOne<Committee>().WithMany(x => x.Themes).HasForeignKey(x => x.CommitteeId);
            e.HasOne(x => x.Theme).WithMany().HasForeignKey(x => x.ThemeId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<CommitteeRegister>(e =>
        {
            e.HasIndex(x => new { x.CommitteeId, x.RegisterId }).IsUnique();
            e.HasOne<Committee>().WithMany(x => x.Registers).HasForeignKey(x => x.CommitteeId);
            e.HasOne(x => x.Register).WithMany().HasForeignKey(x => x.RegisterId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<Meeting>(e =>
        {
            // A committee's meetings in date order, and the council's coming deadlines, are range seeks.
            e.HasIndex(x => new { x.CommitteeId, x.Date });
            e.HasIndex(x => new { x.OrganisationId, x.ReportDeadline });
            e.Property(x => x.Venue).HasMaxLength(200);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasOne(x => x.Committee).WithMany().HasForeignKey(x => x.CommitteeId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<WorkProgrammeItem>(e =>
        {
            e.HasIndex(x => new { x.MeetingId, x.Position });
            e.HasIndex(x => new { x.LeadOfficerId, x.Status });
            e.Property(x => x.Title).HasMaxLength(300);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasOne(x => x.Meeting).WithMany(x => x.Items).HasForeignKey(x => x.MeetingId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(x => x.LeadOfficer).WithMany().HasForeignKey(x => x.LeadOfficerId).OnDelete(DeleteBehavior.SetNull);
        });
        b.Entity<FollowUpAction>(e =>
        {
            e.HasIndex(x => new { x.MeetingId });
            e.HasIndex(x => new { x.ReportBackMeetingId, x.Status });
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasOne(x => x.Meeting).WithMany().HasForeignKey(x => x.MeetingId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(x => x.ReportBackMeeting).WithMany().HasForeignKey(x => x.ReportBackMeetingId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(x => x.Indicator).WithMany().HasForeignKey(x => x.IndicatorId).OnDelete(DeleteBehavior.SetNull);
            e.HasOne(x => x.Risk).WithMany().HasForeignKey(x => x.RiskId).OnDelete(DeleteBehavior.SetNull);
            e.HasOne(x => x.Item).WithMany().HasForeignKey(x => x.ItemId).OnDelete(DeleteBehavior.SetNull);
            e.HasOne(x => x.Owner).WithMany().HasForeignKey(x => x.OwnerId).OnDelete(DeleteBehavior.SetNull);
        });
        b.Entity<IssuedPack>(e =>
        {
            e.HasIndex(x => new { x.OrganisationId, x.Scope, x.Period, x.Number }).IsUnique();
            e.Property(x => x.Title).HasMaxLength(300);
            e.HasOne(x => x.Committee).WithMany().HasForeignKey(x => x.CommitteeId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<IssuedPackFile>(e =>
        {
            e.HasIndex(x => new { x.IssuedPackId, x.Format, x.PublicVersion }).IsUnique();
            e.Property(x => x.Format).HasMaxLength(8);
            e.HasOne<IssuedPack>().WithMany(x => x.Files).HasForeignKey(x => x.IssuedPackId);
        });
        b.Entity<RecoveryCode>(e =>
        {
            e.HasIndex(x => new { x.AccountId, x.CodeHash });
            e.Property(x => x.CodeHash).HasMaxLength(64);
            e.HasOne<Account>().WithMany().HasForeignKey(x => x.AccountId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<AccountLink>(e =>
        {
            e.HasIndex(x => x.TokenHash).IsUnique();
            e.HasIndex(x => new { x.AccountId, x.UsedAt });
            e.Property(x => x.TokenHash).HasMaxLength(64);
            e.Property(x => x.IssuedBy).HasMaxLength(320);
            e.HasOne(x => x.Account).WithMany().HasForeignKey(x => x.AccountId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<SignInThrottle>(e =>
        {
            e.HasIndex(x => x.Key).IsUnique();
            e.Property(x => x.Key).HasMaxLength(300);
        });
        b.Entity<SignInSession>(e =>
        {
            e.HasIndex(x => x.KeyHash).IsUnique();
            e.HasIndex(x => new { x.AccountId, x.EndedAt });
            e.Property(x => x.KeyHash).HasMaxLength(64);
            e.Property(x => x.EndedBecause).HasMaxLength(100);
            e.Property(x => x.Address).HasMaxLength(64);
            e.Property(x => x.Agent).HasMaxLength(200);
            e.HasOne(x => x.Account).WithMany().HasForeignKey(x => x.AccountId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<PackDraft>(e =>
        {
            e.HasIndex(x => new { x.OrganisationId, x.Scope, x.Quarter }).IsUnique();
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasOne(x => x.Committee).WithMany().HasForeignKey(x => x.CommitteeId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(x => x.LeadOfficer).WithMany().HasForeignKey(x => x.LeadOfficerId).OnDelete(DeleteBehavior.SetNull);
            e.HasOne(x => x.SignedOffBy).WithMany().HasForeignKey(x => x.SignedOffById).OnDelete(DeleteBehavior.SetNull);
        });
        b.Entity<PackText>(e =>
        {
            e.HasIndex(x => new { x.PackDraftId, x.Field }).IsUnique();
            e.Property(x => x.Field).HasMaxLength(32);
            e.Property(x => x.Text).HasMaxLength(PackWording.MaxLength);
            e.HasOne<PackDraft>().WithMany(x => x.Texts).HasForeignKey(x => x.PackDraftId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<Notice>(e =>
        {
            e.HasIndex(x => new { x.OrganisationId, x.AccountId, x.Key }).IsUnique();
            // The reader's list, newest first, and the unread count.
            e.HasIndex(x => new { x.AccountId, x.OrganisationId, x.Id });
            e.HasIndex(x => new { x.AccountId, x.OrganisationId, x.ReadAt });
            // The sender's queue: notices not yet e-mailed.
            e.HasIndex(x => new { x.Email, x.CreatedAt });
            e.Property(x => x.Key).HasMaxLength(120);
            e.Property(x => x.Text).HasMaxLength(Features.Notices.Notices.MaxText);
            e.Property(x => x.Link).HasMaxLength(300);
            e.HasOne<Account>().WithMany().HasForeignKey(x => x.AccountId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<NoticePreference>(e =>
        {
            e.HasIndex(x => new { x.AccountId, x.Kind }).IsUnique();
            e.HasOne<Account>().WithMany().HasForeignKey(x => x.AccountId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<JobLease>(e =>
        {
            e.HasKey(x => x.Name);
            e.Property(x => x.Name).HasMaxLength(40);
            e.Property(x => x.Holder).HasMaxLength(64);
        });
        b.Entity<Programme>(e =>
        {
            e.HasIndex(x => new { x.OrganisationId, x.CodeKey }).IsUnique();
            e.Property(x => x.Code).HasMaxLength(32);
            e.Property(x => x.CodeKey).HasMaxLength(32);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.Board).HasMaxLength(200);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasOne<RiskRegister>().WithMany().HasForeignKey(x => x.RegisterId).OnDelete(DeleteBehavior.SetNull);
        });
        b.Entity<Project>(e =>
        {
            e.HasIndex(x => new { x.OrganisationId, x.CodeKey }).IsUnique();
            e.HasIndex(x => new { x.OrganisationId, x.ProgrammeId });
            e.Property(x => x.Code).HasMaxLength(32);
            e.Property(x => x.CodeKey).HasMaxLength(32);
            e.Property(x => x.Name).HasMaxLength(300);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasOne(x => x.Programme).WithMany().HasForeignKey(x => x.ProgrammeId).OnDelete(DeleteBehavior.SetNull);
            e.HasOne(x => x.Directorate).WithMany().HasForeignKey(x => x.DirectorateId).OnDelete(DeleteBehavior.SetNull);
            e.HasOne(x => x.Sponsor).WithMany().HasForeignKey(x => x.SponsorId).OnDelete(DeleteBehavior.SetNull);
            e.HasOne(x => x.Manager).WithMany().HasForeignKey(x => x.ManagerId).OnDelete(DeleteBehavior.SetNull);
            e.HasOne<RiskRegister>().WithMany().HasForeignKey(x => x.RegisterId).OnDelete(DeleteBehavior.SetNull);
        });
        b.Entity<ProjectBaseline>(e =>
        {
            e.HasIndex(x => new { x.ProjectId, x.Number }).IsUnique();
            e.HasOne(x => x.Project).WithMany(x => x.Baselines).HasForeignKey(x => x.ProjectId);
            e.Property(x => x.CapitalBudget).HasPrecision(16, 2);
            e.Property(x => x.RevenueBudget).HasPrecision(16, 2);
            e.HasMany(x => x.Milestones).WithOne().HasForeignKey(x => x.BaselineId);
        });
        b.Entity<BaselineMilestone>(e => e.Property(x => x.Name).HasMaxLength(300));
        b.Entity<HighlightReport>(e =>
        {
            e.HasIndex(x => new { x.ProjectId, x.Period }).IsUnique();
            e.HasIndex(x => new { x.OrganisationId, x.Status, x.Period });
            e.HasOne(x => x.Project).WithMany().HasForeignKey(x => x.ProjectId);
            e.Property(x => x.ForecastCost).HasPrecision(16, 2);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasMany(x => x.Milestones).WithOne().HasForeignKey(x => x.ReportId);
        });
        b.Entity<ChangeRequest>(e =>
        {
            e.HasIndex(x => new { x.ProjectId, x.Number }).IsUnique();
            e.HasOne(x => x.Project).WithMany().HasForeignKey(x => x.ProjectId);
            e.Property(x => x.Title).HasMaxLength(300);
            e.Property(x => x.CostImpact).HasPrecision(16, 2);
            e.Property(x => x.Version).IsConcurrencyToken();
        });
        b.Entity<ProjectDependency>(e =>
        {
            e.HasIndex(x => new { x.ProjectId, x.DependsOnId }).IsUnique();
            e.HasIndex(x => x.DependsOnId);
            e.HasOne(x => x.Project).WithMany().HasForeignKey(x => x.ProjectId);
            e.HasOne(x => x.DependsOn).WithMany().HasForeignKey(x => x.DependsOnId);
            e.Property(x => x.Description).HasMaxLength(2000);
        });
        b.Entity<ProjectClosure>(e =>
        {
            e.HasIndex(x => x.ProjectId).IsUnique();
            e.HasOne(x => x.Project).WithMany().HasForeignKey(x => x.ProjectId);
            e.Property(x => x.FinalCost).HasPrecision(16, 2);
            e.Property(x => x.Version).IsConcurrencyToken();
        });
        b.Entity<ProjectBenefit>(e =>
        {
            e.HasIndex(x => x.ProjectId);
            e.HasOne(x => x.Project).WithMany().HasForeignKey(x => x.ProjectId);
            e.HasOne(x => x.Indicator).WithMany().HasForeignKey(x => x.IndicatorId).OnDelete(DeleteBehavior.SetNull);
            e.HasMany(x => x.Measurements).WithOne().HasForeignKey(x => x.BenefitId);
            e.Property(x => x.Description).HasMaxLength(2000);
            e.Property(x => x.Measure).HasMaxLength(300);
            e.Property(x => x.BaselineValue).HasPrecision(18, 4);
            e.Property(x => x.TargetValue).HasPrecision(18, 4);
            e.Property(x => x.Version).IsConcurrencyToken();
        });
        b.Entity<BenefitMeasurement>(e => e.Property(x => x.Value).HasPrecision(18, 4));
        b.Entity<MilestoneProgress>(e =>
        {
            e.HasIndex(x => new { x.ReportId, x.MilestoneId }).IsUnique();
            e.HasOne(x => x.Milestone).WithMany().HasForeignKey(x => x.MilestoneId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<Features.Finance.BudgetLine>(e =>
        {
            e.HasIndex(x => new { x.OrganisationId, x.CommitteeId, x.ServiceId, x.Kind, x.Name }).IsUnique();
            e.HasOne(x => x.Committee).WithMany().HasForeignKey(x => x.CommitteeId);
            e.HasOne(x => x.Service).WithMany().HasForeignKey(x => x.ServiceId);
            e.Property(x => x.Name).HasMaxLength(300);
        });
        b.Entity<Features.Finance.BudgetForecast>(e =>
        {
            e.HasIndex(x => new { x.LineId, x.Period }).IsUnique();
            e.HasIndex(x => new { x.OrganisationId, x.LineId, x.Period });
            e.HasIndex(x => new { x.OrganisationId, x.Period });
            e.HasOne(x => x.Line).WithMany().HasForeignKey(x => x.LineId);
            e.Property(x => x.Budget).HasPrecision(16, 2);
            e.Property(x => x.Forecast).HasPrecision(16, 2);
            e.Property(x => x.Actual).HasPrecision(16, 2);
        });
        b.Entity<Features.Complaints.Complaint>(e =>
        {
            e.HasIndex(x => new { x.OrganisationId, x.ReferenceKey }).IsUnique();
            e.Property(x => x.Reference).HasMaxLength(64);
            e.Property(x => x.ReferenceKey).HasMaxLength(64);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasOne(x => x.Service).WithMany().HasForeignKey(x => x.ServiceId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<Features.Complaints.ComplaintStageRecord>(e =>
        {
            e.ToTable("ComplaintStages");
            e.HasIndex(x => new { x.ComplaintId, x.Stage }).IsUnique();
            e.HasIndex(x => new { x.OrganisationId, x.ComplaintId });
            // By date alone: the log's pages read a range of dates at every stage at once (received or answered in it), and
            // the open cases (not yet answered).
            e.HasIndex(x => new { x.OrganisationId, x.Responded });
            e.HasIndex(x => new { x.OrganisationId, x.Received });
            e.HasOne(x => x.Complaint).WithMany(x => x.Stages).HasForeignKey(x => x.ComplaintId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<Features.Complaints.SelfAssessment>(e =>
        {
            e.ToTable("ComplaintSelfAssessments");
            e.HasIndex(x => new { x.OrganisationId, x.Year, x.Section }).IsUnique();
            e.Property(x => x.Version).IsConcurrencyToken();
        });
        b.Entity<Features.Finance.Saving>(e =>
        {
            e.HasIndex(x => new { x.LineId, x.Year, x.Name }).IsUnique();
            e.HasIndex(x => new { x.OrganisationId, x.Year });
            e.HasOne(x => x.Line).WithMany().HasForeignKey(x => x.LineId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(x => x.Owner).WithMany().HasForeignKey(x => x.OwnerId).OnDelete(DeleteBehavior.SetNull);
            e.Property(x => x.Name).HasMaxLength(300);
            e.Property(x => x.Amount).HasPrecision(16, 2);
        });
        b.Entity<Features.Finance.SavingForecast>(e =>
        {
            e.HasIndex(x => new { x.SavingId, x.Period }).IsUnique();
            e.HasIndex(x => new { x.OrganisationId, x.SavingId, x.Period });
            e.HasOne(x => x.Saving).WithMany().HasForeignKey(x => x.SavingId).OnDelete(DeleteBehavior.Cascade);
            e.Property(x => x.Forecast).HasPrecision(16, 2);
        });
        b.Entity<Features.Finance.CapitalScheme>(e =>
        {
            e.HasIndex(x => new { x.OrganisationId, x.CommitteeId, x.Name }).IsUnique();
            e.HasOne(x => x.Committee).WithMany().HasForeignKey(x => x.CommitteeId);
            e.Property(x => x.Name).HasMaxLength(300);
        });
        b.Entity<Features.Finance.CapitalProfile>(e =>
        {
            e.HasIndex(x => new { x.SchemeId, x.Year }).IsUnique();
            e.HasIndex(x => new { x.OrganisationId, x.SchemeId, x.Year });
            e.HasOne(x => x.Scheme).WithMany(x => x.Years).HasForeignKey(x => x.SchemeId).OnDelete(DeleteBehavior.Cascade);
            e.Property(x => x.Planned).HasPrecision(16, 2);
            e.Property(x => x.Forecast).HasPrecision(16, 2);
            e.Property(x => x.Actual).HasPrecision(16, 2);
        });
        b.Entity<Features.Finance.IndicatorBudgetLink>(e =>
        {
            e.HasIndex(x => new { x.IndicatorId, x.LineId }).IsUnique();
            e.HasIndex(x => x.LineId);
            e.HasIndex(x => new { x.OrganisationId, x.IndicatorId });
            e.HasOne(x => x.Indicator).WithMany().HasForeignKey(x => x.IndicatorId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(x => x.Line).WithMany().HasForeignKey(x => x.LineId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<Features.Finance.Reserve>(e =>
        {
            e.HasIndex(x => new { x.OrganisationId, x.CommitteeId, x.Name }).IsUnique();
            e.HasOne(x => x.Committee).WithMany().HasForeignKey(x => x.CommitteeId);
            e.Property(x => x.Name).HasMaxLength(300);
        });
        b.Entity<Features.Finance.ReserveForecast>(e =>
        {
            e.HasIndex(x => new { x.ReserveId, x.Period }).IsUnique();
            e.HasIndex(x => new { x.OrganisationId, x.ReserveId, x.Period });
            e.HasIndex(x => new { x.OrganisationId, x.Period });
            e.HasOne(x => x.Reserve).WithMany().HasForeignKey(x => x.ReserveId);
            e.Property(x => x.Opening).HasPrecision(16, 2);
            e.Property(x => x.ForecastClosing).HasPrecision(16, 2);
        });
        b.Entity<ProjectGate>(e =>
        {
            e.HasIndex(x => new { x.ProjectId, x.Number }).IsUnique();
            e.HasOne(x => x.Project).WithMany().HasForeignKey(x => x.ProjectId);
            e.Property(x => x.Name).HasMaxLength(300);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasMany(x => x.Criteria).WithOne().HasForeignKey(x => x.GateId);
            e.HasMany(x => x.Decisions).WithOne().HasForeignKey(x => x.GateId);
        });
        b.Entity<GateCriterion>(e => e.Property(x => x.Version).IsConcurrencyToken());
        b.Entity<AuditEntry>(e =>
        {
            e.HasIndex(x => new { x.OrganisationId, x.At });
            e.HasIndex(x => new { x.OrganisationId, x.Subject, x.At });
            e.HasIndex(x => new { x.OrganisationId, x.EntityType, x.EntityId, x.Version });
            e.Property(x => x.Subject).HasMaxLength(40);
            e.HasQueryFilter(x => x.OrganisationId == OrganisationId);
        });

        // Organisation-owned rows: filtered to the current organisation, and linked to it.
        foreach (var type in b.Model.GetEntityTypes().Where(t => typeof(IOrganisationOwned).IsAssignableFrom(t.ClrType)).ToList())
        {
            b.Entity(type.ClrType).HasOne(typeof(Organisation)).WithMany().HasForeignKey(nameof(IOrganisationOwned.OrganisationId)).OnDelete(DeleteBehavior.Cascade);
            typeof(StewardDb).GetMethod(nameof(FilterToOrganisation), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
                .MakeGenericMethod(type.ClrType).Invoke(this, [b]);
        }
    }

    private void FilterToOrganisation<T>(ModelBuilder b) where T : class, IOrganisationOwned =>
        b.Entity<T>().HasQueryFilter(e => e.OrganisationId == OrganisationId);

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        if (!acceptAllChangesOnSuccess) throw new NotSupportedException("Changes are always accepted once saved: the audit log is written in the same transaction.");
        ChangeTracker.DetectChanges();
        var changed = ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && e.Entity is not (AuditEntry or DataProtectionKey or SignInSession or SignInThrottle or RecoveryCode or JobLease))
            .ToList();
        if (changed.Count == 0) return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);

        RefuseUnacceptableText(changed);
        var now = DateTime.UtcNow;
        foreach (var entry in changed)
        {
            if (entry.Entity is IOrganisationOwned owned)
            {
                if (owned.OrganisationId == 0 && entry.State == EntityState.Added) owned.OrganisationId = OrganisationId;
                if (OrganisationId == 0 || owned.OrganisationId != OrganisationId)
                    throw new InvalidOperationException(
                        $"Refused to write {entry.Metadata.ClrType.Name} of organisation {owned.OrganisationId} while acting for organisation {OrganisationId}.");
            }
            if (entry.Entity is IVersioned versioned && entry.State == EntityState.Modified) versioned.Version++;
        }

        // Labels name the indicator, risk or project ("result CSU11 2017-12"): load it where the caller did not.
        foreach (var entry in changed.Where(e => e.Entity is IAuditLabelled && !(AuditAddedRowsInBulk && e.State == EntityState.Added)))
            foreach (var reference in entry.References.Where(r => r.Metadata.Name is "Indicator" or "Risk" or "Project" && r.CurrentValue is null))
                await reference.LoadAsync(cancellationToken);

        // Capture before → after now; keys of added rows are known only after saving.
        var pending = changed
            .Where(e => !(AuditAddedRowsInBulk && e.State == EntityState.Added))
            // An issued pack's frozen files are written once, with their pack: its own entry records the issue.
            .Where(e => !(e.Entity is IssuedPackFile && e.State == EntityState.Added))
            // Notices are made by Steward from audited changes: not audited themselves.
            .Where(e => e.Entity is not Notice)
            .Select(e => (Entry: e, Action: ActionOf(e.State), Changes: DescribeChanges(e),
                // Keys of rows added in the same save are EF's temporary negative numbers until saved: read them afterwards.
                Temporary: e.Properties.Where(p => p.IsTemporary || p.Metadata.IsForeignKey()).Select(p => p.Metadata.Name).ToList()))
            // A version moved on with nothing of its own changed stands for the rows under the record (a committee's members).
            .Select(x => x.Action == "update" && x.Changes.Count == 0 && x.Entry.Entity is IVersioned && x.Entry.Property(nameof(IVersioned.Version)).IsModified
                ? x with { Changes = ChildChanges(x.Entry, changed) }
                : x)
            .Where(x => x.Action != "update" || x.Changes.Count > 0)
            .ToList();

        var touchesData = OrganisationId != 0 && changed.Any(e => e.Entity is IPerformanceData);
        var ownTransaction = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            if (touchesData) await MoveDataVersionAsync(cancellationToken);
            var count = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            foreach (var (entry, action, changes, temporary) in pending)
            {
                foreach (var name in temporary.Where(changes.ContainsKey))
                    changes[name][1] = Plain(entry.Property(name).CurrentValue);
                AuditLog.Add(new AuditEntry
                {
                    OrganisationId = OrganisationOf(entry.Entity),
                    At = now,
                    Actor = Actor,
                    Channel = Channel,
                    Action = action,
                    EntityType = entry.Metadata.ClrType.Name,
                    EntityId = KeyOf(entry),
                    Label = LabelOf(entry.Entity),
                    Subject = SubjectOf(entry),
                    Version = (entry.Entity as IVersioned)?.Version,
                    Changes = JsonSerializer.Serialize(changes),
                });
            }
            if (pending.Count > 0) await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            if (ownTransaction is not null) await ownTransaction.CommitAsync(cancellationToken);
            return count;
        }
        finally
        {
            if (ownTransaction is not null) await ownTransaction.DisposeAsync();
        }
    }

    /// <summary>
    /// Refuses (throws <see cref="UnacceptableTextException"/>, naming the field and record) any text being written that
    /// <see cref="TextRules"/> does not accept, whatever the way in — page, API, command line or import — so none is
    /// stored. Keys and protected values Steward makes itself are text it wrote, and are checked all the same.
    /// </summary>
    private static void RefuseUnacceptableText(IEnumerable<EntityEntry> changed)
    {
        foreach (var entry in changed.Where(e => e.State is EntityState.Added or EntityState.Modified && e.Entity is not (Notice or IssuedPackFile)))
            foreach (var property in entry.Properties.Where(p => p.Metadata.ClrType == typeof(string) && (entry.State == EntityState.Added || p.IsModified)))
                if (TextRules.Problem(property.CurrentValue as string) is { } problem)
                    throw new UnacceptableTextException(property.Metadata.Name, LabelOf(entry.Entity) ?? UnacceptableTextException.Words(entry.Metadata.ClrType.Name), problem);
    }

    /// <summary>Writes an entry that is not a row change (an import, a sign-in). Saved with the next SaveChanges.</summary>
    public void Record(string action, string entityType, string? entityId, string? label, object? details, int? organisationId = null)
    {
        AuditLog.Add(new AuditEntry
        {
            OrganisationId = organisationId ?? (OrganisationId == 0 ? null : OrganisationId),
            At = DateTime.UtcNow,
            Actor = Actor,
            Channel = Channel,
            Action = action,
            EntityType = entityType,
            EntityId = entityId,
            Label = label,
            Changes = details is null ? null : JsonSerializer.Serialize(details),
        });
    }

    private static readonly HashSet<string> Unaudited =
        [nameof(IVersioned.Version), nameof(Account.SecurityStamp), nameof(Account.LastSignInAt), nameof(Account.LastTotpStep), nameof(ApiToken.LastUsedAt),
         nameof(IssuedPack.Fingerprint)];
    private static readonly HashSet<string> Redacted = [nameof(Account.PasswordHash), nameof(ApiToken.Hash), nameof(AccountLink.TokenHash), nameof(Account.TotpSecret), nameof(Organisation.SsoClientSecret),
        nameof(Features.Complaints.Complaint.ComplainantName), nameof(Features.Complaints.Complaint.ComplainantContact)];

    /// <summary>
    /// Moves the current organisation's <see cref="Organisation.DataVersion"/> on, in the caller's transaction: every
    /// write of <see cref="IPerformanceData"/> does, before its rows, so the organisation's row is always locked first.
    /// Bulk inserts call it themselves.
    /// </summary>
    internal Task MoveDataVersionAsync(CancellationToken ct) =>
        Organisations.Where(o => o.Id == OrganisationId).ExecuteUpdateAsync(u => u.SetProperty(o => o.DataVersion, o => o.DataVersion + 1), ct);

    private static string ActionOf(EntityState state) => state switch
    {
        EntityState.Added => "create",
        EntityState.Deleted => "delete",
        _ => "update",
    };

    /// <summary>
    /// The rows under <paramref name="parent"/> added, removed or changed in the same save, in words, as changes
    /// "Added", "Removed" and "Changed" ([null, "committee member Cllr Anderson; …"]): what a version moved on with
    /// nothing of the record's own changed stands for, so that an editor refused for it is shown what changed.
    /// </summary>
    private static Dictionary<string, object?[]> ChildChanges(EntityEntry parent, IEnumerable<EntityEntry> changed)
    {
        var key = parent.Metadata.FindPrimaryKey()!.Properties[0].Name is var name ? parent.Property(name).CurrentValue : null;
        var words = new Dictionary<string, List<string>>();
        foreach (var child in changed.Where(c => c != parent))
            foreach (var fk in child.Metadata.GetForeignKeys().Where(f => f.PrincipalEntityType == parent.Metadata && f.Properties.Count == 1))
            {
                var property = child.Property(fk.Properties[0].Name);
                if (!Equals(property.CurrentValue ?? property.OriginalValue, key)) continue;
                var verb = child.State switch { EntityState.Added => "Added", EntityState.Deleted => "Removed", _ => "Changed" };
                if (!words.TryGetValue(verb, out var list)) words[verb] = list = [];
                list.Add(LabelOf(child.Entity) ?? child.Metadata.ClrType.Name);
            }
        return words.ToDictionary(w => w.Key, w => new object?[]
        {
            null, string.Join("; ", w.Value.Take(20)) + (w.Value.Count > 20 ? $" and {w.Value.Count - 20} more" : ""),
        });
    }

    private static Dictionary<string, object?[]> DescribeChanges(EntityEntry entry)
    {
        var changes = new Dictionary<string, object?[]>();
        foreach (var p in entry.Properties)
        {
            var name = p.Metadata.Name;
            if (Unaudited.Contains(name) || p.Metadata.IsPrimaryKey()) continue;
            object? before = entry.State == EntityState.Added ? null : p.OriginalValue;
            object? after = entry.State == EntityState.Deleted ? null : p.CurrentValue;
            if (entry.State == EntityState.Modified && Equals(before, after)) continue;
            if (entry.State != EntityState.Modified && before is null && after is null) continue;
            if (Redacted.Contains(name))
            {
                changes[name] = [before is null ? null : "(set)", after is null ? null : "(changed)"];
                continue;
            }
            changes[name] = [Plain(before), Plain(after)];
        }
        return changes;
    }

    private static object? Plain(object? value) => value switch
    {
        null => null,
        Period p => p.ToString(),
        Enum e => e.ToString(),
        DateTime d => d.ToString("O"),
        decimal m => m,
        _ => value,
    };

    private static int? OrganisationOf(object entity) => entity switch
    {
        IOrganisationOwned o => o.OrganisationId,
        Organisation o => o.Id,
        Membership m => m.OrganisationId,
        _ => null,
    };

    /// <summary>The indicator or risk a change belongs to (<see cref="AuditEntry.Subject"/>): itself, or what its IndicatorId or RiskId names.</summary>
    private static string? SubjectOf(EntityEntry entry) => entry.Entity switch
    {
        Indicator i => $"Indicator:{i.Id}",
        Risk r => $"Risk:{r.Id}",
        Project p => $"Project:{p.Id}",
        _ => entry.Metadata.FindProperty("IndicatorId") is { } ip && entry.Property(ip.Name).CurrentValue is int indicator ? $"Indicator:{indicator}"
            : entry.Metadata.FindProperty("RiskId") is { } rp && entry.Property(rp.Name).CurrentValue is int risk ? $"Risk:{risk}"
            : entry.Metadata.FindProperty("ProjectId") is { } pp && entry.Property(pp.Name).CurrentValue is int project ? $"Project:{project}"
            : null,
    };

    private static string? KeyOf(EntityEntry entry) =>
        entry.Metadata.FindPrimaryKey() is { } key
            ? string.Join(",", key.Properties.Select(p => entry.Property(p.Name).CurrentValue))
            : null;

    private static string? LabelOf(object entity) => entity switch
    {
        IAuditLabelled l => l.AuditLabel,
        Organisation o => o.Code,
        Account a => a.Email,
        Indicator i => i.Code,
        _ => entity.GetType().GetProperty("Name")?.GetValue(entity) as string,
    };

    private sealed class PeriodConverter() : ValueConverter<Period, int>(p => p.Key, k => Period.FromKey(k));
}

public sealed class SqliteStewardDb(DbContextOptions<SqliteStewardDb> options) : StewardDb(options);

public sealed class PostgresStewardDb(DbContextOptions<PostgresStewardDb> options) : StewardDb(options);

/// <summary>
/// Text Steward does not accept (<see cref="TextRules"/>) was about to be saved: nothing was written. The message names
/// the field and the record ("The name of indicator CSU11 contains a bidirectional override (U+202E), which Steward does
/// not accept"); pages answer 400 with it, the API a 400 problem, the command line exit code 1.
/// </summary>
public sealed class UnacceptableTextException(string field, string record, string problem)
    : Exception($"The {Words(field)} of {record} {problem}.")
{
    /// <summary>The property, as the model names it ("UpdaterComment").</summary>
    public string Field { get; } = field;

    /// <summary>A model name in words: "UpdaterComment" → "updater comment".</summary>
    public static string Words(string name) => System.Text.RegularExpressions.Regex.Replace(name, "(?<=[a-z])(?=[A-Z])", " ").ToLowerInvariant();
}
