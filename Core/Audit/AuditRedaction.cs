using System.Text.Json;
using System.Text.Json.Nodes;

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

    /// <summary>Serializes <paramref name="value"/> (camelCase) and redacts it; null stays null.</summary>
    public static string? ToJson(object? value, IReadOnlySet<string>? alsoSecret = null)
    {
        if (value is null)
        {
            return null;
        }
        JsonNode? node;
        try
        {
            node = value as JsonNode ?? JsonSerializer.SerializeToNode(value, value.GetType(), Options);
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException or JsonException)
        {
            // e.g. an absent JsonElement in a refused request: keep the row, say what could not be shown.
            return new JsonObject { ["unreadable"] = value.GetType().Name }.ToJsonString();
        }
        return Redact(node, alsoSecret)?.ToJsonString();
    }

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
