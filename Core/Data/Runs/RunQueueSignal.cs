using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Tapline.Core.Data.Database;

namespace Tapline.Core.Data.Runs;

/// <summary>
/// Wakes idle workers the moment a run is queued and tells them about cancel requests: on
/// PostgreSQL through LISTEN on <see cref="RunQueueChannels"/>; in-process through
/// <see cref="Pulse"/> (what SQLite has). Workers still poll, so a lost notification only costs
/// one poll interval.
/// </summary>
public sealed class RunQueueSignal : IAsyncDisposable
{
    private readonly SystemDatabaseConnection _connection;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private TaskCompletionSource _work = NewSource();
    private Task? _listener;

    public RunQueueSignal(SystemDatabaseConnection connection, ILogger<RunQueueSignal>? logger = null)
    {
        _connection = connection;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Raised with the row id of a running run whose cancel was requested (PostgreSQL only).</summary>
    public event Action<long>? CancelRequested;

    /// <summary>
    /// Completes at the next wake-up. Take it <em>before</em> looking for work, so a run queued
    /// between the look and the wait is not missed.
    /// </summary>
    public Task NextWork => Volatile.Read(ref _work).Task;

    /// <summary>True while a LISTEN connection is up.</summary>
    public bool Listening { get; private set; }

    public void Pulse() => Interlocked.Exchange(ref _work, NewSource()).TrySetResult();

    /// <summary>Starts listening (PostgreSQL); returns once the first LISTEN is in place or has failed.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_connection.Provider != DatabaseProvider.Postgres || _listener is not null)
        {
            return;
        }
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _listener = Task.Run(() => ListenAsync(ready, _stop.Token), CancellationToken.None);
        await ready.Task.WaitAsync(cancellationToken);
    }

    private async Task ListenAsync(TaskCompletionSource ready, CancellationToken cancellationToken)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(_connection.ConnectionString) { Pooling = false, KeepAlive = 30 }.ConnectionString;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                connection.Notification += OnNotification;
                await connection.OpenAsync(cancellationToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {RunQueueChannels.Runs}; LISTEN {RunQueueChannels.Cancel};", connection))
                {
                    await listen.ExecuteNonQueryAsync(cancellationToken);
                }
                Listening = true;
                // Whatever was queued while we were not listening is found by the next claim.
                Pulse();
                ready.TrySetResult();
                while (true)
                {
                    await connection.WaitAsync(cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
            {
                Listening = false;
                ready.TrySetResult();
                _logger.LogWarning(e, "Queue LISTEN connection to {Database} lost; polling until it is back", _connection.Description);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
        Listening = false;
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        if (e.Channel == RunQueueChannels.Runs)
        {
            Pulse();
        }
        else if (e.Channel == RunQueueChannels.Cancel && long.TryParse(e.Payload, out var id))
        {
            CancelRequested?.Invoke(id);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_listener is not null)
        {
            await _listener;
        }
        _stop.Dispose();
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
