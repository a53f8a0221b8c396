using System.CommandLine;
using Tapline.Core.Project;

namespace Tapline.Runner.Cli;

/// <summary><c>tapline init DIR</c>: a new project with dev/staging/prod environments, .gitignore and .env.</summary>
public static class InitCommand
{
    public static Command Create()
    {
        var dir = new Argument<string>("DIR") { Description = "Directory of the new project (created if missing)" };
        var command = new Command("init", "Create a new Meltano project") { dir };
        CliAction.Set(command, parse =>
        {
            var baseDir = parse.GetValue(CliGlobals.Cwd) ?? Directory.GetCurrentDirectory();
            var root = Path.GetFullPath(parse.GetValue(dir)!, baseDir);
            var yml = Path.Combine(root, ProjectLoader.FileName);
            if (File.Exists(yml))
            {
                Console.Error.WriteLine($"error: {yml} already exists; not overwriting an existing project");
                return CliExit.Error;
            }
            Directory.CreateDirectory(root);
            Directory.CreateDirectory(Path.Combine(root, ".meltano"));
            File.WriteAllText(yml, $"""
                version: 1
                default_environment: dev
                project_id: {Guid.NewGuid()}
                environments:
                - name: dev
                - name: staging
                - name: prod

                """);
            WriteIfMissing(Path.Combine(root, ".gitignore"), """
                /venv
                /.meltano
                .env
                /output/*
                !/output/.gitkeep

                """);
            WriteIfMissing(Path.Combine(root, ".env"), "");
            Directory.CreateDirectory(Path.Combine(root, "output"));
            WriteIfMissing(Path.Combine(root, "output", ".gitkeep"), "");
            Console.WriteLine($"Created project at {root}");
            Console.WriteLine($"Next: cd {root} && tapline config <plugin> list");
            return CliExit.Ok;
        });
        return command;
    }

    private static void WriteIfMissing(string path, string text)
    {
        if (!File.Exists(path))
        {
            File.WriteAllText(path, text);
        }
    }
}
