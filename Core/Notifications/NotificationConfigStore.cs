using Microsoft.EntityFrameworkCore;
using Tapline.Core.Data.Database;
using Tapline.Core.Project;
using YamlDotNet.RepresentationModel;

namespace Tapline.Core.Notifications;

/// <summary>
/// Where the notifications configuration comes from: the copy saved in the system database (written from the UI
/// while the project is read-only) when there is one, else meltano.yml's <c>annotations.tapline.notifications</c>.
/// </summary>
public static class NotificationConfigStore
{
    public const string DatabaseSource = "system database (notification_config)";

    /// <summary>The raw mapping ($VAR as written) and where it came from (a file path or <see cref="DatabaseSource"/>).</summary>
    public static async Task<(YamlMappingNode? Node, string Source)> LoadRawAsync(string meltanoYml, SystemDbContextFactory? database, CancellationToken cancellationToken)
    {
        if (database is not null)
        {
            if (await SavedYamlAsync(database.Sql, cancellationToken) is { } yaml)
            {
                return (NotificationConfigReader.ParseText(DatabaseSource, yaml), DatabaseSource);
            }
        }
        return (NotificationConfigReader.FindInProjectFile(meltanoYml), meltanoYml);
    }

    /// <summary>
    /// The effective settings, $VAR expanded with the project's expansion environment, with the UI's address from the
    /// project's settings (env, .env, meltano.yml, as every service resolves them) for links to a run's page.
    /// </summary>
    public static async Task<NotificationSettings> LoadAsync(ProjectContext project, SystemDbContextFactory? database, CancellationToken cancellationToken)
    {
        var (node, source) = await LoadRawAsync(project.Project.File, database, cancellationToken);
        var settings = project.Settings;
        return NotificationConfigReader.Read(node, source, project.ExpansionEnv(), settings.StrictEnvVarMode) with
        {
            UiBaseUrl = NotificationSettings.UiBaseUrlOf(settings.UiServerName, settings.UiSessionCookieSecure),
        };
    }

    /// <summary>The saved copy's YAML (<c>notification_config</c>, row 1), or null: plain SQL, as `tapline notify` reads it.</summary>
    private static async Task<string?> SavedYamlAsync(SystemDbSql sql, CancellationToken cancellationToken)
    {
        await using var connection = await sql.OpenAsync(cancellationToken);
        await using var select = sql.Command(connection, "SELECT yaml FROM notification_config WHERE id = 1", null);
        return await select.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>
    /// Saves the mapping in the system database (read-only projects); null removes it so meltano.yml applies again.
    /// EF: only the Api calls it (the UI's notification settings); no CLI verb writes the saved copy.
    /// </summary>
    public static async Task SaveToDatabaseAsync(SystemDbContextFactory database, YamlMappingNode? node, string? by, DateTime now, CancellationToken cancellationToken)
    {
        await using var db = database.CreateDbContext();
        var row = await db.NotificationConfig.FirstOrDefaultAsync(c => c.Id == 1, cancellationToken);
        if (node is null)
        {
            if (row is not null)
            {
                db.NotificationConfig.Remove(row);
            }
        }
        else
        {
            var yaml = ProjectFile.Serialize(node);
            if (row is null)
            {
                db.NotificationConfig.Add(new NotificationConfigRecord { Id = 1, Yaml = yaml, UpdatedAt = now, UpdatedBy = by });
            }
            else
            {
                (row.Yaml, row.UpdatedAt, row.UpdatedBy) = (yaml, now, by);
            }
        }
        await db.SaveChangesAsync(cancellationToken);
    }
}
