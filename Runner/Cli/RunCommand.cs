using System.CommandLine;
using Tapline.Core.Pipelines.Blocks;
using Tapline.Core.Pipelines.Runs;
using Tapline.Core.Project;
using Tapline.Core.Singer;

namespace Tapline.Runner.Cli;

/// <summary><c>tapline run BLOCK...</c>: Meltano's run — blocks (tap [mapping ...] target), plugin:command steps and jobs.</summary>
public static class RunCommand
{
    internal static readonly Option<bool> FullRefresh = new("--full-refresh") { Description = "Ignore stored state: extract everything (with --select: only those streams restart, the others keep their bookmarks)" };
    internal static readonly Option<bool> RefreshCatalog = new("--refresh-catalog") { Description = "Discover the catalog even when a cached one is current" };
    internal static readonly Option<bool> NoStateUpdate = new("--no-state-update") { Description = "Read state but do not save it" };
    internal static readonly Option<bool> Force = new("--force") { Description = "Run even if a run of the same state id is running (it is marked dead)" };
    internal static readonly Option<bool> MergeState = new("--merge-state") { Description = "Merge new state into the stored state" };
    internal static readonly Option<string> StateStrategyOption = new("--state-strategy") { Description = "auto, merge or overwrite", DefaultValueFactory = _ => "auto" };
    internal static readonly Option<string[]> Select = new("--select") { Description = "Only these entities (select_filter)", AllowMultipleArgumentsPerToken = false };
    internal static readonly Option<string[]> Exclude = new("--exclude") { Description = "Not these entities (select_filter with '!')" };
    internal static readonly Option<double?> Timeout = new("--timeout") { Description = "Fail the run after this many seconds" };

    static RunCommand()
    {
        StateStrategyOption.AcceptOnlyFromAmong("auto", "merge", "overwrite");
    }

    public static Command Create()
    {
        var blocks = new Argument<string[]>("blocks") { Description = "tap [mapping ...] target, plugin:command or job names", Arity = ArgumentArity.OneOrMore };
        var dryRun = new Option<bool>("--dry-run") { Description = "Parse and show what would run; run nothing" };
        var suffix = new Option<string?>("--state-id-suffix") { Description = "Suffix of generated state ids" };
        var command = new Command("run", "Run blocks, plugin commands and jobs")
        {
            blocks, dryRun, FullRefresh, RefreshCatalog, NoStateUpdate, suffix, Force, MergeState, StateStrategyOption, Select, Exclude, Timeout,
        };
        CliAction.Set(command, async (parse, ct) =>
        {
            var (ctx, database, steps) = await PipelineCli.OpenAsync(parse, parse.GetValue(dryRun),
                project => BlockParser.Parse(RequireEnvironment(project).Project, parse.GetValue(blocks) ?? []), ct);
            var options = CommonOptions(parse, ctx.Environment?.Name) with { StateIdSuffix = parse.GetValue(suffix) };
            return await PipelineCli.ExecuteAsync(ctx, database, steps, options, parse.GetValue(Force), ct);
        });
        return command;
    }

    /// <summary>As Meltano's run: an environment is required (named, from MELTANO_ENVIRONMENT, or default_environment).</summary>
    private static ProjectContext RequireEnvironment(ProjectContext project) => project.Environment is not null
        ? project
        : throw new ProjectException("A Meltano environment must be specified: set the `default_environment` option in `meltano.yml`, or the `--environment` CLI option");

    /// <summary>The options <c>run</c> and <c>elt</c> share, as Meltano's flags.</summary>
    internal static RunOptions CommonOptions(ParseResult parse, string? environment)
    {
        var strategy = parse.GetValue(StateStrategyOption) switch
        {
            "merge" => StateStrategy.Merge,
            "overwrite" => StateStrategy.Overwrite,
            _ => StateStrategy.Auto,
        };
        try
        {
            strategy = StateStrategyArgs.FromCliArgs(parse.GetValue(MergeState), strategy);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
        var select = parse.GetValue(Select) ?? [];
        // --full-refresh alone is Meltano's (every stream); with --select it restarts only the chosen streams.
        var fullRefresh = parse.GetValue(FullRefresh);
        return new RunOptions
        {
            Environment = environment,
            FullRefresh = fullRefresh && select.Length == 0,
            FullRefreshStreams = fullRefresh ? select : [],
            RefreshCatalog = parse.GetValue(RefreshCatalog),
            NoStateUpdate = parse.GetValue(NoStateUpdate),
            StateStrategy = strategy,
            SelectFilter = [.. select, .. (parse.GetValue(Exclude) ?? []).Select(e => "!" + e)],
            TimeoutSeconds = parse.GetValue(Timeout),
        };
    }
}
