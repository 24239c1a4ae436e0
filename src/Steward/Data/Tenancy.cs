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

/// <summary>
/// Rows whose change can move a council's computed figures (the overview's counts, RAG, exceptions, what is due and
/// overdue): writing one moves the council's <see cref="Features.Organisations.Organisation.DataVersion"/>, which
/// <see cref="CouncilCache"/> keys its figures by.
/// </summary>
public interface IPerformanceData : IOrganisationOwned;
