using Tapline.Core.Data.Database;
using Tapline.Core.Data.Protection;
using Tapline.Core.Project;
using Tapline.Core.Settings;

namespace Tapline.Core.Places;

/// <summary>
/// Where a project and everything Tapline keeps for it are: the project root, the system directory
/// (<c>MELTANO_SYS_DIR_ROOT</c>, default <c>&lt;root&gt;/.meltano</c>), the active environment and the
/// system database. The Api, the Scheduler, the Runner's worker and the CLI all resolve these here,
/// in Meltano's order (process env, then <c>.env</c>, then meltano.yml), so two of them started on
/// the same project can never open different SQLite files or write logs where the other does not look.
/// </summary>
public sealed record ProjectPlaces
{
    /// <summary>The Aspire connection string name; when given it wins over <c>database_uri</c>.</summary>
    public const string SystemDbConnectionName = "systemdb";

    public required string Root { get; init; }

    /// <summary><c>MELTANO_SYS_DIR_ROOT</c>: logs, plugin venvs, run files and the default SQLite database live here.</summary>
    public required string SysDir { get; init; }

    /// <summary>The active Meltano environment: the explicit one, else <c>MELTANO_ENVIRONMENT</c> (env, .env), else <c>default_environment</c>.</summary>
    public string? Environment { get; init; }

    /// <summary>
    /// The environment chosen outside meltano.yml (explicit, or <c>MELTANO_ENVIRONMENT</c> in env or .env); null means
    /// "meltano.yml's default_environment", which a long-running service reads again whenever the file changes.
    /// </summary>
    public string? SelectedEnvironment { get; init; }

    public required SystemDatabaseConnection Database { get; init; }

    /// <summary>The environment the project was resolved against (process env plus the host's flat settings).</summary>
    public required IReadOnlyDictionary<string, string> ProcessEnv { get; init; }

    /// <summary>Meltano's <c>logs</c> directory under the system directory; the Api reads logs only from here.</summary>
    public string LogsDir => Path.Combine(SysDir, "logs");

    public bool HasProject => File.Exists(Path.Combine(Root, ProjectLoader.FileName));

    /// <summary>
    /// Resolves every place. A missing or unreadable meltano.yml is not an error here (a Scheduler watches
    /// for it to appear, the Api reports it per request): settings then come from env and .env alone.
    /// </summary>
    /// <param name="processEnv">See <see cref="ServiceEnv"/> for a service's.</param>
    /// <param name="systemDbConnectionString">Aspire's <c>ConnectionStrings:systemdb</c>, if any.</param>
    /// <param name="environment">An explicit environment (<c>--environment</c>); wins over everything.</param>
    /// <exception cref="DatabaseUriException">The database setting cannot be used.</exception>
    public static ProjectPlaces Resolve(IReadOnlyDictionary<string, string> processEnv, string? systemDbConnectionString = null,
        string? cwd = null, string? environment = null)
    {
        var root = ProjectContext.LocateRoot(cwd, processEnv);
        var dotEnv = DotEnvFile.Read(Path.Combine(root, ".env"));
        MeltanoProject? project = null;
        if (File.Exists(Path.Combine(root, ProjectLoader.FileName)))
        {
            try
            {
                project = ProjectLoader.Load(root);
            }
            catch (ProjectException)
            {
                // Reported where the project is used; where things are does not depend on it being valid.
            }
        }
        var settings = ProjectSettings.Resolve(root, project?.TopLevel ?? new Dictionary<string, object?>(), processEnv, dotEnv, project?.Env);
        var selected = ProjectContext.ActiveEnvironmentName(environment, processEnv, dotEnv, defaultEnvironment: null);
        var active = selected ?? settings.DefaultEnvironment;
        return new ProjectPlaces
        {
            Root = root,
            SysDir = settings.SysDirRoot,
            Environment = string.IsNullOrEmpty(active) || active == "null" ? null : active,
            SelectedEnvironment = string.IsNullOrEmpty(selected) ? null : selected,
            Database = DatabaseOf(settings, processEnv, dotEnv, systemDbConnectionString),
            ProcessEnv = processEnv,
        };
    }

    /// <summary>The same places for a project already opened (the CLI): no second read of meltano.yml.</summary>
    public static ProjectPlaces Of(ProjectContext context, string? systemDbConnectionString = null) => new()
    {
        Root = context.Root,
        SysDir = context.Settings.SysDirRoot,
        Environment = context.Environment?.Name,
        Database = DatabaseOf(context.Settings, context.ProcessEnv, context.DotEnv, systemDbConnectionString),
        ProcessEnv = context.ProcessEnv,
    };

    /// <summary>
    /// <c>ConnectionStrings:systemdb</c> (Aspire; also as the env var <c>ConnectionStrings__systemdb</c>) wins over the
    /// resolved <c>database_uri</c>; the key that seals its Data Protection keys is <c>ui.secret_key</c>, resolved alike.
    /// </summary>
    private static SystemDatabaseConnection DatabaseOf(ProjectSettings settings, IReadOnlyDictionary<string, string> processEnv,
        IReadOnlyDictionary<string, string> dotEnv, string? systemDbConnectionString) =>
        SystemDatabaseConnection.Resolve(
            systemDbConnectionString
                ?? processEnv.GetValueOrDefault($"ConnectionStrings__{SystemDbConnectionName}")
                ?? processEnv.GetValueOrDefault($"ConnectionStrings:{SystemDbConnectionName}"),
            settings.DatabaseUri,
            settings.ProjectRoot) with { DataProtectionSecrets = DataProtectionSecrets.From(settings, processEnv, dotEnv) };

    /// <summary>
    /// A service's environment: the process's, overlaid with the host's flat configuration keys (command line,
    /// test host settings, <c>MELTANO_*</c> given to the host), where an explicitly empty value means "unset".
    /// </summary>
    /// <param name="configuration">The host configuration as key/value pairs (<c>IConfiguration.AsEnumerable()</c>).</param>
    public static IReadOnlyDictionary<string, string> ServiceEnv(IEnumerable<KeyValuePair<string, string?>> configuration)
    {
        var env = new Dictionary<string, string>(ProjectContext.CurrentProcessEnv(), StringComparer.Ordinal);
        foreach (var (key, value) in configuration)
        {
            if (value is not null && !key.Contains(':', StringComparison.Ordinal))
            {
                env[key] = value;
            }
        }
        foreach (var key in env.Where(kv => kv.Value.Length == 0).Select(kv => kv.Key).ToList())
        {
            env.Remove(key);
        }
        return env;
    }
}
