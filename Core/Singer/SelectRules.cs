using System.Text.Json.Nodes;

namespace Tapline.Core.Singer;

/// <summary>Turns the extractor extras (<c>select</c>, <c>select_filter</c>, <c>metadata</c>, <c>schema</c>) into catalog rules, as Meltano does.</summary>
public static class SelectRules
{
    /// <summary>Rules from <c>select</c> patterns: inclusions first, then exclusions, so <c>!</c> wins.</summary>
    public static List<CatalogMetadataRule> FromSelect(IEnumerable<string> patterns)
    {
        var include = new List<CatalogMetadataRule>();
        var exclude = new List<CatalogMetadataRule>();
        foreach (var pattern in patterns)
        {
            var parsed = SelectPattern.Parse(pattern);
            var selected = !parsed.Negated;
            var rules = selected ? include : exclude;
            var prop = parsed.PropertyPattern;
            if (string.IsNullOrEmpty(prop))
            {
                // A bare stream pattern means the stream and all its properties (stream.*).
                rules.Add(CatalogMetadataRule.Select(selected, parsed.StreamPattern));
                rules.Add(CatalogMetadataRule.Select(selected, parsed.StreamPattern, ["*"]));
                continue;
            }

            if (selected || prop == "*")
            {
                rules.Add(CatalogMetadataRule.Select(selected, parsed.StreamPattern));
            }
            var props = prop.Split('.');
            rules.Add(CatalogMetadataRule.Select(selected, parsed.StreamPattern, props));
            if (selected)
            {
                // Selecting a sub-property selects its parents.
                for (var idx = 1; idx < props.Length; idx++)
                {
                    rules.Add(CatalogMetadataRule.Select(selected, parsed.StreamPattern, props[..idx]));
                }
            }
        }
        return [.. include, .. exclude];
    }

    /// <summary>Rules from <c>select_filter</c> (<c>--select</c>/<c>--exclude</c>): deselect streams outside the filter.</summary>
    public static List<CatalogMetadataRule> FromSelectFilter(IEnumerable<string> patterns)
    {
        var includeStreams = new List<string>();
        var excludeStreams = new List<string>();
        foreach (var pattern in patterns)
        {
            var parsed = SelectPattern.Parse(pattern);
            (parsed.Negated ? excludeStreams : includeStreams).Add(parsed.StreamPattern);
        }

        var rules = new List<CatalogMetadataRule>();
        if (includeStreams.Count > 0)
        {
            rules.Add(new CatalogMetadataRule(includeStreams, [], "selected", JsonValue.Create(false), Negated: true));
        }
        if (excludeStreams.Count > 0)
        {
            rules.Add(new CatalogMetadataRule(excludeStreams, [], "selected", JsonValue.Create(false)));
        }
        return rules;
    }

    /// <summary>
    /// Rules from the <c>metadata</c> extra: nested objects flattened to
    /// <c>stream[.prop...].key</c>, as Meltano's <c>config_metadata_rules</c>.
    /// </summary>
    public static List<CatalogMetadataRule> FromMetadata(JsonObject? metadata)
    {
        var rules = new List<CatalogMetadataRule>();
        if (metadata is null) return rules;
        foreach (var (key, value) in Flatten(metadata, ""))
        {
            var parts = key.Split('.');
            if (parts.Length < 2) continue;
            rules.Add(new CatalogMetadataRule([parts[0]], CatalogRule.PropertyBreadcrumb(parts[1..^1]), parts[^1], value?.DeepClone()));
        }
        return rules;
    }

    /// <summary>Rules from the <c>schema</c> extra: <c>{stream: {prop: json-schema}}</c>.</summary>
    public static List<CatalogSchemaRule> FromSchema(JsonObject? schema)
    {
        var rules = new List<CatalogSchemaRule>();
        if (schema is null) return rules;
        foreach (var (stream, streamConfig) in schema)
        {
            if (streamConfig is not JsonObject props) continue;
            foreach (var (prop, payload) in props)
            {
                if (payload is JsonObject p)
                {
                    rules.Add(new CatalogSchemaRule([stream], CatalogRule.PropertyBreadcrumb([prop]), (JsonObject)p.DeepClone()));
                }
            }
        }
        return rules;
    }

    private static IEnumerable<(string Key, JsonNode? Value)> Flatten(JsonObject obj, string prefix)
    {
        foreach (var (key, value) in obj)
        {
            var path = prefix.Length == 0 ? key : $"{prefix}.{key}";
            if (value is JsonObject nested)
            {
                foreach (var item in Flatten(nested, path)) yield return item;
            }
            else
            {
                yield return (path, value);
            }
        }
    }
}
