using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Tapline.Core.Audit;

/// <summary>
/// Makes JSON safe to keep in the audit log: any property whose name says it holds a secret (password, secret,
/// token, key, ...) is replaced by a marker, at any depth. A $VAR reference is kept: it names, not holds, a secret.
/// </summary>
public static class AuditRedaction
{
    public const string Marker = "(redacted)";

    private static readonly string[] SecretWords = ["password", "secret", "token", "apikey", "api_key", "private_key", "credential", "salt"];

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static bool IsSecretName(string name)
    {
        var lower = name.ToLowerInvariant();
        return SecretWords.Any(lower.Contains);
    }

    /// <summary>
    /// Serializes <paramref name="value"/> (camelCase, any type, by reflection) and redacts it; null stays null. For the
    /// Api's commands; a native-compiled caller uses <see cref="ToNode{T}"/> or hands a <see cref="JsonNode"/> instead.
    /// </summary>
    [RequiresUnreferencedCode(ReflectionReason)]
    [RequiresDynamicCode(ReflectionReason)]
    public static string? ToJson(object? value, IReadOnlySet<string>? alsoSecret = null)
    {
        if (value is null or JsonNode)
        {
            return ToJson(value as JsonNode, alsoSecret);
        }
        JsonNode? node;
        try
        {
            node = JsonSerializer.SerializeToNode(value, value.GetType(), Options);
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException or JsonException)
        {
            return Unreadable(value).ToJsonString();
        }
        return ToJson(node, alsoSecret);
    }

    /// <summary>Redacts <paramref name="node"/> (in place) and writes it; null stays null. No reflection.</summary>
    public static string? ToJson(JsonNode? node, IReadOnlySet<string>? alsoSecret = null) => Redact(node, alsoSecret)?.ToJsonString();

    /// <summary>
    /// <paramref name="value"/> as the node <see cref="ToJson(object?, IReadOnlySet{string}?)"/> would build, through
    /// source-generated <paramref name="typeInfo"/> (e.g. <see cref="AuditJsonContext"/>'s) instead of reflection.
    /// </summary>
    public static JsonNode? ToNode<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        if (value is null)
        {
            return null;
        }
        try
        {
            return JsonSerializer.SerializeToNode(value, typeInfo);
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException or JsonException)
        {
            return Unreadable(value);
        }
    }

    private const string ReflectionReason = "Serializes a value of any type by reflection; a native-compiled caller passes a JsonNode or a JsonTypeInfo.";

    // e.g. an absent JsonElement in a refused request: keep the row, say what could not be shown.
    private static JsonObject Unreadable(object value) => new() { ["unreadable"] = value.GetType().Name };

    public static JsonNode? Redact(JsonNode? node, IReadOnlySet<string>? alsoSecret = null)
    {
        switch (node)
        {
            case JsonObject obj:
                // {"setting": "client_secret", "value": ...}: the value is as secret as the setting's name says.
                var namesSecret = obj.Any(kv => kv.Key.Equals("setting", StringComparison.OrdinalIgnoreCase)
                    && kv.Value is JsonValue v && v.TryGetValue<string>(out var named) && IsSecretName(named));
                foreach (var (key, child) in obj.ToList())
                {
                    var secret = IsSecretName(key) || alsoSecret?.Contains(key) == true || namesSecret && key.Equals("value", StringComparison.OrdinalIgnoreCase);
                    if (secret && child is not null && !IsReference(child))
                    {
                        obj[key] = Marker;
                    }
                    else
                    {
                        Redact(child, alsoSecret);
                    }
                }
                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Redact(child, alsoSecret);
                }
                break;
        }
        return node;
    }

    private static bool IsReference(JsonNode node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) && Settings.EnvVarExpander.HasReference(s) && s.TrimStart().StartsWith('$');
}
