using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tapline.Scheduler.Hosting;
using Tapline.Scheduler.Project;
using Tapline.Scheduler.Triggers;

namespace Tapline.Scheduler.Watching;

/// <summary>
/// Loads the schedules at start and again whenever meltano.yml changes: a file watcher for speed
/// (debounced, so an editor's burst of writes is one reload) and a periodic hash check for the
/// changes watchers miss (network volumes, atomic renames, containers). The Api edits the same file,
/// so its changes arrive the same way.
/// </summary>
public sealed class ProjectWatcher(
    IScheduleSource source,
    ScheduleReconciler reconciler,
    SchedulerOptions options,
    ILogger<ProjectWatcher> logger) : BackgroundService
{
    private readonly Channel<bool> _changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Ask for a reload now (e.g. after an Api edit in this process).</summary>
    public void Poke() => _changes.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var watchers = new CompositeDisposable(source.WatchedFiles.Select(CreateWatcher).OfType<IDisposable>());
        string? loadedHash = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var hash = await source.HashAsync(stoppingToken);
                if (hash != loadedHash)
                {
                    var loaded = await source.LoadAsync(stoppingToken);
                    await reconciler.ReconcileAsync(loaded, stoppingToken);
                    loadedHash = loaded.ContentHash;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database may be restarting; keep the triggers we have and try again shortly.
                logger.LogError(e, "Reloading schedules from {File} failed; retrying", options.MeltanoYmlPath);
                loadedHash = null;
            }

            await WaitForChangeAsync(stoppingToken);
        }
    }

    private async Task WaitForChangeAsync(CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(options.RescanInterval);
        try
        {
            await _changes.Reader.ReadAsync(timeout.Token);
            await Task.Delay(options.Debounce, stoppingToken);
            _changes.Reader.TryRead(out _);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // Periodic rescan.
        }
    }

    private FileSystemWatcher? CreateWatcher(string file)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(file));
        if (directory is null || !Directory.Exists(directory))
        {
            return null;
        }
        var watcher = new FileSystemWatcher(directory, Path.GetFileName(file))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        watcher.Changed += (_, _) => Poke();
        watcher.Created += (_, _) => Poke();
        watcher.Renamed += (_, _) => Poke();
        watcher.Deleted += (_, _) => Poke();
        watcher.EnableRaisingEvents = true;
        return watcher;
    }

    private sealed class CompositeDisposable(IEnumerable<IDisposable> items) : IDisposable
    {
        private readonly List<IDisposable> _items = items.ToList();

        public void Dispose() => _items.ForEach(i => i.Dispose());
    }
}
