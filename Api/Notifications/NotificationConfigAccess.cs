using Tapline.Api.Errors;
using Tapline.Api.Project;
using Tapline.Core.Data.Database;
using Tapline.Core.Notifications;
using YamlDotNet.RepresentationModel;

namespace Tapline.Api.Notifications;

/// <summary>
/// Reads and edits the notifications configuration for the Api: in meltano.yml through the one project writer, or —
/// when the project is read-only — in the system database (then that copy is what the Scheduler uses). Every edit is
/// validated with the reader the Scheduler uses before it is kept.
/// </summary>
public sealed class NotificationConfigAccess(ProjectAccess projects, SystemDbContextFactory database, TimeProvider clock)
{
    public async Task<(YamlMappingNode? Raw, string Source)> LoadRawAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await NotificationConfigStore.LoadRawAsync(projects.Open().Project.File, database, cancellationToken);
        }
        catch (NotificationConfigException e)
        {
            throw new ApiProblem(StatusCodes.Status422UnprocessableEntity, "Notifications configuration is not valid YAML", e.Message);
        }
    }

    public async Task<NotificationSettings> LoadAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await NotificationConfigStore.LoadAsync(projects.Open(), database, cancellationToken);
        }
        catch (NotificationConfigException e)
        {
            throw new ApiProblem(StatusCodes.Status422UnprocessableEntity, "Notifications configuration is invalid", e.Message);
        }
    }

    public bool ProjectReadonly => projects.Settings().ProjectReadonly;

    /// <summary>Applies <paramref name="edit"/> to the raw mapping and keeps it where the configuration lives; returns that place.</summary>
    public async Task<string> EditAsync(Action<YamlMappingNode> edit, string? by, CancellationToken cancellationToken)
    {
        var (raw, source) = await LoadRawAsync(cancellationToken);
        var edited = NotificationConfigEditor.Copy(raw);
        edit(edited);
        var context = projects.Open();
        try
        {
            NotificationConfigReader.Read(edited, "the edited notifications", context.ExpansionEnv(), context.Settings.StrictEnvVarMode);
        }
        catch (NotificationConfigException e)
        {
            throw ApiProblem.BadRequest(string.Join(' ', e.Errors.Select(x => x.Message)));
        }
        if (source == NotificationConfigStore.DatabaseSource || ProjectReadonly)
        {
            await NotificationConfigStore.SaveToDatabaseAsync(database, edited, by, clock.GetUtcNow().UtcDateTime, cancellationToken);
            return NotificationConfigStore.DatabaseSource;
        }
        await ProjectEdits.ApplyAsync(projects, document =>
        {
            var section = document.TaplineSection(NotificationConfigReader.Key);
            section.Children.Clear();
            foreach (var (key, value) in edited.Children)
            {
                section.Children[key] = value;
            }
        }, cancellationToken);
        return context.Project.File;
    }
}
