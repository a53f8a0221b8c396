using Tapline.Core.Project;

namespace Tapline.Core.Pipelines.Runs;

/// <summary>Meltano's state ids: <c>{environment}:{extractor}-to-{loader}[:{suffix}]</c>.</summary>
public static class StateIds
{
    public const char Delimiter = ':';

    /// <summary>The generated id, or null without an active environment (Meltano then keeps no state).</summary>
    public static string? Generate(EnvironmentDefinition? environment, string extractor, string loader, string? suffix)
    {
        if (environment is null)
        {
            return null;
        }
        string?[] parts = [environment.Name, $"{extractor}-to-{loader}", suffix ?? environment.StateIdSuffix];
        if (parts.Any(p => p is not null && p.Contains(Delimiter)))
        {
            throw new ProjectException($"cannot generate a state id from components containing '{Delimiter}': {string.Join(", ", parts.Where(p => p is not null))}");
        }
        return string.Join(Delimiter, parts.Where(p => !string.IsNullOrEmpty(p)));
    }
}
