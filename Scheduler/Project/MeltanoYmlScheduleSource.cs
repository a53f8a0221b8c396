using System.Security.Cryptography;
using Tapline.Core.Schedules;
using Tapline.Scheduler.Hosting;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Tapline.Scheduler.Project;

/// <summary>
/// Reads <c>schedules:</c>, <c>jobs:</c>, the extractor and loader names and
/// <c>default_environment</c> from meltano.yml. A file that does not parse is one problem naming
/// file, line and column; the Scheduler then keeps the triggers it had.
/// </summary>
public sealed class MeltanoYmlScheduleSource(SchedulerOptions options) : IScheduleSource
{
    public IReadOnlyList<string> WatchedFiles => [options.MeltanoYmlPath];

    public async ValueTask<string> HashAsync(CancellationToken cancellationToken)
    {
        try
        {
            var bytes = await File.ReadAllBytesAsync(options.MeltanoYmlPath, cancellationToken);
            return Convert.ToHexStringLower(SHA256.HashData(bytes));
        }
        catch (FileNotFoundException)
        {
            return "missing";
        }
    }

    public async ValueTask<ProjectSchedules> LoadAsync(CancellationToken cancellationToken)
    {
        var path = options.MeltanoYmlPath;
        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, cancellationToken);
        }
        catch (FileNotFoundException)
        {
            return new ProjectSchedules(ScheduleSet.Empty, "missing", [new ScheduleProblem("*", "meltano.yml", $"{path} does not exist", path)]);
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            root = stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode m ? m : new YamlMappingNode();
        }
        catch (YamlException e)
        {
            var problem = new ScheduleProblem("*", "meltano.yml", $"is not valid YAML at column {e.Start.Column}: {e.Message}", path, (int)e.Start.Line);
            return new ProjectSchedules(ScheduleSet.Empty, hash, [problem]);
        }

        var context = new ScheduleContext
        {
            Environment = options.Environment ?? Scalar(root, "default_environment"),
            Extractors = PluginNames(root, "extractors"),
            Loaders = PluginNames(root, "loaders"),
            Jobs = Jobs(root),
        };

        var definitions = new List<ScheduleSpec>();
        if (Child(root, "schedules") is YamlSequenceNode schedules)
        {
            foreach (var node in schedules.Children.OfType<YamlMappingNode>())
            {
                definitions.Add(Definition(node, path));
            }
        }

        return new ProjectSchedules(ScheduleCompiler.Compile(definitions, context), hash, []);
    }

    private static readonly HashSet<string> KnownKeys = ["name", "interval", "extractor", "loader", "transform", "job", "start_date", "env"];

    private static ScheduleSpec Definition(YamlMappingNode node, string path)
    {
        var env = Child(node, "env") is YamlMappingNode e
            ? e.Children.Where(kv => kv.Value is YamlScalarNode).ToDictionary(kv => ((YamlScalarNode)kv.Key).Value ?? "", kv => ((YamlScalarNode)kv.Value).Value ?? "")
            : new Dictionary<string, string>();
        var extras = node.Children
            .Where(kv => kv.Key is YamlScalarNode k && !KnownKeys.Contains(k.Value ?? "") && kv.Value is YamlScalarNode)
            .ToDictionary(kv => ((YamlScalarNode)kv.Key).Value!, kv => ((YamlScalarNode)kv.Value).Value);
        return new ScheduleSpec
        {
            Name = Scalar(node, "name") ?? "",
            Interval = Scalar(node, "interval"),
            Extractor = Scalar(node, "extractor"),
            Loader = Scalar(node, "loader"),
            Transform = Scalar(node, "transform"),
            Job = Scalar(node, "job"),
            StartDate = Scalar(node, "start_date"),
            Env = env,
            Extras = extras,
            File = path,
            Line = (int)node.Start.Line,
        };
    }

    private static IReadOnlySet<string> PluginNames(YamlMappingNode root, string type) =>
        Child(root, "plugins") is YamlMappingNode plugins && Child(plugins, type) is YamlSequenceNode list
            ? list.Children.OfType<YamlMappingNode>().Select(p => Scalar(p, "name")).OfType<string>().ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>();

    private static Dictionary<string, IReadOnlyList<string>> Jobs(YamlMappingNode root)
    {
        var jobs = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (Child(root, "jobs") is not YamlSequenceNode list)
        {
            return jobs;
        }
        foreach (var job in list.Children.OfType<YamlMappingNode>())
        {
            if (Scalar(job, "name") is not { } name)
            {
                continue;
            }
            var tasks = new List<string>();
            Flatten(Child(job, "tasks"), tasks);
            jobs[name] = tasks;
        }
        return jobs;
    }

    private static void Flatten(YamlNode? node, List<string> into)
    {
        switch (node)
        {
            case YamlScalarNode s when !string.IsNullOrWhiteSpace(s.Value):
                into.Add(s.Value);
                break;
            case YamlSequenceNode seq:
                foreach (var child in seq.Children)
                {
                    Flatten(child, into);
                }
                break;
        }
    }

    private static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static string? Scalar(YamlMappingNode node, string key) => Child(node, key) is YamlScalarNode s ? s.Value : null;
}
