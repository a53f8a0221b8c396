namespace Tapline.Core.Plugins;

public enum PluginInstallStage
{
    Started,
    CreatingVenv,
    Installing,
    Skipped,
    Succeeded,
    Failed,
}

/// <summary>A progress report for one plugin; <paramref name="Message"/> carries the error when <see cref="PluginInstallStage.Failed"/>.</summary>
public sealed record PluginInstallProgress(PluginSpec Plugin, PluginInstallStage Stage, string? Message = null);

/// <summary>Options of <c>tapline install</c>: <c>--clean</c> and <c>-p N</c>.</summary>
public sealed record PluginInstallOptions(string ProjectRoot, bool Clean = false, int Parallelism = 0)
{
    public int EffectiveParallelism => Parallelism > 0 ? Parallelism : Environment.ProcessorCount;
}

/// <summary>The outcome for one plugin; <paramref name="Error"/> is null on success.</summary>
public sealed record PluginInstallResult(PluginSpec Plugin, PluginInstallStage Outcome, PluginInstallException? Error);
