using System.CommandLine;
using Tapline.Core.Pipelines.Blocks;
using Tapline.Core.Project;

namespace Tapline.Runner.Cli;

/// <summary><c>tapline elt EXTRACTOR LOADER [--transform run|skip|only] [--state-id ID]</c>, as Meltano's elt.</summary>
public static class EltCommand
{
    public static Command Create()
    {
        var extractor = new Argument<string>("extractor");
        var loader = new Argument<string>("loader");
        var transform = new Option<string>("--transform") { Description = "run, skip or only (runs the transformer's `run` command)", DefaultValueFactory = _ => "skip" };
        transform.AcceptOnlyFromAmong("run", "skip", "only");
        var stateId = new Option<string?>("--state-id") { Description = "State id to read and save (default: {environment}:{extractor}-to-{loader})" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show what would run; run nothing" };
        var command = new Command("elt", "Extract, load (and transform) with one extractor and one loader")
        {
            extractor, loader, transform, stateId, dryRun,
            RunCommand.FullRefresh, RunCommand.RefreshCatalog, RunCommand.NoStateUpdate, RunCommand.Force,
            RunCommand.MergeState, RunCommand.StateStrategyOption, RunCommand.Select, RunCommand.Exclude, RunCommand.Timeout,
        };
        CliAction.Set(command, async (parse, ct) =>
        {
            var (ctx, database, steps) = await PipelineCli.OpenAsync(parse, parse.GetValue(dryRun),
                project => Plan(project, parse.GetValue(extractor)!, parse.GetValue(loader)!, parse.GetValue(transform)!), ct);
            var options = RunCommand.CommonOptions(parse, ctx.Environment?.Name) with { StateId = parse.GetValue(stateId) };
            return await PipelineCli.ExecuteAsync(ctx, database, steps, options, parse.GetValue(RunCommand.Force), ct);
        });
        return command;
    }

    private static IReadOnlyList<PipelineStep> Plan(ProjectContext ctx, string extractor, string loader, string mode)
    {
        var names = new List<string>();
        if (mode != "only")
        {
            names.Add(RequireType(ctx, extractor, PluginType.Extractors));
            names.Add(RequireType(ctx, loader, PluginType.Loaders));
        }
        if (mode != "skip")
        {
            var transformer = ctx.Project.PluginsOf(PluginType.Transformers).FirstOrDefault()
                ?? throw new ProjectException($"--transform {mode} needs a transformer plugin (plugins: transformers:) in {ctx.Project.File}");
            names.Add($"{transformer.Name}:run");
        }
        return BlockParser.Parse(ctx.Project, names);
    }

    private static string RequireType(ProjectContext ctx, string name, PluginType type)
    {
        var plugin = ctx.FindPlugin(name);
        if (plugin.Type != type)
        {
            throw new ProjectException($"'{name}' is a {plugin.Type.YamlKey()[..^1]}, not a {type.YamlKey()[..^1]}");
        }
        return name;
    }
}
