using System.Text.Json;
using System.Text.Json.Serialization;
using Tapline.Core.Project;

namespace Tapline.Core.Audit;

/// <summary>
/// Source-generated JSON for the values the CLI puts in the audit log, with <see cref="AuditRedaction"/>'s reflection
/// options (web defaults: camelCase), so a native-compiled <c>tapline</c> writes the bytes the Api's reflection writes.
/// The scalar and container types are what a schedule's extras hold (<see cref="YamlValues.ToValue"/>).
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ScheduleDefinition))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(List<object?>))]
[JsonSerializable(typeof(Dictionary<string, object?>))]
public sealed partial class AuditJsonContext : JsonSerializerContext;
