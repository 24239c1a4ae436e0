using Steward.Data;
using Steward.Features.Indicators;
using Steward.Features.Organisations;
using Steward.Features.Risks;

namespace Steward.Features.Committees;

/// <summary>
/// A committee that scrutinises the council's performance and risks ("Finance and Resources Overview &amp; Scrutiny
/// Committee", seed 001): its remit (the services, themes and risk registers whose indicators and risks its papers
/// carry), its members and its clerk. Meetings and their work programme hang off it.
/// </summary>
public class Committee : IOrganisationOwned, IVersioned
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }

    /// <summary>Short code for the command line ("FROSC"): letters, digits, '-' or '_', up to 32, unique in the council case-insensitively.</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }

    /// <summary>The democratic services officer who clerks its meetings.</summary>
    public int? ClerkId { get; set; }
    public Person? Clerk { get; set; }

    public List<CommitteeMember> Members { get; set; } = [];
    public List<CommitteeService> Services { get; set; } = [];
    public List<CommitteeTheme> Themes { get; set; } = [];
    public List<CommitteeRegister> Registers { get; set; } = [];

    public int Version { get; set; }
}

/// <summary>A member's place on a committee.</summary>
public enum MemberRole
{
    Member = 1,
    ViceChair = 2,
    Chair = 3,
}

/// <summary>A councillor (or co-opted member) sitting on a committee, with their role.</summary>
public class CommitteeMember : IOrganisationOwned, IAuditLabelled
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public int CommitteeId { get; set; }
    public Committee? Committee { get; set; }
    public int PersonId { get; set; }
    public Person? Person { get; set; }
    public MemberRole Role { get; set; } = MemberRole.Member;

    public string AuditLabel => $"committee member {Person?.Name ?? PersonId.ToString()}";
}

/// <summary>A service within a committee's remit: its indicators are in the committee's papers.</summary>
public class CommitteeService : IOrganisationOwned, IAuditLabelled
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public int CommitteeId { get; set; }
    public int ServiceId { get; set; }
    public Service? Service { get; set; }

    public string AuditLabel => $"committee remit service {Service?.Name ?? ServiceId.ToString()}";
}

/// <summary>A theme within a committee's remit: its indicators are in the committee's papers.</summary>
public class CommitteeTheme : IOrganisationOwned, IAuditLabelled
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public int CommitteeId { get; set; }
    public int ThemeId { get; set; }
    public Theme? Theme { get; set; }

    public string AuditLabel => $"committee remit theme {Theme?.Name ?? ThemeId.ToString()}";
}

/// <summary>A risk register within a committee's remit: its risks (and those of registers inside it) are in the committee's papers.</summary>
public class CommitteeRegister : IOrganisationOwned, IAuditLabelled
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public int CommitteeId { get; set; }
    public int RegisterId { get; set; }
    public RiskRegister? Register { get; set; }

    public string AuditLabel => $"committee remit register {Register?.Name ?? RegisterId.ToString()}";
}

/// <summary>
/// A meeting of a committee: its date, start time and venue, and the report deadline by which its papers go to the clerk
/// (seed 001's work programme: "Meeting Date, Report Deadline, Items, Contact Details").
/// </summary>
public class Meeting : IOrganisationOwned, IVersioned, IAuditLabelled
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public int CommitteeId { get; set; }
    public Committee? Committee { get; set; }

    public DateOnly Date { get; set; }

    /// <summary>Start time, UK local time; null when not yet fixed.</summary>
    public TimeOnly? Time { get; set; }

    public string? Venue { get; set; }

    /// <summary>The day reports are due to the clerk (on or before <see cref="Date"/>).</summary>
    public DateOnly ReportDeadline { get; set; }

    /// <summary>A cancelled meeting stays on the work programme, marked, so its items can be seen to have moved.</summary>
    public bool Cancelled { get; set; }

    public List<WorkProgrammeItem> Items { get; set; } = [];

    public int Version { get; set; }

    public string AuditLabel => $"meeting {Date:yyyy-MM-dd}";
}

/// <summary>Where a work programme item is on its way to the meeting.</summary>
public enum ItemStatus
{
    /// <summary>On the programme; nobody has started it.</summary>
    Planned = 1,
    /// <summary>The lead officer is writing it.</summary>
    Drafting = 2,
    /// <summary>Sent to the clerk for the agenda: the report deadline is met.</summary>
    Submitted = 3,
    /// <summary>Moved to a later meeting (the later meeting carries its own item).</summary>
    Deferred = 4,
    Withdrawn = 5,
}

/// <summary>
/// One item on a meeting's work programme: a report ("Quarter 3 Performance Report – Legal Governance and Democratic
/// Services"), its lead officer and where it is.
/// </summary>
public class WorkProgrammeItem : IOrganisationOwned, IVersioned, IAuditLabelled
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public int MeetingId { get; set; }
    public Meeting? Meeting { get; set; }

    public required string Title { get; set; }

    /// <summary>The officer who writes and presents it (seed 001's "Contact Details").</summary>
    public int? LeadOfficerId { get; set; }
    public Person? LeadOfficer { get; set; }

    public ItemStatus Status { get; set; } = ItemStatus.Planned;

    /// <summary>Background information ("Come from CMT").</summary>
    public string? Notes { get; set; }

    /// <summary>Order on the agenda, lowest first.</summary>
    public int Position { get; set; }

    public int Version { get; set; }

    public string AuditLabel => $"work programme item {Title}";
}

/// <summary>
/// The standard list of follow-up actions a committee agrees on an indicator, risk or report (seed 004), or
/// <see cref="Other"/> for the committee's own words.
/// </summary>
public enum StandardAction
{
    ApproveActions = 1,
    AlternativeActions = 2,
    ReferToDepartmentalManagementTeam = 3,
    ReferToTaskAndFinishGroup = 4,
    ReferToLeadershipTeam = 5,
    ReferToPolicyAndResources = 6,
    Other = 99,
}

public enum FollowUpStatus
{
    Open = 1,
    Done = 2,
}

/// <summary>
/// A follow-up action a committee agreed at a meeting, about an indicator, a risk or a work programme item (or the
/// meeting's business generally), with an owner and the later meeting it reports back to; followed up until done.
/// </summary>
public class FollowUpAction : IOrganisationOwned, IVersioned, IAuditLabelled
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }

    /// <summary>The meeting that agreed it.</summary>
    public int MeetingId { get; set; }
    public Meeting? Meeting { get; set; }

    public StandardAction Kind { get; set; }

    /// <summary>What the committee asked for, in its words: required for <see cref="StandardAction.Other"/>, optional detail otherwise.</summary>
    public string? Description { get; set; }

    public int? IndicatorId { get; set; }
    public Indicator? Indicator { get; set; }
    public int? RiskId { get; set; }
    public Risk? Risk { get; set; }
    public int? ItemId { get; set; }
    public WorkProgrammeItem? Item { get; set; }

    public int? OwnerId { get; set; }
    public Person? Owner { get; set; }

    /// <summary>The meeting it reports back to (of the same committee, after the one that agreed it).</summary>
    public int? ReportBackMeetingId { get; set; }
    public Meeting? ReportBackMeeting { get; set; }

    public FollowUpStatus Status { get; set; } = FollowUpStatus.Open;

    /// <summary>What has been done, as reported back.</summary>
    public string? Progress { get; set; }

    public DateOnly? CompletedOn { get; set; }

    public int Version { get; set; }

    public string AuditLabel => $"follow-up action {Id}";
}
