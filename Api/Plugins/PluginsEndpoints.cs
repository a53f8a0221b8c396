using System.Text.Json;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Tapline.Api.Project;

namespace Tapline.Api.Plugins;

/// <summary>/api/v1/plugins: meltano.yml's plugins and their settings resolved per environment, secrets redacted.</summary>
public static class PluginsEndpoints
{
    public sealed record SettingRequest(JsonElement Value, string? Store);

    public static RouteGroupBuilder MapPlugins(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/plugins").WithTags("Plugins").RequireAuthorization(Access.Access.Read);
        group.MapGet("", List);
        group.MapGet("/{type}/{name}", Get);
        // A write to meltano.yml or .env is a project change; the handler refuses those under project_readonly.
        group.MapPut("/{type}/{name}/settings/{setting}", Set).RequireAuthorization(Access.Access.Write);
        return api;
    }

    private static Ok<List<PluginView>> List(ProjectAccess projects, string? environment = null)
    {
        var context = projects.Open(environment);
        return TypedResults.Ok(context.Project.Plugins.Select(p => PluginView.From(p, context.Settings.SysDirRoot)).ToList());
    }

    private static async Task<Ok<PluginDetail>> Get(string type, string name, PluginReader reader, CancellationToken cancellationToken, string? environment = null) =>
        TypedResults.Ok(await reader.DetailAsync(type, name, environment, cancellationToken));

    private static async Task<Ok<SettingView>> Set(
        string type, string name, string setting, SettingRequest body, IMediator mediator, CancellationToken cancellationToken, string? environment = null) =>
        TypedResults.Ok(await mediator.Send(new SetPluginSettingCommand(type, name, setting, body.Value, body.Store, environment), cancellationToken));
}
