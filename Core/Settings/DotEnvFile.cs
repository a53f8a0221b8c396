using System.Text;
using System.Text.RegularExpressions;

namespace Tapline.Core.Settings;

/// <summary>Reads and edits a project's <c>.env</c> (KEY=value lines, as python-dotenv writes them).</summary>
public static partial class DotEnvFile
{
    [GeneratedRegex(@"^\s*(?:export\s+)?(?<key>[A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(?<value>.*)$")]
    private static partial Regex Line();

    public static IReadOnlyDictionary<string, string> Read(string path) =>
        File.Exists(path) ? Parse(File.ReadAllText(path), path) : new Dictionary<string, string>();

    /// <summary>Parses .env text; a line that is not KEY=value, a comment or blank is an error naming the line.</summary>
    public static Dictionary<string, string> Parse(string text, string path = ".env")
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = text.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (string.IsNullOrWhiteSpace(line) || line.TrimStart().StartsWith('#'))
            {
                continue;
            }
            var m = Line().Match(line);
            if (!m.Success)
            {
                throw new SettingsException($"{path}:{i + 1}: expected KEY=value, found '{line.Trim()}'");
            }
            var raw = m.Groups["value"].Value.Trim();
            if (raw.StartsWith('"') && !raw[1..].Contains('"') )
            {
                // A double-quoted value may span lines until its closing quote.
                var sb = new StringBuilder(raw);
                while (++i < lines.Length)
                {
                    sb.Append('\n').Append(lines[i]);
                    if (lines[i].Contains('"'))
                    {
                        break;
                    }
                }
                raw = sb.ToString().Trim();
            }
            result[m.Groups["key"].Value] = Unquote(raw, path, i + 1);
        }
        return result;
    }

    private static string Unquote(string raw, string path, int line)
    {
        if (raw.StartsWith('\''))
        {
            var end = raw.IndexOf('\'', 1);
            return end < 0 ? throw new SettingsException($"{path}:{line}: unterminated ' quote") : raw[1..end];
        }
        if (raw.StartsWith('"'))
        {
            var sb = new StringBuilder();
            for (var i = 1; i < raw.Length; i++)
            {
                var c = raw[i];
                if (c == '\\' && i + 1 < raw.Length)
                {
                    var n = raw[++i];
                    sb.Append(n switch { 'n' => '\n', 't' => '\t', 'r' => '\r', _ => n });
                }
                else if (c == '"')
                {
                    return sb.ToString();
                }
                else
                {
                    sb.Append(c);
                }
            }
            throw new SettingsException($"{path}:{line}: unterminated \" quote");
        }
        var hash = raw.IndexOf(" #", StringComparison.Ordinal);
        return (hash >= 0 ? raw[..hash] : raw).Trim();
    }

    /// <summary>Sets KEY in the file (replacing its line, or appending), keeping every other line as it was.</summary>
    public static void Set(string path, string key, string value) => Rewrite(path, key, $"{key}={Quote(value)}");

    /// <summary>Removes KEY's line(s); returns whether any was there.</summary>
    public static bool Unset(string path, string key)
    {
        if (!File.Exists(path) || !Read(path).ContainsKey(key))
        {
            return false;
        }
        Rewrite(path, key, null);
        return true;
    }

    private static void Rewrite(string path, string key, string? replacement)
    {
        var lines = File.Exists(path) ? File.ReadAllText(path).Replace("\r\n", "\n").TrimEnd('\n').Split('\n').ToList() : [];
        if (lines is [""])
        {
            lines.Clear();
        }
        var written = false;
        var output = new List<string>();
        foreach (var line in lines)
        {
            var m = Line().Match(line);
            if (m.Success && m.Groups["key"].Value == key)
            {
                if (replacement is not null && !written)
                {
                    output.Add(replacement);
                    written = true;
                }
                continue;
            }
            output.Add(line);
        }
        if (replacement is not null && !written)
        {
            output.Add(replacement);
        }
        AtomicFile.WriteAllText(path, output.Count == 0 ? "" : string.Join("\n", output) + "\n");
    }

    private static string Quote(string value)
    {
        if (value.Length > 0 && value.All(c => char.IsLetterOrDigit(c) || "_-./:@+,=".Contains(c)))
        {
            return value;
        }
        if (!value.Contains('\'') && !value.Contains('\n'))
        {
            return $"'{value}'";
        }
        return "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n") + "\"";
    }
}
