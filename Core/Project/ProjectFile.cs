using Tapline.Core.Settings;
using YamlDotNet.RepresentationModel;

namespace Tapline.Core.Project;

/// <summary>
/// Edits project files safely: refuses when project_readonly is on, refuses a change that would leave the
/// project invalid (nothing written), and writes each changed file atomically (temp file + rename).
/// </summary>
public static class ProjectFile
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>Applies <paramref name="edit"/> to the project under <paramref name="root"/> and writes the result.</summary>
    /// <exception cref="ProjectReadOnlyException">project_readonly / MELTANO_PROJECT_READONLY is on.</exception>
    /// <exception cref="ProjectException">the project is invalid before or after the edit.</exception>
    public static void Edit(string root, Action<ProjectDocument> edit, IReadOnlyDictionary<string, string>? processEnv = null)
    {
        Gate.Wait();
        try
        {
            EditLocked(root, edit, processEnv);
        }
        finally
        {
            Gate.Release();
        }
    }

    public static async Task EditAsync(string root, Action<ProjectDocument> edit, IReadOnlyDictionary<string, string>? processEnv = null,
        CancellationToken cancellationToken = default)
    {
        await Gate.WaitAsync(cancellationToken);
        try
        {
            EditLocked(root, edit, processEnv);
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Throws <see cref="ProjectReadOnlyException"/> when project files must not change.</summary>
    public static void EnsureWritable(string root, IReadOnlyDictionary<string, object?> topLevel, IReadOnlyDictionary<string, string>? processEnv = null)
    {
        var env = processEnv ?? ProjectContext.CurrentProcessEnv();
        var settings = ProjectSettings.Resolve(root, topLevel, env, DotEnvFile.Read(Path.Combine(root, ".env")));
        if (settings.ProjectReadonly)
        {
            throw new ProjectReadOnlyException();
        }
    }

    private static void EditLocked(string root, Action<ProjectDocument> edit, IReadOnlyDictionary<string, string>? processEnv)
    {
        root = Path.GetFullPath(root);
        var (project, errors) = ProjectLoader.Analyze(root);
        if (project is null || errors.Count > 0)
        {
            throw new ProjectException(errors);
        }
        EnsureWritable(root, project.TopLevel, processEnv);

        var files = new Dictionary<string, YamlMappingNode>(StringComparer.Ordinal);
        var patches = new Dictionary<string, YamlTextPatch>(StringComparer.Ordinal);
        foreach (var file in project.IncludedFiles.Prepend(project.File))
        {
            var parseErrors = new List<ProjectError>();
            var text = File.ReadAllText(file);
            files[file] = ProjectYaml.Parse(file, text, parseErrors) ?? throw new ProjectException(parseErrors);
            patches[file] = YamlTextPatch.Snapshot(text, files[file]);
        }
        var document = new ProjectDocument(project.File, files);
        edit(document);

        // Each changed file is written as the smallest change to its text, so comments and layout survive.
        var pending = document.Changed.ToDictionary(c => c.File, c => patches[c.File].Apply(c.Root));
        if (pending.Count == 0)
        {
            return;
        }
        var (_, after) = ProjectLoader.Analyze(root, pending);
        if (after.Count > 0)
        {
            throw new ProjectException(after);
        }
        foreach (var (file, text) in pending)
        {
            AtomicFile.WriteAllText(file, text);
        }
    }

    /// <summary>YAML text of a node tree, without the explicit document end marker YamlDotNet adds.</summary>
    public static string Serialize(YamlMappingNode root)
    {
        var writer = new StringWriter { NewLine = "\n" };
        new YamlStream(new YamlDocument(root)).Save(writer, assignAnchors: false);
        var text = writer.ToString();
        if (text.EndsWith("...\n", StringComparison.Ordinal))
        {
            text = text[..^4];
        }
        return root.Children.Count == 0 ? "{}\n" : text;
    }
}
