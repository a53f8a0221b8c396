using System.Text.Json.Nodes;

namespace Tapline.Core.Singer;

/// <summary>
/// A rule addressed to streams (fnmatch patterns on <c>tap_stream_id</c>) and a breadcrumb,
/// matched exactly as Meltano's <c>_CatalogRuleProtocol.match</c>.
/// </summary>
public abstract record CatalogRule(IReadOnlyList<string> StreamPatterns, IReadOnlyList<string> Breadcrumb, bool Negated)
{
    /// <param name="breadcrumb">null to match on the stream only.</param>
    public bool Matches(string tapStreamId, IReadOnlyList<string>? breadcrumb)
    {
        var result = StreamPatterns.Any(p => CatalogFnmatch.IsMatch(tapStreamId, p));
        if (Negated) result = !result;
        if (breadcrumb is not null)
        {
            // A negated rule still has to match the breadcrumb.
            result = result && CatalogFnmatch.IsMatch(string.Join('.', breadcrumb), string.Join('.', Breadcrumb));
        }
        return result;
    }

    /// <summary><c>["a", "b"]</c> becomes <c>["properties", "a", "properties", "b"]</c>.</summary>
    public static IReadOnlyList<string> PropertyBreadcrumb(IEnumerable<string> props) =>
        props.SelectMany(p => new[] { "properties", p }).ToArray();
}

/// <summary>Sets metadata <see cref="Key"/> to <see cref="Value"/> where it matches.</summary>
public sealed record CatalogMetadataRule(IReadOnlyList<string> StreamPatterns, IReadOnlyList<string> Breadcrumb, string Key, JsonNode? Value, bool Negated = false)
    : CatalogRule(StreamPatterns, Breadcrumb, Negated)
{
    public static CatalogMetadataRule Select(bool value, string? stream = null, IEnumerable<string>? properties = null, bool negated = false) =>
        new(stream is null ? [] : [stream], PropertyBreadcrumb(properties ?? []), "selected", JsonValue.Create(value), negated);
}

/// <summary>Replaces a property's JSON schema with <see cref="Payload"/> where it matches.</summary>
public sealed record CatalogSchemaRule(IReadOnlyList<string> StreamPatterns, IReadOnlyList<string> Breadcrumb, JsonObject Payload, bool Negated = false)
    : CatalogRule(StreamPatterns, Breadcrumb, Negated);
