namespace Tapline.Core.Plugins;

/// <summary>
/// What Core.Plugins needs to know about one plugin, as a plain record the project model maps
/// into. <paramref name="Type"/> is Meltano's plural type (<c>extractors</c>, <c>loaders</c>,
/// <c>mappers</c>, <c>utilities</c>...); <paramref name="PipUrl"/> has its <c>$VAR</c>s
/// already expanded; <paramref name="Executable"/> defaults to the name; <paramref name="Python"/>
/// is Meltano's <c>python</c> setting (default <c>python3</c>).
/// </summary>
public sealed record PluginSpec(
    string Type,
    string Name,
    string? PipUrl = null,
    string? Executable = null,
    IReadOnlyList<string>? Capabilities = null,
    string? Python = null)
{
    public string ExecutableName => string.IsNullOrWhiteSpace(Executable) ? Name : Executable;

    public bool Has(string capability) => Capabilities?.Contains(capability, StringComparer.Ordinal) == true;

    public bool IsExtractor => Type == "extractors";

    /// <summary>Meltano's singular name of the type, for messages ("extractor 'tap-x'").</summary>
    public string SingularType => Type switch
    {
        "utilities" => "utility",
        _ when Type.EndsWith('s') => Type[..^1],
        _ => Type,
    };
}
