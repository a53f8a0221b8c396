using System.CommandLine;
using Tapline.Core.Settings;
using Tapline.Core.Users;

namespace Tapline.Runner.Cli;

/// <summary>
/// <c>tapline ui setup [SERVER_NAME]</c>, as Meltano's <c>meltano ui setup</c>: writes a fresh
/// ui.secret_key and ui.password_salt (and ui.server_name when given) into .env. Existing values
/// are kept: a new salt would invalidate every password, a new key every session.
/// </summary>
public static class UiCommand
{
    public static Command Create()
    {
        var command = new Command("ui", "Configure the web UI");
        command.Add(CreateSetup());
        return command;
    }

    private static Command CreateSetup()
    {
        var serverName = new Argument<string?>("SERVER_NAME") { Description = "Host name the UI is served at (ui.server_name)", Arity = ArgumentArity.ZeroOrOne };
        var setup = new Command("setup", "Write ui.secret_key and ui.password_salt into .env") { serverName };
        CliAction.Set(setup, parse =>
        {
            var root = CliGlobals.ProjectRoot(parse);
            var path = Path.Combine(root, ".env");
            var existing = DotEnvFile.Read(path);
            var env = Core.Project.ProjectContext.CurrentProcessEnv();
            foreach (var (key, setting) in new[] { ("MELTANO_UI_SECRET_KEY", "ui.secret_key"), ("MELTANO_UI_PASSWORD_SALT", "ui.password_salt") })
            {
                if (existing.ContainsKey(key) || env.ContainsKey(key))
                {
                    Console.WriteLine($"{setting} is already set ({key}); keeping it");
                    continue;
                }
                DotEnvFile.Set(path, key, SecretGenerator.NewSecret());
                Console.WriteLine($"Wrote a new {setting} ({key}) to {path}");
            }
            if (parse.GetValue(serverName) is { Length: > 0 } name)
            {
                DotEnvFile.Set(path, "MELTANO_UI_SERVER_NAME", name);
                Console.WriteLine($"Set ui.server_name (MELTANO_UI_SERVER_NAME) to {name}");
            }
            return CliExit.Ok;
        });
        return setup;
    }
}
