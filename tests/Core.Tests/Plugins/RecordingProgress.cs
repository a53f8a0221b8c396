using System.Collections.Concurrent;
using Tapline.Core.Plugins;

namespace Tapline.Core.Tests.Plugins;

/// <summary>Records progress reports synchronously (Progress&lt;T&gt; would post them later).</summary>
internal sealed class RecordingProgress : IProgress<PluginInstallProgress>
{
    public ConcurrentQueue<PluginInstallProgress> Reports { get; } = new();

    public void Report(PluginInstallProgress value) => Reports.Enqueue(value);

    public IEnumerable<PluginInstallStage> StagesOf(string plugin) => Reports.Where(r => r.Plugin.Name == plugin).Select(r => r.Stage);
}
