using Tapline.Core.Project;

namespace Tapline.Core.Pipelines.Runs;

/// <summary>
/// The one owner of state ids (Meltano's <c>{environment}:{extractor}-to-{loader}[:{suffix}]</c>) and of a
/// run row's state id. The engine, the Scheduler, the Api's "Run now" and the CLI all call this, so a
/// run's row and the state it saves can never name different ids.
/// </summary>
public static class StateIds
{
    public const char Delimiter = ':';

    /// <summary>The generated id, or null without an active environment (Meltano then keeps no state).</summary>
    public static string? Generate(EnvironmentDefinition? environment, string extractor, string loader, string? suffix) =>
        environment is null ? null : Generate(environment.Name, extractor, loader, suffix ?? environment.StateIdSuffix);

    /// <summary>The generated id in environment <paramref name="environment"/>, with the environment's <c>state_id_suffix</c> (or <c>--state-id-suffix</c>).</summary>
    public static string Generate(string environment, string extractor, string loader, string? suffix)
    {
        string?[] parts = [environment, $"{extractor}-to-{loader}", suffix];
        if (parts.Any(p => p is not null && p.Contains(Delimiter)))
        {
            throw new ProjectException($"cannot generate a state id from components containing '{Delimiter}': {string.Join(", ", parts.Where(p => p is not null))}");
        }
        return string.Join(Delimiter, parts.Where(p => !string.IsNullOrEmpty(p)));
    }

    /// <summary>
    /// A run row's state id: its first extractor-loader pair's id when an environment is active, else the
    /// steps as written (commands only, or no environment), so that two runs of the same thing never run at once.
    /// </summary>
    /// <param name="firstPair">The first extractor and loader of the run, if it has one.</param>
    public static string ForRun(string? environment, string? suffix, (string Extractor, string Loader)? firstPair, string steps)
    {
        if (!string.IsNullOrEmpty(environment) && firstPair is { } pair)
        {
            return Generate(environment, pair.Extractor, pair.Loader, suffix);
        }
        return string.IsNullOrEmpty(environment) ? steps : $"{environment}{Delimiter}{steps}";
    }
}
