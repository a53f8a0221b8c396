namespace Tapline.Core.Plugins;

/// <summary>
/// A prepared plugin run: what the engine's process spec takes. Disposing deletes the
/// per-run files (config with secrets, state), as Meltano does after the run.
/// </summary>
public sealed record PluginInvocation(
    string Executable,
    IReadOnlyList<string> Args,
    IReadOnlyDictionary<string, string> Env,
    IReadOnlyList<string> FilesToClean,
    string? CatalogPath) : IDisposable, IAsyncDisposable
{
    public void Dispose()
    {
        foreach (var file in FilesToClean)
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
                // Already gone or busy; nothing else holds secrets in it once the run ended.
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
