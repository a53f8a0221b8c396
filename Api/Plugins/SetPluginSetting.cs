using System.Text.Json;
using Mediator;
using Tapline.Api.Errors;
using Tapline.Api.Project;
using Tapline.Api.Hosting;
using Tapline.Core.Data.Settings;
using Tapline.Core.Project;
using Tapline.Core.Settings;

namespace Tapline.Api.Plugins;

/// <summary>
/// PUT /plugins/{type}/{name}/settings/{setting}: stores a value in meltano.yml (the
/// environment's block when one is given), .env, or the system database. "(redacted)" — what
/// the UI was shown for a secret — keeps the stored value. Without a store, Meltano's
/// choice: .env for sensitive settings, meltano.yml otherwise.
/// </summary>
public sealed record SetPluginSettingCommand(string Type, string Plugin, string Setting, JsonElement Value, string? Store, string? Environment) : ICommand<SettingView>;

public sealed class SetPluginSettingHandler(ProjectAccess projects, PluginReader reader, PluginSettingsStore store, UiSettings ui, ILogger<SetPluginSettingHandler> logger,
    Audit.AuditScope audit)
    : ICommandHandler<SetPluginSettingCommand, SettingView>
{
    public async ValueTask<SettingView> Handle(SetPluginSettingCommand command, CancellationToken cancellationToken)
    {
        var (context, plugin) = await reader.OpenAsync(command.Type, command.Plugin, command.Environment, cancellationToken);
        var definition = plugin.EffectiveSettings.FirstOrDefault(s => s.Name == command.Setting)
            ?? throw ApiProblem.NotFound($"Plugin '{plugin.Name}' has no setting '{command.Setting}' (settings: {string.Join(", ", plugin.EffectiveSettings.Select(s => s.Name))}).");

        if (command.Value.ValueKind == JsonValueKind.String && command.Value.GetString() == Redaction.Value)
        {
            // The UI sends back what it was shown: the secret did not change.
            return await CurrentAsync(command, cancellationToken);
        }

        // The audit row's before/after are the Api's own views: a secret shows as redacted there already. Until the
        // write succeeds, "after" is the request with a sensitive value redacted, so a refusal cannot leak it.
        audit.Before = await CurrentAsync(command, cancellationToken);
        audit.After = new { command.Setting, command.Store, Value = definition.IsRedacted ? (object)Redaction.Value : command.Value };
        object? value;
        try
        {
            value = SettingCoercion.Coerce(definition, JsonValues.FromElement(command.Value), plugin.Name, "the request");
        }
        catch (SettingsException e)
        {
            throw ApiProblem.BadRequest(e.Message);
        }

        var storeName = command.Store ?? (definition.IsRedacted ? "dotenv" : "meltano_yml");
        var envVar = context.ResolvePluginSettings(plugin).Find(definition.Name)!.EnvVar;
        switch (storeName)
        {
            case "meltano_yml":
                await ProjectEdits.ApplyAsync(projects,
                    document => document.SetPluginConfig(plugin.Type, plugin.Name, definition.Name, value, command.Environment), cancellationToken);
                break;
            case "dotenv":
                if (ui.ProjectReadonly)
                {
                    throw ApiProblem.Forbidden("The project is read-only (project_readonly / MELTANO_PROJECT_READONLY): .env cannot be changed through the UI; use store db or change it in the deployment.");
                }
                DotEnvFile.Set(context.DotEnvPath, envVar, JsonValues.ToEnvText(value));
                break;
            case "db":
                var text = value is string s ? s : JsonValues.Serialize(value);
                await store.SetAsync(plugin.Type.YamlKey(), plugin.Name, definition.Name, text, definition.IsRedacted, cancellationToken);
                break;
            default:
                throw ApiProblem.BadRequest($"store must be meltano_yml, dotenv or db, not '{storeName}'.");
        }
        // Never log the value: it may be a secret.
        logger.LogInformation("Setting {Setting} of {Plugin} stored in {Store}", definition.Name, plugin.Name, storeName);
        var after = await CurrentAsync(command, cancellationToken);
        audit.After = after;
        return after;
    }

    private async Task<SettingView> CurrentAsync(SetPluginSettingCommand command, CancellationToken cancellationToken)
    {
        var detail = await reader.DetailAsync(command.Type, command.Plugin, command.Environment, cancellationToken);
        return detail.Settings.Single(s => s.Name == command.Setting);
    }
}
