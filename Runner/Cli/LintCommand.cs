using System.CommandLine;
using Tapline.Core.Project;
using Tapline.Core.Settings;

namespace Tapline.Runner.Cli;

/// <summary><c>tapline lint</c>: every problem of the project at once, settings of every plugin in every environment included.</summary>
public static class LintCommand
{
    public static Command Create()
    {
        var command = new Command("lint", "Validate meltano.yml, included files, .env and every plugin's settings");
        CliAction.Set(command, parse =>
        {
            var root = CliGlobals.ProjectRoot(parse);
            var (project, errors) = ProjectLoader.Analyze(root);
            var problems = errors.Select(e => e.ToString()).ToList();
            if (problems.Count == 0)
            {
                problems.AddRange(SettingsProblems(root));
            }
            // Warnings are what Meltano accepts: shown, but the project is valid (exit 0).
            foreach (var warning in project?.Warnings ?? [])
            {
                Console.Error.WriteLine($"{warning} (warning)");
            }
            foreach (var p in problems.Distinct())
            {
                Console.Error.WriteLine(p);
            }
            if (problems.Count > 0)
            {
                Console.Error.WriteLine($"{problems.Distinct().Count()} problem(s) found");
                return CliExit.Error;
            }
            Console.WriteLine($"{Path.Combine(root, ProjectLoader.FileName)} is valid");
            return CliExit.Ok;
        });
        return command;
    }

    private static IEnumerable<string> SettingsProblems(string root)
    {
        var problems = new List<string>();
        ProjectContext first;
        try
        {
            first = ProjectContext.Open(new ProjectOpenOptions { Cwd = root });
        }
        catch (Exception ex) when (ex is ProjectException or SettingsException)
        {
            return [ex.Message];
        }
        var environments = first.Project.Environments.Select(e => e.Name).DefaultIfEmpty(null);
        foreach (var env in environments)
        {
            ProjectContext ctx;
            try
            {
                ctx = ProjectContext.Open(new ProjectOpenOptions { Cwd = root, Environment = env });
            }
            catch (Exception ex) when (ex is ProjectException or SettingsException)
            {
                problems.Add(ex.Message);
                continue;
            }
            foreach (var plugin in ctx.Project.Plugins)
            {
                try
                {
                    ctx.ResolvePluginSettings(plugin);
                }
                catch (SettingsException ex)
                {
                    problems.Add(env is null ? $"{plugin.Location}: {ex.Message}" : $"{plugin.Location}: environment '{env}': {ex.Message}");
                }
            }
        }
        return problems;
    }
}
