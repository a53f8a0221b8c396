using System.Text.Json;
using Npgsql;

namespace Tapline.Plugins.TargetPostgres;

/// <summary>
/// Settings with MeltanoLabs target-postgres names: <c>sqlalchemy_url</c>, or <c>host</c>,
/// <c>port</c>, <c>user</c>, <c>password</c>, <c>database</c>; <c>default_target_schema</c>;
/// <c>batch_size_rows</c>.
/// </summary>
internal sealed record PostgresSettings(string ConnectionString, string Schema, int BatchSizeRows)
{
    public static PostgresSettings Load(string? path)
    {
        if (path is null) throw new PluginException("--config is required");
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = doc.RootElement;
        var builder = new NpgsqlConnectionStringBuilder();
        if (Str(root, "sqlalchemy_url") is { } url)
        {
            FromUrl(builder, url, path);
        }
        else
        {
            builder.Host = Str(root, "host") ?? "localhost";
            builder.Port = Int(root, "port") ?? 5432;
            builder.Username = Str(root, "user") ?? throw new PluginException($"config {path}: setting 'user' (or 'sqlalchemy_url') is required");
            builder.Password = Str(root, "password");
            builder.Database = Str(root, "database") ?? throw new PluginException($"config {path}: setting 'database' (or 'sqlalchemy_url') is required");
        }
        builder.Pooling = false;
        var schema = Str(root, "default_target_schema")
            ?? Environment.GetEnvironmentVariable("MELTANO_EXTRACT__LOAD_SCHEMA")
            ?? "public";
        return new PostgresSettings(builder.ConnectionString, schema, Int(root, "batch_size_rows") ?? 100_000);
    }

    private static void FromUrl(NpgsqlConnectionStringBuilder builder, string url, string path)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !uri.Scheme.StartsWith("postgres", StringComparison.Ordinal))
        {
            throw new PluginException($"config {path}: 'sqlalchemy_url' must look like postgresql://user:password@host:port/database");
        }
        builder.Host = uri.Host;
        builder.Port = uri.Port > 0 ? uri.Port : 5432;
        var userInfo = uri.UserInfo.Split(':', 2);
        builder.Username = Uri.UnescapeDataString(userInfo[0]);
        if (userInfo.Length > 1) builder.Password = Uri.UnescapeDataString(userInfo[1]);
        builder.Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString()!.Length > 0 ? v.GetString() : null;

    private static int? Int(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v)
            ? v.ValueKind == JsonValueKind.Number ? v.GetInt32() : v.ValueKind == JsonValueKind.String && int.TryParse(v.GetString(), out var i) ? i : null
            : null;
}
