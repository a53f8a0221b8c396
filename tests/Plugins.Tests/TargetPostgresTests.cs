using Npgsql;
using Tapline.TestSupport;

namespace Tapline.Plugins.Tests;

public class TargetPostgresTests
{
    private const string Schema = """
        {"type": "SCHEMA", "stream": "customers", "key_properties": ["id"], "schema": {"type": "object", "properties": {
          "id": {"type": "integer"}, "name": {"type": ["string", "null"]}, "amount": {"type": ["number", "null"]},
          "active": {"type": "boolean"}, "updated_at": {"type": "string", "format": "date-time"}, "tags": {"type": ["array", "null"]}}}}
        """;

    private static string Record(int id, string name, string amount = "1.5") =>
        $$$"""{"type": "RECORD", "stream": "customers", "record": {"id": {{{id}}}, "name": "{{{name}}}", "amount": {{{amount}}}, "active": true, "updated_at": "2026-01-0{{{id}}}T00:00:00Z", "tags": ["a", "b\tc"]}}""";

    private static async Task<string> ConfigAsync(TempDir dir, string connectionString, bool asUrl = false)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        var json = asUrl
            ? $$"""{"sqlalchemy_url": "{{PostgresServer.ToDatabaseUri(connectionString)}}", "default_target_schema": "raw"}"""
            : $$"""{"host": "{{b.Host}}", "port": {{b.Port}}, "user": "{{b.Username}}", "database": "{{b.Database}}", "default_target_schema": "raw"}""";
        await Task.CompletedTask;
        return dir.Write("target.json", json);
    }

    private static async Task<List<string>> RowsAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        }
        return rows;
    }

    [Fact]
    public async Task Upserts_on_the_key_and_prints_state_only_after_commit()
    {
        var cs = await TestDatabase.CreateAsync();
        using var dir = new TempDir();
        await using var target = PluginProcess.Start("target-postgres", dir.Path, "--config", await ConfigAsync(dir, cs));

        await target.WriteLineAsync(Schema.ReplaceLineEndings(" "));
        await target.WriteLineAsync(Record(1, "Ada"));
        await target.WriteLineAsync(Record(2, "Grace"));
        await target.WriteLineAsync(Record(1, "Ada Lovelace"));
        await target.WriteLineAsync("""{"type": "STATE", "value": {"bookmarks": {"customers": {"replication_key_value": 2}}}}""");

        Assert.Equal("""{"bookmarks": {"customers": {"replication_key_value": 2}}}""", await target.ReadLineAsync());
        // Read from another connection while the target still runs: the rows are committed.
        Assert.Equal(["1|Ada Lovelace|1.5|True", "2|Grace|1.5|True"],
            await RowsAsync(cs, "SELECT id, name, amount, active FROM raw.customers ORDER BY id"));

        await target.WriteLineAsync(Record(2, "Grace Hopper", "null"));
        await target.WriteLineAsync(Record(3, "Margaret"));
        await target.WriteLineAsync("""{"type": "STATE", "value": {"bookmarks": {"customers": {"replication_key_value": 3}}}}""");
        Assert.Equal("""{"bookmarks": {"customers": {"replication_key_value": 3}}}""", await target.ReadLineAsync());
        var (code, stderr) = await target.CloseAndWaitAsync();

        Assert.True(code == 0, stderr);
        Assert.Equal(["1|Ada Lovelace|1.5", "2|Grace Hopper|null", "3|Margaret|1.5"],
            await RowsAsync(cs, "SELECT id, name, amount FROM raw.customers ORDER BY id"));
        Assert.Equal(["""["a", "b\tc"]"""], await RowsAsync(cs, "SELECT tags::text FROM raw.customers WHERE id = 3"));
    }

    [Fact]
    public async Task Columns_are_typed_from_the_json_schema_and_keyed_on_key_properties()
    {
        var cs = await TestDatabase.CreateAsync();
        using var dir = new TempDir();

        var (code, _, stderr) = await PluginProcess.RunAsync("target-postgres", dir.Path, Schema.ReplaceLineEndings(" ") + "\n" + Record(1, "Ada") + "\n",
            "--config", await ConfigAsync(dir, cs, asUrl: true));

        Assert.True(code == 0, stderr);
        Assert.Equal(["active|boolean", "amount|numeric", "id|bigint", "name|text", "tags|jsonb", "updated_at|timestamp with time zone"],
            await RowsAsync(cs, "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'raw' AND table_name = 'customers' ORDER BY column_name"));
        Assert.Equal(["id"], await RowsAsync(cs, """
            SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
            WHERE i.indrelid = 'raw.customers'::regclass AND i.indisprimary
            """));
    }

    [Fact]
    public async Task A_failed_load_prints_no_state_and_commits_nothing()
    {
        var cs = await TestDatabase.CreateAsync();
        using var dir = new TempDir();
        var input = string.Join('\n', Schema.ReplaceLineEndings(" "), Record(1, "Ada"), Record(2, "Bad", "\"not a number\""),
            """{"type": "STATE", "value": {"bookmarks": {}}}""");

        var (code, stdout, stderr) = await PluginProcess.RunAsync("target-postgres", dir.Path, input, "--config", await ConfigAsync(dir, cs));

        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.Contains("target-postgres", stderr);
        // Table creation shares the load's transaction, so not even the table is left behind.
        Assert.Equal(["True"], await RowsAsync(cs, "SELECT to_regclass('raw.customers') IS NULL"));
    }

    [Fact]
    public async Task Missing_connection_settings_name_the_setting()
    {
        using var dir = new TempDir();
        var config = dir.Write("target.json", """{"host": "localhost"}""");

        var (code, _, stderr) = await PluginProcess.RunAsync("target-postgres", dir.Path, "", "--config", config);

        Assert.Equal(1, code);
        Assert.Contains("'user'", stderr);
        Assert.Contains("sqlalchemy_url", stderr);
    }
}
