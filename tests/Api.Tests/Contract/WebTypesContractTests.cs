using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Tapline.Api.Tests.Support;

namespace Tapline.Api.Tests.Contract;

/// <summary>
/// web/src/api/types.ts is the SPA's copy of the contract; the served OpenAPI document is the Api's.
/// Each TypeScript interface is checked against the schema it mirrors (same property names, the same
/// ones nullable), so a field added, renamed or dropped on one side fails here instead of in a browser.
/// </summary>
public sealed partial class WebTypesContractTests : IDisposable
{
    /// <summary>TypeScript interface -> the OpenAPI schema (C# type) it mirrors.</summary>
    private static readonly Dictionary<string, string> Mirrors = new()
    {
        ["Identity"] = "Identity",
        ["User"] = "UserView",
        ["Run"] = "RunView",
        ["RunDetail"] = "RunDetail",
        ["StreamView"] = "StreamView",
        ["Schedule"] = "ScheduleView",
        ["ScheduleStatus"] = "ScheduleStatusView",
        ["IntervalPreview"] = "IntervalView",
        ["RunSummary"] = "ScheduleRun",
        ["Job"] = "JobView",
        ["Setting"] = "SettingView",
        ["NotificationChannel"] = "ChannelView",
        ["NotificationRule"] = "RuleView",
        ["Notifications"] = "NotificationsView",
        ["Delivery"] = "DeliveryView",
        ["TestResult"] = "TestResultView",
        ["AuditEntry"] = "AuditView",
        ["RunProgressView"] = "RunProgressView",
        ["StreamProgress"] = "StreamProgress",
        ["RunMetricsSummary"] = "RunMetricsSummary",
        ["StreamMetrics"] = "StreamMetrics",
        ["TimerMetrics"] = "TimerMetrics",
        ["HttpMetrics"] = "HttpMetrics",
        ["OverviewView"] = "OverviewView",
        ["RunningRun"] = "RunningRun",
        ["FailedRun"] = "FailedRun",
        ["PipelineTrend"] = "PipelineTrend",
        ["DayTrend"] = "DayTrend",
        ["NextFire"] = "NextFire",
        ["BrokenSchedule"] = "BrokenSchedule",
        ["StreamLag"] = "StreamLag",
        ["TimelineRun"] = "TimelineRun",
        ["StateSummary"] = "StateSummary",
        ["StateDetail"] = "StateView",
        ["StreamBookmark"] = "StreamBookmarkView",
        ["BookmarkValue"] = "BookmarkValueView",
        ["StateHistoryEntry"] = "StateHistoryEntry",
        ["CatalogView"] = "CatalogView",
        ["CatalogStream"] = "CatalogStreamView",
        ["CatalogProperty"] = "CatalogPropertyView",
        ["CancelRunResult"] = "CancelRunResult",
        ["CancelRunsResult"] = "CancelRunsResult",
    };

    private readonly ApiHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task Every_mirrored_web_type_has_the_served_schemas_fields_and_nullability()
    {
        using var client = _host.CreateClient();
        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var web = WebInterfaces(await File.ReadAllTextAsync(TypesFile()));

        var drift = new List<string>();
        foreach (var (tsName, schemaName) in Mirrors)
        {
            Assert.True(web.ContainsKey(tsName), $"types.ts has no interface {tsName}");
            Assert.True(schemas.TryGetProperty(schemaName, out _),
                $"the OpenAPI document has no schema {schemaName}; it has {string.Join(", ", schemas.EnumerateObject().Select(p => p.Name))}");
            var served = Properties(schemas, schemaName);
            var declared = Flatten(web, tsName);
            foreach (var missing in served.Keys.Except(declared.Keys)) drift.Add($"{tsName} lacks '{missing}' that {schemaName} serves");
            foreach (var extra in declared.Keys.Except(served.Keys)) drift.Add($"{tsName} declares '{extra}' that {schemaName} does not serve");
            foreach (var name in served.Keys.Intersect(declared.Keys).Where(n => served[n] != declared[n]))
            {
                drift.Add($"{tsName}.{name} is {(declared[name] ? "" : "not ")}nullable in types.ts but {(served[name] ? "" : "not ")}in {schemaName}");
            }
        }
        Assert.True(drift.Count == 0, string.Join(Environment.NewLine, drift));
    }

    [Fact]
    public async Task Endpoints_declare_their_problem_responses()
    {
        using var client = _host.CreateClient();
        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var get = document.GetProperty("paths").GetProperty("/api/v1/schedules/{name}").GetProperty("get").GetProperty("responses");

        Assert.True(get.TryGetProperty("404", out var notFound));
        Assert.True(notFound.GetProperty("content").TryGetProperty("application/problem+json", out _));
    }

    [Fact]
    public async Task Identity_serves_the_environments_and_trace_link_the_docs_promise()
    {
        using var host = new ApiHost(new Dictionary<string, string?> { ["TAPLINE_TRACE_URL_TEMPLATE"] = "http://localhost:15000/traces/detail/{traceId}" });
        await DemoProject.WriteAsync(host.ProjectRoot);
        using var client = host.CreateClient();

        var identity = await client.GetFromJsonAsync<JsonElement>("/api/v1/identity");

        Assert.Equal(["dev", "prod"], identity.GetProperty("environments").EnumerateArray().Select(e => e.GetString()!));
        Assert.Equal("http://localhost:15000/traces/detail/{traceId}", identity.GetProperty("traceUrlTemplate").GetString());
    }

    /// <summary>Property name -> nullable, of a schema, following allOf/$ref (a record deriving from another).</summary>
    private static Dictionary<string, bool> Properties(JsonElement schemas, string name)
    {
        var result = new Dictionary<string, bool>(StringComparer.Ordinal);
        var schema = schemas.GetProperty(name);
        if (schema.TryGetProperty("allOf", out var all))
        {
            foreach (var part in all.EnumerateArray())
            {
                if (part.TryGetProperty("$ref", out var r)) foreach (var kv in Properties(schemas, r.GetString()!.Split('/')[^1])) result[kv.Key] = kv.Value;
            }
        }
        if (schema.TryGetProperty("properties", out var properties))
        {
            foreach (var p in properties.EnumerateObject()) result[p.Name] = Nullable(p.Value);
        }
        return result;
    }

    private static bool Nullable(JsonElement property)
    {
        if (property.TryGetProperty("type", out var type))
        {
            if (type.ValueKind == JsonValueKind.Array && type.EnumerateArray().Any(t => t.GetString() == "null")) return true;
        }
        if (property.TryGetProperty("nullable", out var n) && n.ValueKind == JsonValueKind.True) return true;
        foreach (var key in new[] { "oneOf", "anyOf" })
        {
            if (property.TryGetProperty(key, out var options)
                && options.EnumerateArray().Any(o => o.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == "null"))
            {
                return true;
            }
        }
        return false;
    }

    private static Dictionary<string, bool> Flatten(Dictionary<string, (string? Base, Dictionary<string, bool> Fields)> web, string name)
    {
        var (baseName, fields) = web[name];
        var result = baseName is null ? new Dictionary<string, bool>(StringComparer.Ordinal) : Flatten(web, baseName);
        foreach (var kv in fields) result[kv.Key] = kv.Value;
        return result;
    }

    /// <summary>The interfaces of types.ts: name, the one it extends, and each field with whether it admits null.</summary>
    private static Dictionary<string, (string? Base, Dictionary<string, bool> Fields)> WebInterfaces(string source)
    {
        var result = new Dictionary<string, (string?, Dictionary<string, bool>)>(StringComparer.Ordinal);
        foreach (Match m in Interface().Matches(source))
        {
            var fields = new Dictionary<string, bool>(StringComparer.Ordinal);
            foreach (Match f in Field().Matches(m.Groups["body"].Value))
            {
                fields[f.Groups["name"].Value] = Regex.IsMatch(f.Groups["type"].Value, @"\|\s*null\b|\bnull\s*\|");
            }
            result[m.Groups["name"].Value] = (m.Groups["base"].Success ? m.Groups["base"].Value : null, fields);
        }
        return result;
    }

    [GeneratedRegex(@"export interface (?<name>\w+)(?:<\w+>)?(?: extends (?<base>\w+))? \{(?<body>[^}]*)\}")]
    private static partial Regex Interface();

    [GeneratedRegex(@"^\s*(?<name>\w+)\??: (?<type>[^;]+);", RegexOptions.Multiline)]
    private static partial Regex Field();

    private static string TypesFile()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "web", "src", "api", "types.ts");
            if (File.Exists(candidate)) return candidate;
        }
        throw new InvalidOperationException("web/src/api/types.ts not found above the test binaries");
    }
}
