namespace Steward.Data;

/// <summary>Everything that belongs to one organisation. Queries are filtered to the current one.</summary>
public interface IOrganisationOwned
{
    int OrganisationId { get; set; }
}

/// <summary>Rows that people edit: a version number guards against silently overwriting someone else's edit.</summary>
public interface IVersioned
{
    int Version { get; set; }
}
