using System.CommandLine;
using Tapline.Core.Pipelines.Blocks;
using Tapline.Core.Project;

namespace Tapline.Runner.Cli;

/// <summary><c>tapline elt EXTRACTOR LOADER [--transform run|skip|only] [--state-id ID]</c> and <c>el</c>, as Meltano's.</summary>
public static class EltCommand
{
    public static Command Create() => Build("elt", "Extract, load (and transform) with one extractor and one loader", withTransform: true);

    /// <summary><c>tapline el EXTRACTOR LOADER</c>: Meltano 3's elt without the (deprecated) transform step.</summary>
    public static Command CreateEl() => Build("el", "Extract and load with one extractor and one loader", withTransform: false);

    private static Command Build(string name, string description, bool withTransform)
    {
        var extractor = new Argument<string>("extractor");
        var loader = new Argument<string>("loader");
        var transform = new Option<string>("--transform") { Description = "run, skip or only (runs the transformer's `run` command)", DefaultValueFactory = _ => "skip" };
        transform.AcceptOnlyFromAmong("run", "skip", "only");
        var stateId = new Option<string?>("--state-id") { Description = "State id to read and save (default: {environment}:{extractor}-to-{loader})" };
        // Meltano spells it --dry; --dry-run is Tapline's older spelling, kept.
        var dryRun = new Option<bool>("--dry-run", "--dry") { Description = "Show what would run; run nothing" };
        var command = new Command(name, description)
        {
            extractor, loader, stateId, dryRun,
            RunCommand.FullRefresh, RunCommand.RefreshCatalog, RunCommand.NoStateUpdate, RunCommand.Force,
            RunCommand.MergeState, RunCommand.StateStrategyOption, RunCommand.Select, RunCommand.Exclude, RunCommand.Timeout,
        };
        if (withTransform)
        {
            command.Add(transform);
        }
        CliAction.Set(command, async (parse, ct) =>
        {
            var mode = withTransform ? parse.GetValue(transform)! : "skip";
            var (ctx, database, steps) = await PipelineCli.OpenAsync(parse, parse.GetValue(dryRun),
                project => Plan(project, parse.GetValue(extractor)!, parse.GetValue(loader)!, mode), ct);
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
            throw new ProjectException($"'{name}' is a {plugin.Type.Singular()}, not a {type.Singular()}");
        }
        return name;
    }
}
