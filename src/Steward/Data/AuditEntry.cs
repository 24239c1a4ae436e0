namespace Steward.Data;

/// <summary>One change: who, when, through which channel, what, before → after.</summary>
public class AuditEntry
{
    public long Id { get; set; }

    /// <summary>The organisation the change belongs to; null for accounts, which are global.</summary>
    public int? OrganisationId { get; set; }

    public DateTime At { get; set; }

    /// <summary>Email of the account, or the identity a CLI call was attributed to.</summary>
    public required string Actor { get; set; }

    /// <summary>web, api, cli or system.</summary>
    public required string Channel { get; set; }

    /// <summary>create, update, delete, import, sign-in …</summary>
    public required string Action { get; set; }

    public required string EntityType { get; set; }
    public string? EntityId { get; set; }

    /// <summary>What a person would call the thing ("CS02a 2017-09").</summary>
    public string? Label { get; set; }

    /// <summary>
    /// The indicator or risk the change belongs to ("Indicator:12", "Risk:5"): the thing itself, or one of its results,
    /// targets, actions, reviews, controls…; null for anything else. Its pages read their history by it.
    /// </summary>
    public string? Subject { get; set; }

    /// <summary>
    /// The record's <see cref="IVersioned.Version"/> after this change (0 when added, one more for each change since);
    /// null for records without one and for entries written before it was kept. An editor whose save was refused
    /// because the record moved on is shown the entries above the version they started from.
    /// </summary>
    public int? Version { get; set; }

    /// <summary>JSON: { "field": [before, after] } for changes, or the details of an import.</summary>
    public string? Changes { get; set; }
}

/// <summary>Gives an entity a readable name in the audit log.</summary>
public interface IAuditLabelled
{
    string AuditLabel { get; }
}
