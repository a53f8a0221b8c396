using System.CommandLine;
using System.CommandLine.Parsing;
using Microsoft.Extensions.Logging;
using Tapline.Core.Project;
using Tapline.Core.Settings;

namespace Tapline.Runner.Cli;

/// <summary>The options every verb accepts (before or after the verb), and the project they select.</summary>
public static class CliGlobals
{
    public static readonly Option<string?> Cwd = new("--cwd")
    {
        Description = "Project directory (default: MELTANO_PROJECT_ROOT, else the nearest directory upward with meltano.yml)",
        Recursive = true,
    };

    public static readonly Option<string?> Environment = new("--environment")
    {
        Description = "Meltano environment (default: MELTANO_ENVIRONMENT, .env, then default_environment)",
        Recursive = true,
    };

    public static readonly Option<bool> NoEnvironment = new("--no-environment")
    {
        Description = "Use no environment (not even default_environment)",
        Recursive = true,
    };

    public static readonly Option<string> LogLevel = new("--log-level")
    {
        Description = "debug, info, warning, error or critical",
        DefaultValueFactory = _ => "info",
        Recursive = true,
    };

    public static readonly Option<string> LogFormat = new("--log-format")
    {
        Description = "colored, uncolored, json or key_value",
        DefaultValueFactory = _ => "colored",
        Recursive = true,
    };

    static CliGlobals()
    {
        LogLevel.AcceptOnlyFromAmong("debug", "info", "warning", "error", "critical");
        LogFormat.AcceptOnlyFromAmong("colored", "uncolored", "json", "key_value");
    }

    internal static void AddTo(RootCommand root)
    {
        root.Add(Cwd);
        root.Add(Environment);
        root.Add(NoEnvironment);
        root.Add(LogLevel);
        root.Add(LogFormat);
    }

    /// <summary>Opens the project the global options select.</summary>
    public static ProjectContext OpenProject(ParseResult parse) =>
        ProjectContext.Open(new ProjectOpenOptions { Cwd = parse.GetValue(Cwd), Environment = EnvironmentName(parse) });

    /// <summary>
    /// Verbs that, as Meltano's, ignore <c>default_environment</c>: an edit or a read without an explicit environment
    /// (<c>--environment</c> or MELTANO_ENVIRONMENT) is about the plugin's root, not about the default environment.
    /// </summary>
    private static readonly HashSet<string> IgnoreDefaultEnvironment = ["config", "job", "schedule", "select", "state"];

    /// <summary>
    /// The environment to pass to <see cref="ProjectOpenOptions.Environment"/> for this verb: the explicit one,
    /// "" for none (<c>--no-environment</c>, or a verb that ignores the default when none was named), else null
    /// (the project decides, default_environment included).
    /// </summary>
    public static string? EnvironmentName(ParseResult parse)
    {
        if (parse.GetValue(NoEnvironment))
        {
            return "";
        }
        var explicitName = parse.GetValue(Environment);
        if (explicitName is not null || !IgnoreDefaultEnvironment.Contains(Verb(parse)))
        {
            return explicitName;
        }
        var processEnv = ProjectContext.CurrentProcessEnv();
        return processEnv.GetValueOrDefault("MELTANO_ENVIRONMENT")
            ?? DotEnvFile.Read(Path.Combine(ProjectContext.LocateRoot(parse.GetValue(Cwd), processEnv), ".env")).GetValueOrDefault("MELTANO_ENVIRONMENT")
            ?? "";
    }

    /// <summary>The top-level verb of the command line ("config" for <c>config tap-x set ...</c>).</summary>
    public static string Verb(ParseResult parse)
    {
        Command command = parse.CommandResult.Command;
        for (var result = parse.CommandResult; result.Parent is CommandResult parent; result = parent)
        {
            command = result.Command;
        }
        return command.Name;
    }

    /// <summary>The project root the global options select, without loading it (for verbs that create or repair it).</summary>
    public static string ProjectRoot(ParseResult parse) =>
        ProjectContext.LocateRoot(parse.GetValue(Cwd), ProjectContext.CurrentProcessEnv());

    /// <summary>Logging to stderr at the chosen level and format, for verbs that log.</summary>
    public static ILoggerFactory CreateLoggerFactory(ParseResult parse)
    {
        var level = parse.GetValue(LogLevel) switch
        {
            "debug" => Microsoft.Extensions.Logging.LogLevel.Debug,
            "warning" => Microsoft.Extensions.Logging.LogLevel.Warning,
            "error" => Microsoft.Extensions.Logging.LogLevel.Error,
            "critical" => Microsoft.Extensions.Logging.LogLevel.Critical,
            _ => Microsoft.Extensions.Logging.LogLevel.Information,
        };
        var format = parse.GetValue(LogFormat);
        return LoggerFactory.Create(b =>
        {
            b.SetMinimumLevel(level);
            if (format == "json")
            {
                b.AddJsonConsole(o => o.IncludeScopes = false);
            }
            else
            {
                b.AddSimpleConsole(o =>
                {
                    o.SingleLine = true;
                    o.ColorBehavior = format == "colored"
                        ? Microsoft.Extensions.Logging.Console.LoggerColorBehavior.Default
                        : Microsoft.Extensions.Logging.Console.LoggerColorBehavior.Disabled;
                });
            }
            b.AddConsole(o => o.LogToStandardErrorThreshold = Microsoft.Extensions.Logging.LogLevel.Trace);
        });
    }
}
