using System.Text.Json;
using Json.Schema;
using Tapline.Core.Project;
using Tapline.TestSupport;
using YamlDotNet.RepresentationModel;

namespace Tapline.Core.Tests.Project;

/// <summary>Meltano's own JSON Schema for meltano.yml (shared fixture), so a test can say "Meltano still reads this file".</summary>
public static class MeltanoSchema
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromText(File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "Fixtures", "meltano-schema", "meltano.schema.v3.7.9.json"))));

    /// <summary>Where the YAML text breaks Meltano's schema (instance path: message); empty when it validates.</summary>
    public static IReadOnlyList<string> Problems(string yamlText)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yamlText));
        var value = stream.Documents.Count == 0 ? new Dictionary<string, object?>() : YamlValues.ToValue(stream.Documents[0].RootNode);
        var results = Schema.Value.Evaluate(JsonSerializer.SerializeToElement(value), new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
        {
            return [];
        }
        return (results.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key} {e.Value}"))
            .DefaultIfEmpty("invalid (no detail)")
            .ToList();
    }

    public static void AssertValid(string file)
    {
        var problems = Problems(File.ReadAllText(file));
        Assert.True(problems.Count == 0, $"{file} does not validate against Meltano's schema:\n{string.Join("\n", problems)}");
    }
}
