using System.ComponentModel;
using System.Diagnostics;

namespace Tapline.Core.Pipelines;

/// <summary>One started plugin process with its exit task and a stop that escalates SIGTERM -> SIGKILL.</summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process process;
    private readonly bool ownGroup;
    private int stopping;

    private ChildProcess(PluginProcess spec, Process process, bool ownGroup)
    {
        Spec = spec;
        this.process = process;
        this.ownGroup = ownGroup;
        Exited = WaitAsync();
    }

    public PluginProcess Spec { get; }

    public string Name => Spec.Name;

    public int Pid => process.Id;

    public Task<int> Exited { get; }

    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    /// <summary>Set when <see cref="Exited"/> completes.</summary>
    public DateTimeOffset? ExitedAt { get; private set; }

    public Stream StandardInput => process.StandardInput.BaseStream;

    public Stream StandardOutput => process.StandardOutput.BaseStream;

    public Stream StandardError => process.StandardError.BaseStream;

    public static ChildProcess Start(PluginProcess spec, bool redirect)
    {
        var info = new ProcessStartInfo
        {
            UseShellExecute = false,
            RedirectStandardInput = redirect,
            RedirectStandardOutput = redirect,
            RedirectStandardError = redirect,
            WorkingDirectory = spec.WorkingDirectory,
        };
        // A piped plugin gets its own process group; an inherited one (a terminal user's invoke)
        // stays in the terminal's group so Ctrl-C reaches it as it would under Meltano.
        var ownGroup = redirect && PluginLauncher.Guarded;
        var found = PluginLauncher.Prepare(info, spec.Executable, spec.Args, ownGroup);

        Settings.PluginVisibleEnv.ApplyTo(info, spec.Env);

        if (!Directory.Exists(spec.WorkingDirectory))
        {
            throw PluginStartException.NoWorkingDirectory(spec.Name, spec.Executable, spec.WorkingDirectory);
        }

        if (!found)
        {
            throw PluginStartException.NotFound(spec.Name, spec.Executable, new FileNotFoundException(null, spec.Executable));
        }

        var process = new Process { StartInfo = info };
        try
        {
            PluginLauncher.StartOnLauncherThread(process);
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            throw PluginStartException.NotFound(spec.Name, spec.Executable, e);
        }

        return new ChildProcess(spec, process, ownGroup);
    }

    /// <summary>
    /// SIGTERM to the process group and every descendant (one may have left the group), SIGKILL to
    /// whatever is left after the grace period.
    /// </summary>
    public async Task StopAsync(TimeSpan gracePeriod)
    {
        if (Exited.IsCompleted || Interlocked.Exchange(ref stopping, 1) == 1)
        {
            await Exited.ConfigureAwait(false);
            return;
        }

        var tree = ProcessTree.WithDescendants(process.Id);
        SignalGroup(PosixSignals.SigTerm);
        foreach (var pid in tree)
        {
            PosixSignals.Send(pid, PosixSignals.SigTerm);
        }

        // Descendants may outlive a shell that died on SIGTERM and still hold our pipes, so the
        // grace period is over only when the whole snapshot is gone.
        var deadline = DateTime.UtcNow + gracePeriod;
        while (DateTime.UtcNow < deadline && !(Exited.IsCompleted && tree.Skip(1).All(pid => !ProcessTree.IsAlive(pid))))
        {
            await Task.WhenAny(Exited, Task.Delay(50)).ConfigureAwait(false);
        }

        var survivors = Exited.IsCompleted ? tree.Skip(1) : tree.Concat(ProcessTree.WithDescendants(process.Id)).Distinct();
        SignalGroup(PosixSignals.SigKill);
        foreach (var pid in survivors.Where(ProcessTree.IsAlive))
        {
            PosixSignals.Send(pid, PosixSignals.SigKill);
        }

        await Exited.ConfigureAwait(false);
    }

    public void Dispose() => process.Dispose();

    /// <summary>The plugin leads its group, so the group id is its pid; ESRCH once the group is empty.</summary>
    private void SignalGroup(int signal)
    {
        if (ownGroup)
        {
            PosixSignals.Send(-process.Id, signal);
        }
    }

    private async Task<int> WaitAsync()
    {
        await process.WaitForExitAsync().ConfigureAwait(false);
        ExitedAt = DateTimeOffset.UtcNow;
        return process.ExitCode;
    }
}
