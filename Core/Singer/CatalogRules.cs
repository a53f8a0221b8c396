using System.Text.Json.Nodes;

namespace Tapline.Core.Singer;

/// <summary>Applies the extras to a discovered catalog, in Meltano's order (schema, then metadata rules).</summary>
public static class CatalogRules
{
    /// <summary>
    /// Mutates <paramref name="catalog"/>; returns false when no rule applied.
    /// <paramref name="warn"/> hears about select/metadata rules naming a stream or property the catalog lacks.
    /// </summary>
    public static bool Apply(JsonNode catalog, CatalogExtras extras, Action<string>? warn = null)
    {
        var schemaRules = new List<CatalogSchemaRule>();
        var metadataRules = new List<CatalogMetadataRule>();
        if (extras.CustomCatalog is null)
        {
            schemaRules.AddRange(SelectRules.FromSchema(extras.Schema));
            // Everything starts deselected; `select` then picks (Meltano's "!*.*" first).
            metadataRules.AddRange(SelectRules.FromSelect(["!*.*"]));
            var userRules = SelectRules.FromSelect(extras.Select).Concat(SelectRules.FromMetadata(extras.Metadata)).ToList();
            if (warn is not null) Warn(catalog, userRules, warn);
            metadataRules.AddRange(userRules);
        }
        metadataRules.AddRange(SelectRules.FromSelectFilter(extras.SelectFilter));

        if (schemaRules.Count == 0 && metadataRules.Count == 0) return false;
        if (schemaRules.Count > 0) new CatalogSchemaExecutor(schemaRules).Visit(catalog);
        if (metadataRules.Count > 0) new CatalogMetadataExecutor(metadataRules).Visit(catalog);
        return true;
    }

    /// <summary>As Meltano's <c>warn_property_not_found</c>: only literal stream ids and the literal head of a breadcrumb are checked.</summary>
    private static void Warn(JsonNode catalog, IEnumerable<CatalogMetadataRule> rules, Action<string> warn)
    {
        var streams = (catalog["streams"] as JsonArray ?? []).OfType<JsonObject>()
            .GroupBy(s => s["tap_stream_id"]?.ToString() ?? "")
            .ToDictionary(g => g.Key, g => g.Last());
        var warned = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in rules)
        {
            if (rule.StreamPatterns.Count != 1 || rule.StreamPatterns[0].Contains('*')) continue;
            var id = rule.StreamPatterns[0];
            if (!streams.TryGetValue(id, out var stream))
            {
                if (warned.Add("s:" + id)) warn($"Stream `{id}` was not found in the catalog");
                continue;
            }
            var path = rule.Breadcrumb.TakeWhile(b => !b.Contains('*')).ToList();
            if (path.Count <= 1) continue;
            JsonNode? node = stream["schema"];
            foreach (var key in path) node = (node as JsonObject)?[key];
            if (node is not JsonObject { Count: > 0 })
            {
                var property = string.Join('.', rule.Breadcrumb.Skip(1));
                if (warned.Add($"p:{id}:{property}")) warn($"Property `{property}` was not found in the schema of stream `{id}`");
            }
        }
    }
}
