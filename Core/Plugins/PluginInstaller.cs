using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Tapline.Core.Plugins;

/// <summary>
/// <c>tapline install</c>: one Python venv per plugin under <c>.meltano/&lt;type&gt;/&lt;name&gt;/venv</c>,
/// filled by <c>pip install &lt;pip_url&gt;</c> (run from the project root so local paths resolve),
/// several plugins at once. Plugins without <c>pip_url</c> need nothing.
/// </summary>
public sealed class PluginInstaller(ILogger<PluginInstaller>? logger = null)
{
    /// <summary>Meltano's marker of what a venv was built from; a different pip_url rebuilds it.</summary>
    public const string FingerprintFile = ".meltano_plugin_fingerprint";

    private readonly ILogger _logger = logger ?? NullLogger<PluginInstaller>.Instance;

    /// <summary>Installs every plugin; never throws for one plugin's failure — each result says how it went.</summary>
    public async Task<IReadOnlyList<PluginInstallResult>> InstallAsync(
        IReadOnlyList<PluginSpec> plugins,
        PluginInstallOptions options,
        IProgress<PluginInstallProgress>? progress,
        CancellationToken ct)
    {
        var results = new PluginInstallResult[plugins.Count];
        await Parallel.ForAsync(0, plugins.Count, new ParallelOptions { MaxDegreeOfParallelism = options.EffectiveParallelism, CancellationToken = ct }, async (i, token) =>
        {
            var plugin = plugins[i];
            try
            {
                var outcome = await InstallOneAsync(plugin, options, progress, token);
                results[i] = new PluginInstallResult(plugin, outcome, null);
            }
            catch (PluginInstallException e)
            {
                _logger.LogError("Installing {PluginType} {PluginName} failed: {Error}", plugin.Type, plugin.Name, e.Message);
                progress?.Report(new PluginInstallProgress(plugin, PluginInstallStage.Failed, e.Message));
                results[i] = new PluginInstallResult(plugin, PluginInstallStage.Failed, e);
            }
        });
        return results;
    }

    /// <summary>Installs one plugin or throws <see cref="PluginInstallException"/>.</summary>
    public async Task<PluginInstallStage> InstallOneAsync(PluginSpec plugin, PluginInstallOptions options, IProgress<PluginInstallProgress>? progress, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(plugin.PipUrl))
        {
            progress?.Report(new PluginInstallProgress(plugin, PluginInstallStage.Skipped, "no pip_url: uses its executable as is"));
            return PluginInstallStage.Skipped;
        }
        progress?.Report(new PluginInstallProgress(plugin, PluginInstallStage.Started));

        IReadOnlyList<string> pipArgs;
        try
        {
            pipArgs = PipUrl.Split(plugin.PipUrl);
        }
        catch (FormatException e)
        {
            throw new PluginInstallException(plugin, $"Cannot install {Describe(plugin)}: {e.Message}", e);
        }

        var venv = PluginPaths.VenvDir(options.ProjectRoot, plugin);
        var fingerprintPath = Path.Combine(venv, FingerprintFile);
        var fingerprint = Fingerprint(pipArgs);
        var python = Path.Combine(venv, "bin", "python");
        var upToDate = File.Exists(python) && File.Exists(fingerprintPath) && await File.ReadAllTextAsync(fingerprintPath, ct) == fingerprint;
        if (options.Clean || !upToDate)
        {
            progress?.Report(new PluginInstallProgress(plugin, PluginInstallStage.CreatingVenv, venv));
            if (Directory.Exists(venv)) Directory.Delete(venv, recursive: true);
            Directory.CreateDirectory(Path.GetDirectoryName(venv)!);
            var basePython = string.IsNullOrWhiteSpace(plugin.Python) ? "python3" : plugin.Python;
            HelperProcess.Result created;
            try
            {
                created = await HelperProcess.RunAsync(basePython, ["-m", "venv", venv], options.ProjectRoot, null, null, ct);
            }
            catch (FileNotFoundException e)
            {
                throw new PluginInstallException(plugin,
                    $"Cannot install {Describe(plugin)}: '{basePython}' was not found. Install Python 3 with its venv module (Debian: apt-get install python3-venv) or set the plugin's `python` to an interpreter.", e);
            }
            if (created.ExitCode != 0)
            {
                throw new PluginInstallException(plugin,
                    $"Cannot install {Describe(plugin)}: `{created.CommandLine}` exited {created.ExitCode} (is the venv module installed? Debian: apt-get install python3-venv):\n{created.Tail}");
            }
        }

        progress?.Report(new PluginInstallProgress(plugin, PluginInstallStage.Installing, PipUrl.Redact(plugin.PipUrl)));
        var env = new Dictionary<string, string>
        {
            ["VIRTUAL_ENV"] = venv,
            ["PIP_DISABLE_PIP_VERSION_CHECK"] = "1",
            ["PATH"] = $"{Path.Combine(venv, "bin")}:{Environment.GetEnvironmentVariable("PATH")}",
        };
        var pip = await HelperProcess.RunAsync(python, ["-m", "pip", "install", .. pipArgs], options.ProjectRoot, env, null, ct);
        if (pip.ExitCode != 0)
        {
            // A half-built venv must not pass for installed next time.
            File.Delete(fingerprintPath);
            throw new PluginInstallException(plugin, PipUrl.Redact($"Failed to install {Describe(plugin)}: `{pip.CommandLine}` exited {pip.ExitCode}:\n{pip.Tail}"));
        }
        await File.WriteAllTextAsync(fingerprintPath, fingerprint, ct);
        _logger.LogInformation("Installed {PluginType} {PluginName} into {Venv}", plugin.Type, plugin.Name, venv);
        progress?.Report(new PluginInstallProgress(plugin, PluginInstallStage.Succeeded));
        return PluginInstallStage.Succeeded;
    }

    private static string Describe(PluginSpec plugin) => $"{plugin.SingularType} '{plugin.Name}'";

    private static string Fingerprint(IEnumerable<string> pipArgs) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', pipArgs))));
}
