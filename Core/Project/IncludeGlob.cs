using System.Text;
using System.Text.RegularExpressions;

namespace Tapline.Core.Project;

/// <summary>Expands one <c>include_paths</c> pattern (*, ?, [..], **) relative to the project root.</summary>
public static class IncludeGlob
{
    private static readonly HashSet<string> SkippedDirectories = [".meltano", ".git", "node_modules", "bin", "obj"];

    public static IReadOnlyList<string> Expand(string root, string pattern)
    {
        var normalized = pattern.Replace('\\', '/');
        while (normalized.StartsWith("./", StringComparison.Ordinal))
        {
            normalized = normalized[2..];
        }
        if (Path.IsPathRooted(normalized))
        {
            normalized = Path.GetRelativePath(root, normalized).Replace('\\', '/');
        }
        var regex = new Regex("^" + ToRegex(normalized) + "$", RegexOptions.CultureInvariant);
        return Files(root)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(rel => regex.IsMatch(rel))
            .Order(StringComparer.Ordinal)
            .Select(rel => Path.GetFullPath(Path.Combine(root, rel)))
            .ToList();
    }

    private static IEnumerable<string> Files(string dir)
    {
        foreach (var f in Directory.EnumerateFiles(dir))
        {
            yield return f;
        }
        foreach (var d in Directory.EnumerateDirectories(dir))
        {
            if (!SkippedDirectories.Contains(Path.GetFileName(d)))
            {
                foreach (var f in Files(d))
                {
                    yield return f;
                }
            }
        }
    }

    private static string ToRegex(string glob)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            switch (c)
            {
                case '*' when i + 1 < glob.Length && glob[i + 1] == '*':
                    i++;
                    if (i + 1 < glob.Length && glob[i + 1] == '/')
                    {
                        i++;
                        sb.Append("(?:.*/)?");
                    }
                    else
                    {
                        sb.Append(".*");
                    }
                    break;
                case '*':
                    sb.Append("[^/]*");
                    break;
                case '?':
                    sb.Append("[^/]");
                    break;
                case '[':
                    var end = glob.IndexOf(']', i + 1);
                    if (end < 0)
                    {
                        sb.Append(@"\[");
                        break;
                    }
                    var body = glob[(i + 1)..end];
                    sb.Append('[').Append(body.StartsWith('!') ? "^" + body[1..] : body).Append(']');
                    i = end;
                    break;
                default:
                    sb.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }
        return sb.ToString();
    }
}
