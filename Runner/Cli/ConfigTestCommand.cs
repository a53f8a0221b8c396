using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Tapline.Core.Plugins;
using Tapline.Core.Project;
using Tapline.Core.Settings;

namespace Tapline.Runner.Cli;

/// <summary>
/// <c>tapline config EXTRACTOR test</c>, as Meltano's: runs the extractor with its prepared config and catalog until
/// its first RECORD (or BATCH) message; the configuration is valid when one arrives.
/// </summary>
public static class ConfigTestCommand
{
    public static Command Create(Argument<string?> pluginArgument, Option<string?> pluginTypeOption)
    {
        var command = new Command("test", "Test an extractor's configuration: valid once it emits a RECORD");
        CliAction.Set(command, async (parse, ct) =>
        {
            var name = parse.GetValue(pluginArgument) ?? throw new UsageException("PLUGIN is required");
            var ctx = await CliDatabase.OpenProjectAsync(parse, createDatabase: false, ct);
            PluginType? type = null;
            if (parse.GetValue(pluginTypeOption) is { } typeText)
            {
                type = PluginTypes.TryParse(typeText, out var t) ? t : throw new UsageException($"unknown plugin type '{typeText}'");
            }
            if (name == "meltano")
            {
                throw new ProjectException("Testing of the Meltano project configuration is not supported");
            }
            var plugin = ctx.FindPlugin(name, type);
            if (plugin.Type != PluginType.Extractors)
            {
                throw new ProjectException($"Operation not supported for {plugin.Type.Singular()} '{plugin.Name}': only an extractor's configuration can be tested");
            }
            await using var prepared = await PreparedPlugin.PrepareAsync(ctx, plugin, refreshCatalog: false, ct);
            var (valid, detail) = await FirstRecordAsync(prepared.Invocation, ctx.Root, ct);
            if (!valid)
            {
                await Console.Error.WriteLineAsync("Plugin configuration is invalid");
                await Console.Error.WriteLineAsync(detail ?? "Plugin did not emit any output");
                await Console.Error.WriteLineAsync($"Run 'tapline config {plugin.Name} list' to review the plugin settings.");
                return CliExit.Error;
            }
            Console.WriteLine("Plugin configuration is valid");
            return CliExit.Ok;
        });
        return command;
    }

    /// <summary>Reads the tap's output until a RECORD or BATCH message, then stops it; else the last line it printed.</summary>
    private static async Task<(bool Valid, string? Detail)> FirstRecordAsync(PluginInvocation invocation, string root, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(invocation.Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = root,
        };
        foreach (var arg in invocation.Args)
        {
            psi.ArgumentList.Add(arg);
        }
        PluginVisibleEnv.ApplyTo(psi, (IEnumerable<KeyValuePair<string, string?>>)invocation.Env);
        using var process = Process.Start(psi) ?? throw new ProjectException($"could not start {invocation.Executable}");
        string? lastLine = null;
        // Meltano reads stdout and stderr as one stream; the last line of either is what explains a failure.
        process.ErrorDataReceived += (_, e) =>
        {
            if (!string.IsNullOrWhiteSpace(e.Data))
            {
                lastLine = e.Data.Trim();
            }
        };
        process.BeginErrorReadLine();
        var found = false;
        while (await process.StandardOutput.ReadLineAsync(ct) is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            lastLine = line.Trim();
            if (MessageType(line) is "RECORD" or "BATCH")
            {
                found = true;
                process.Kill(entireProcessTree: true);
                break;
            }
        }
        await process.WaitForExitAsync(ct);
        if (found)
        {
            return (true, null);
        }
        return (false, process.ExitCode != 0 ? lastLine : "No RECORD or BATCH message received. Verify that at least one stream is selected using 'tapline select EXTRACTOR --list'.");
    }

    private static string? MessageType(string line)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("type", out var type) ? type.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
