using Tapline.Core.Pipelines;

namespace Tapline.Core.Tests.Pipelines;

/// <summary>Fake plugins made of real processes: `sh -c`, `cat`, `sleep`, `python3 -c`.</summary>
internal static class Plugins
{
    public static readonly string Recordings = global::Tapline.TestSupport.RepoPaths.SingerRecordings;

    public static PluginProcess Sh(string name, string script) => PluginProcess.Create(name, "/bin/sh", "-c", script);

    public static PluginProcess Cat(string name, string file) => PluginProcess.Create(name, "cat", file);

    public static string Quote(string path) => "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}

internal sealed class TempDir : IDisposable
{
    public TempDir() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "tapline-engine-" + Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
