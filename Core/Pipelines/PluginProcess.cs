namespace Tapline.Core.Pipelines;

/// <summary>
/// Everything needed to start one plugin process. The caller has already resolved the
/// executable, written config/catalog/state files and built the environment; the engine only runs it.
/// </summary>
/// <param name="Name">Plugin name as in meltano.yml (used in log lines, errors and exit codes).</param>
/// <param name="Executable">Path or bare command name (looked up on PATH).</param>
/// <param name="Args">Arguments, passed without a shell.</param>
/// <param name="Env">Variables to set (null value removes the variable) on top of the inherited environment.</param>
/// <param name="WorkingDirectory">Usually the project root.</param>
public sealed record PluginProcess(
    string Name,
    string Executable,
    IReadOnlyList<string> Args,
    IReadOnlyDictionary<string, string?> Env,
    string WorkingDirectory)
{
    public static PluginProcess Create(string name, string executable, params string[] args) =>
        new(name, executable, args, new Dictionary<string, string?>(), Environment.CurrentDirectory);
}
