using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Tapline.Core.Singer;

/// <summary>
/// Applies the <c>schema</c> extra: creates the property if the tap did not discover it and
/// replaces its JSON schema with the payload, as Meltano's <c>SchemaExecutor</c>.
/// </summary>
public sealed partial class CatalogSchemaExecutor(IReadOnlyList<CatalogSchemaRule> rules) : CatalogVisitor
{
    private JsonObject? _stream;

    [GeneratedRegex(@"^[*?\[\]]")]
    private static partial Regex StartsWithWildcard();

    protected override void StreamNode(JsonObject node, string path)
    {
        _stream = node;
        var tapStreamId = node["tap_stream_id"]?.ToString() ?? "";
        if (node["schema"] is not JsonObject) node["schema"] = new JsonObject { ["type"] = "object" };
        foreach (var rule in rules.Where(r => r.Matches(tapStreamId, null)))
        {
            EnsureProperty(rule.Breadcrumb.ToArray());
        }
    }

    protected override void PropertyNode(JsonObject node, string path)
    {
        var tapStreamId = _stream?["tap_stream_id"]?.ToString() ?? "";
        var breadcrumb = PropertyBreadcrumbOf(path);
        foreach (var rule in rules.Where(r => r.Matches(tapStreamId, breadcrumb)))
        {
            node.Clear();
            foreach (var (k, v) in rule.Payload) node[k] = v?.DeepClone();
        }
    }

    private void EnsureProperty(string[] breadcrumb)
    {
        var next = (JsonObject)_stream!["schema"]!;
        for (var idx = 0; idx < breadcrumb.Length; idx++)
        {
            var key = breadcrumb[idx];
            if (StartsWithWildcard().IsMatch(key))
            {
                foreach (var match in next.Select(kv => kv.Key).Where(k => CatalogFnmatch.IsMatch(k, key)).ToArray())
                {
                    var concrete = (string[])breadcrumb.Clone();
                    concrete[idx] = match;
                    EnsureProperty(concrete);
                }
                break;
            }
            if (next[key] is not JsonObject child)
            {
                child = new JsonObject();
                next[key] = child;
            }
            next = child;
        }
    }
}
