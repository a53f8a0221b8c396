using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Tapline.Core.Project;

/// <summary>
/// Converts between YAML nodes and plain values (string, long, double, bool, null,
/// List&lt;object?&gt;, Dictionary&lt;string, object?&gt;) the way Meltano's YAML loader types scalars.
/// </summary>
public static partial class YamlValues
{
    [GeneratedRegex(@"^[-+]?(0|[1-9][0-9_]*)$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();

    public static object? ToValue(YamlNode node) => node switch
    {
        YamlScalarNode scalar => ScalarValue(scalar),
        YamlSequenceNode seq => seq.Children.Select(ToValue).ToList(),
        YamlMappingNode map => ToDictionary(map),
        _ => null,
    };

    public static Dictionary<string, object?> ToDictionary(YamlMappingNode map)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in map.Children)
        {
            result[KeyText(key)] = ToValue(value);
        }
        return result;
    }

    public static string KeyText(YamlNode key) => key is YamlScalarNode s ? s.Value ?? "" : key.ToString();

    public static object? ScalarValue(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style != ScalarStyle.Plain || scalar.Tag == "tag:yaml.org,2002:str" || scalar.Tag == "!!str")
        {
            return text;
        }
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return true;
            case "false" or "False" or "FALSE":
                return false;
        }
        if (IntegerPattern().IsMatch(text)
            && long.TryParse(text.Replace("_", ""), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return l;
        }
        if (FloatPattern().IsMatch(text)
            && double.TryParse(text.Replace("_", ""), NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            return d;
        }
        return text;
    }

    /// <summary>Builds a node for a value; strings that YAML would read as something else are quoted.</summary>
    public static YamlNode ToNode(object? value)
    {
        switch (value)
        {
            case null:
                return new YamlScalarNode("null");
            case YamlNode node:
                return node;
            case string s:
                var plain = new YamlScalarNode(s) { Style = ScalarStyle.Plain };
                return ScalarValue(plain) is string && !NeedsQuotes(s)
                    ? plain
                    : new YamlScalarNode(s) { Style = ScalarStyle.DoubleQuoted };
            case bool b:
                return new YamlScalarNode(b ? "true" : "false");
            case int or long or short or byte or uint or ulong:
                return new YamlScalarNode(Convert.ToString(value, CultureInfo.InvariantCulture));
            case double or float or decimal:
                return new YamlScalarNode(Convert.ToString(value, CultureInfo.InvariantCulture));
            case JsonElement json:
                return FromJson(json);
            case System.Collections.IDictionary dict:
                var map = new YamlMappingNode();
                foreach (System.Collections.DictionaryEntry e in dict)
                {
                    map.Add(new YamlScalarNode(Convert.ToString(e.Key, CultureInfo.InvariantCulture) ?? ""), ToNode(e.Value));
                }
                return map;
            case System.Collections.IEnumerable list:
                var seq = new YamlSequenceNode();
                foreach (var item in list)
                {
                    seq.Add(ToNode(item));
                }
                return seq;
            default:
                return ToNode(Convert.ToString(value, CultureInfo.InvariantCulture));
        }
    }

    private static bool NeedsQuotes(string s) =>
        s.Length == 0 || s != s.Trim() || s.StartsWith('#') || s.Contains(": ") || s.Contains(" #")
        || "-?:,[]{}&*!|>'\"%@`".Contains(s[0]) || s.EndsWith(':');

    private static YamlNode FromJson(JsonElement json) => json.ValueKind switch
    {
        JsonValueKind.Object => ToNode(json.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value)),
        JsonValueKind.Array => ToNode(json.EnumerateArray().Select(e => (object?)e).ToList()),
        JsonValueKind.String => ToNode(json.GetString()),
        JsonValueKind.Number => new YamlScalarNode(json.GetRawText()),
        JsonValueKind.True => ToNode(true),
        JsonValueKind.False => ToNode(false),
        _ => ToNode(null),
    };

    /// <summary>Deep equality of plain values, so edits can tell "unchanged" from "changed".</summary>
    public static bool DeepEquals(object? a, object? b)
    {
        switch (a, b)
        {
            case (null, null):
                return true;
            case (Dictionary<string, object?> da, Dictionary<string, object?> db):
                return da.Count == db.Count && da.All(kv => db.TryGetValue(kv.Key, out var v) && DeepEquals(kv.Value, v));
            case (List<object?> la, List<object?> lb):
                return la.Count == lb.Count && la.Zip(lb).All(p => DeepEquals(p.First, p.Second));
            default:
                return Equals(a, b);
        }
    }

    public static SourceLocation Location(string file, YamlNode node) =>
        new(file, (int)node.Start.Line, (int)node.Start.Column);
}
