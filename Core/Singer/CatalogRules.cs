using System.Text.Json.Nodes;

namespace Tapline.Core.Singer;

/// <summary>Applies the extras to a discovered catalog, in Meltano's order (schema, then metadata rules).</summary>
public static class CatalogRules
{
    /// <summary>Mutates <paramref name="catalog"/>; returns false when no rule applied.</summary>
    public static bool Apply(JsonNode catalog, CatalogExtras extras)
    {
        var schemaRules = new List<CatalogSchemaRule>();
        var metadataRules = new List<CatalogMetadataRule>();
        if (extras.CustomCatalog is null)
        {
            schemaRules.AddRange(SelectRules.FromSchema(extras.Schema));
            // Everything starts deselected; `select` then picks (Meltano's "!*.*" first).
            metadataRules.AddRange(SelectRules.FromSelect(["!*.*"]));
            metadataRules.AddRange(SelectRules.FromSelect(extras.Select));
            metadataRules.AddRange(SelectRules.FromMetadata(extras.Metadata));
        }
        metadataRules.AddRange(SelectRules.FromSelectFilter(extras.SelectFilter));

        if (schemaRules.Count == 0 && metadataRules.Count == 0) return false;
        if (schemaRules.Count > 0) new CatalogSchemaExecutor(schemaRules).Visit(catalog);
        if (metadataRules.Count > 0) new CatalogMetadataExecutor(metadataRules).Visit(catalog);
        return true;
    }
}
