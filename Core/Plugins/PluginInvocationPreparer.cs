using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tapline.Core.Singer;

namespace Tapline.Core.Plugins;

/// <summary>
/// Prepares a plugin invocation as Meltano does: config JSON under <c>.meltano/run/&lt;plugin&gt;/</c>
/// (mode 0600), and for extractors the catalog (custom, cached or discovered, then the select,
/// metadata and schema rules) and the state file, passed only where the capabilities allow.
/// </summary>
public sealed class PluginInvocationPreparer(ILogger<PluginInvocationPreparer>? logger = null)
{
    public const string CatalogFileName = "tap.properties.json";
    public const string CatalogCacheKeyFileName = "tap.properties.cache_key";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private readonly ILogger _logger = logger ?? NullLogger<PluginInvocationPreparer>.Instance;

    public async Task<PluginInvocation> PrepareAsync(PluginInvocationRequest request, CancellationToken ct)
    {
        var plugin = request.Plugin;
        var executable = request.ExecutablePath ?? ExecutableResolver.Resolve(request.ProjectRoot, plugin);
        var runDir = PluginPaths.RunDir(request.ProjectRoot, plugin);
        Directory.CreateDirectory(runDir);

        // Per-invocation names (Meltano: tap.<uuid>.config.json) so concurrent runs of one plugin never share a file.
        var id = Guid.NewGuid().ToString("N");
        var role = plugin.IsExtractor ? "tap" : plugin.Type == "loaders" ? "target" : plugin.SingularType;
        var configPath = Path.Combine(runDir, $"{role}.{id}.config.json");
        var toClean = new List<string> { configPath };
        await WritePrivateAsync(configPath, request.Config.ToJsonString(), ct);

        try
        {
            var args = new List<string> { "--config", configPath };
            string? catalogPath = null;
            if (plugin.IsExtractor)
            {
                catalogPath = await PrepareCatalogAsync(request, executable, configPath, runDir, ct);
                if (catalogPath is not null && new FileInfo(catalogPath).Length > 0)
                {
                    if (plugin.Has("catalog")) args.AddRange(["--catalog", catalogPath]);
                    else if (plugin.Has("properties")) args.AddRange(["--properties", catalogPath]);
                    else _logger.LogWarning("Extractor {PluginName} has a catalog but advertises neither `catalog` nor `properties`; not passing it", plugin.Name);
                }

                if (request.State is not null)
                {
                    if (plugin.Has("state"))
                    {
                        var statePath = Path.Combine(runDir, $"state.{id}.json");
                        toClean.Add(statePath);
                        await WritePrivateAsync(statePath, request.State.ToJsonString(), ct);
                        args.AddRange(["--state", statePath]);
                    }
                    else
                    {
                        _logger.LogWarning("Extractor {PluginName} does not advertise the `state` capability; state is not passed", plugin.Name);
                    }
                }
            }
            return new PluginInvocation(executable, args, request.Env, toClean, catalogPath);
        }
        catch
        {
            foreach (var f in toClean) File.Delete(f);
            throw;
        }
    }

    /// <summary>Meltano's catalog cache key: a hash of the config with the <c>schema</c> and <c>metadata</c> extras; null when not cacheable.</summary>
    public static string? CatalogCacheKey(PluginInvocationRequest request)
    {
        var pipUrl = request.Plugin.PipUrl;
        // Editable installs and executable-only plugins are in development: their discovery may change at any time.
        if (pipUrl is null || pipUrl.StartsWith("-e", StringComparison.Ordinal) || request.Extras.CustomCatalog is not null) return null;
        var key = (JsonObject)request.Config.DeepClone();
        key["_schema"] = request.Extras.Schema?.DeepClone() ?? new JsonObject();
        key["_metadata"] = request.Extras.Metadata?.DeepClone() ?? new JsonObject();
        return Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(key.ToJsonString())));
    }

    private async Task<string?> PrepareCatalogAsync(PluginInvocationRequest request, string executable, string configPath, string runDir, CancellationToken ct)
    {
        var plugin = request.Plugin;
        var catalogPath = Path.Combine(runDir, CatalogFileName);
        var cacheKeyPath = Path.Combine(runDir, CatalogCacheKeyFileName);

        if (request.Extras.CustomCatalog is { } custom)
        {
            var source = Path.GetFullPath(custom, request.ProjectRoot);
            if (!File.Exists(source)) throw new PluginInvocationException($"Extractor '{plugin.Name}': catalog file '{source}' (extra `catalog`) does not exist");
            File.Copy(source, catalogPath, overwrite: true);
        }
        else
        {
            var cached = false;
            if (File.Exists(catalogPath) && request.UseCachedCatalog && !request.RefreshCatalog && File.Exists(cacheKeyPath))
            {
                cached = await File.ReadAllTextAsync(cacheKeyPath, ct) == CatalogCacheKey(request);
            }
            if (!cached)
            {
                File.Delete(cacheKeyPath);
                if (!plugin.Has("discover"))
                {
                    _logger.LogDebug("Extractor {PluginName} does not advertise `discover`; no catalog", plugin.Name);
                    return File.Exists(catalogPath) ? catalogPath : null;
                }
                await DiscoverAsync(request, executable, configPath, catalogPath, ct);
            }
        }

        JsonNode catalog;
        try
        {
            catalog = JsonNode.Parse(await File.ReadAllTextAsync(catalogPath, ct)) ?? throw new JsonException("empty catalog");
        }
        catch (JsonException e)
        {
            File.Delete(catalogPath);
            throw new PluginInvocationException($"Extractor '{plugin.Name}': invalid catalog: {e.Message}", e);
        }

        if (!plugin.Has("catalog") && !plugin.Has("properties")) return catalogPath;
        if (CatalogRules.Apply(catalog, request.Extras, w => _logger.LogWarning("Extractor {PluginName}: {Warning}", plugin.Name, w)))
        {
            await WriteAtomicAsync(catalogPath, catalog.ToJsonString(Indented), ct);
        }
        if (CatalogCacheKey(request) is { } key) await File.WriteAllTextAsync(cacheKeyPath, key, ct);
        else File.Delete(cacheKeyPath);
        return catalogPath;
    }

    private async Task DiscoverAsync(PluginInvocationRequest request, string executable, string configPath, string catalogPath, CancellationToken ct)
    {
        _logger.LogInformation("Running catalog discovery for {PluginName}", request.Plugin.Name);
        var temp = catalogPath + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            HelperProcess.Result result;
            await using (var output = File.Create(temp))
            {
                result = await HelperProcess.RunAsync(executable, ["--config", configPath, "--discover"], request.ProjectRoot, request.Env, output, ct);
            }
            if (result.ExitCode != 0)
            {
                throw new PluginInvocationException($"Catalog discovery failed: command `{result.CommandLine}` returned {result.ExitCode} with stderr:\n{result.Tail}");
            }
            File.Move(temp, catalogPath, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static async Task WriteAtomicAsync(string path, string content, CancellationToken ct)
    {
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await File.WriteAllTextAsync(temp, content, ct);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Config and state can hold secrets: only the owner may read them (0600).</summary>
    private static async Task WritePrivateAsync(string path, string content, CancellationToken ct)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        await using var stream = new FileStream(path, options);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(content), ct);
    }
}
