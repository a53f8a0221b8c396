using System.Text.Json;
using Npgsql;
using Tapline.Plugins;
using Tapline.Plugins.TargetPostgres;

// target-postgres: a state value is printed only after the transaction holding every record
// before it has committed, so persisted state never runs ahead of the database.
try
{
    var parsed = SingerArgs.Parse(args);
    if (parsed.About)
    {
        Console.WriteLine("""
            {"name": "target-postgres", "capabilities": [], "settings": [
              {"name": "sqlalchemy_url", "kind": "password"}, {"name": "host"}, {"name": "port", "kind": "integer", "value": 5432},
              {"name": "user"}, {"name": "password", "kind": "password"}, {"name": "database"},
              {"name": "default_target_schema"}, {"name": "batch_size_rows", "kind": "integer", "value": 100000}]}
            """);
        return 0;
    }
    var settings = PostgresSettings.Load(parsed.Config);
    var connection = new NpgsqlConnection(settings.ConnectionString);
    await connection.OpenAsync();
    await using var loader = new PostgresLoader(connection, settings);
    await SingerTargetLoop.RunAsync(loader);
    return 0;
}
catch (PluginException e)
{
    Console.Error.WriteLine($"target-postgres: {e.Message}");
    return 1;
}
catch (Exception e) when (e is IOException or NpgsqlException or JsonException or InvalidOperationException)
{
    Console.Error.WriteLine($"target-postgres: {e.GetType().Name}: {e.Message}");
    return 1;
}
