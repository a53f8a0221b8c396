using Tapline.Core.Places;
using Tapline.Core.Project;
using Tapline.Core.Settings;

namespace Tapline.Api.Project;

/// <summary>
/// The Meltano project the Api serves, opened fresh per request (meltano.yml can change under
/// the Api: git pull, the CLI, another replica). The process environment the project sees is
/// the real one overlaid with flat configuration keys, so MELTANO_* values given to the host
/// (command line, test host settings) count as env vars, exactly as in Meltano.
/// </summary>
public sealed class ProjectAccess
{
    public ProjectAccess(IConfiguration configuration)
    {
        ProcessEnv = ProjectPlaces.ServiceEnv(configuration.AsEnumerable());
        Places = ProjectPlaces.Resolve(ProcessEnv, configuration.GetConnectionString(ProjectPlaces.SystemDbConnectionName));
        Root = Places.Root;
    }

    /// <summary>Where the project, its system directory, environment and system database are (Core's one resolver).</summary>
    public ProjectPlaces Places { get; }

    public string Root { get; }
    public IReadOnlyDictionary<string, string> ProcessEnv { get; }
    public bool Exists => File.Exists(Path.Combine(Root, ProjectLoader.FileName));

    /// <summary>Opens meltano.yml (with .env and the environment); a broken project is a 409 problem naming file and line.</summary>
    public ProjectContext Open(string? environment = null, ISettingsDbStore? db = null)
    {
        if (!Exists)
        {
            throw new Errors.ApiProblem(StatusCodes.Status409Conflict, "No project",
                $"There is no {ProjectLoader.FileName} in {Root}; set MELTANO_PROJECT_ROOT or run `tapline init`.");
        }
        try
        {
            return ProjectContext.Open(new ProjectOpenOptions { Cwd = Root, Environment = environment, ProcessEnv = ProcessEnv, Db = db });
        }
        catch (Exception e) when (e is ProjectException or SettingsException)
        {
            throw new Errors.ApiProblem(StatusCodes.Status409Conflict, "Project is invalid", e.Message);
        }
    }

    /// <summary>Tapline's project settings (ui.*, project_readonly, database_uri), from env, .env and meltano.yml when there is one.</summary>
    public ProjectSettings Settings()
    {
        var dotEnv = DotEnvFile.Read(Path.Combine(Root, ".env"));
        var topLevel = Exists ? ProjectLoader.Load(Root).TopLevel : new Dictionary<string, object?>();
        return ProjectSettings.Resolve(Root, topLevel, ProcessEnv, dotEnv);
    }
}
