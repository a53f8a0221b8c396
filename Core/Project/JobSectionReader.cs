using YamlDotNet.RepresentationModel;

namespace Tapline.Core.Project;

/// <summary><c>jobs:</c>: each job's tasks (a string, a list, or a list of lists run together).</summary>
internal static class JobSectionReader
{
    public static List<JobDefinition> Read(ProjectReader r, YamlNode? node)
    {
        var result = new List<JobDefinition>();
        foreach (var (name, item) in r.NamedItems(node, "jobs", "a job"))
        {
            var tasks = new List<JobTask>();
            switch (ProjectYaml.Get(item, "tasks"))
            {
                case null:
                    r.Error(item, $"job '{name}' has no 'tasks'");
                    break;
                case YamlScalarNode s:
                    tasks.Add(new JobTask([s.Value ?? ""], false));
                    break;
                case YamlSequenceNode seq:
                    foreach (var t in seq.Children)
                    {
                        if (t is YamlSequenceNode inner)
                        {
                            tasks.Add(new JobTask(inner.Children.Select(c => r.Str(c, "tasks") ?? "").ToList(), true));
                        }
                        else if (r.Str(t, "tasks") is { } text)
                        {
                            tasks.Add(new JobTask([text], false));
                        }
                    }
                    break;
                case var other:
                    r.Error(other, $"job '{name}': 'tasks' must be a string, a list of strings, or a list of lists");
                    break;
            }
            result.Add(new JobDefinition
            {
                Name = name,
                Tasks = tasks,
                Extras = r.Extras(item, ["name", "tasks"]),
                Location = r.At(item),
            });
        }
        return result;
    }
}
