using Microsoft.Extensions.Options;

namespace Tapline.Runner.Worker;

/// <summary>Refuses to start a worker whose settings would break its promises; each message names the setting.</summary>
internal sealed class RunnerOptionsValidator : IValidateOptions<RunnerOptions>
{
    // Cancel requests are honoured within 5 s even without NOTIFY, so polling may not be slower.
    private static readonly TimeSpan MaxPoll = TimeSpan.FromSeconds(5);

    public ValidateOptionsResult Validate(string? name, RunnerOptions options)
    {
        var errors = new List<string>();
        if (options.Concurrency is < 1 or > 1024)
        {
            errors.Add($"runner.concurrency must be between 1 and 1024 (got {options.Concurrency}).");
        }
        if (options.HeartbeatInterval <= TimeSpan.Zero)
        {
            errors.Add($"runner.heartbeat_interval must be positive (got {options.HeartbeatInterval}).");
        }
        if (options.PollInterval <= TimeSpan.Zero || options.PollInterval > MaxPoll)
        {
            errors.Add($"runner.poll_interval must be positive and at most {MaxPoll} (got {options.PollInterval}).");
        }
        if (options.ShutdownGrace < TimeSpan.Zero)
        {
            errors.Add($"runner.shutdown_grace must not be negative (got {options.ShutdownGrace}).");
        }
        if (options.StaleAfter < options.HeartbeatInterval * 2)
        {
            errors.Add($"runner.stale_after ({options.StaleAfter}) must be at least twice runner.heartbeat_interval ({options.HeartbeatInterval}), or healthy runs would be reaped.");
        }
        if (options.ReapInterval is { } reap && reap <= TimeSpan.Zero)
        {
            errors.Add($"runner.reap_interval must be positive (got {reap}).");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
