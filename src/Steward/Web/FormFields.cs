namespace Steward.Web;

/// <summary>A GOV.UK form field for the shared partials (_Input, _Textarea, _Select): label, hint, error, value.</summary>
public sealed record Field(string Id, string Name, string Label, string? Value, string? Error = null, string? Hint = null, string Width = "")
{
    public IReadOnlyList<(string Value, string Text)> Options { get; init; } = [];
    public bool LabelIsHeading { get; init; }
    public string? InputMode { get; init; }

    public string? DescribedBy =>
        string.Join(' ', new[] { Hint is null ? null : Id + "-hint", Error is null ? null : Id + "-error" }.OfType<string>()) is { Length: > 0 } s ? s : null;
}
