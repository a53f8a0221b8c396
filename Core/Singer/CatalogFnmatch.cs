using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace Tapline.Core.Singer;

/// <summary>
/// Shell-style matching with the semantics of Python's <c>fnmatch.fnmatch</c> on POSIX
/// (case-sensitive; <c>*</c> also crosses dots), because Meltano's select rules are defined by it.
/// </summary>
public static class CatalogFnmatch
{
    private static readonly ConcurrentDictionary<string, Regex> Cache = new();

    public static bool IsMatch(string name, string pattern) =>
        Cache.GetOrAdd(pattern, static p => new Regex(Translate(p), RegexOptions.Singleline | RegexOptions.CultureInvariant)).IsMatch(name);

    /// <summary>Translates a pattern as Python's <c>fnmatch.translate</c> does.</summary>
    public static string Translate(string pattern)
    {
        var result = new StringBuilder("^(?:");
        var i = 0;
        var n = pattern.Length;
        while (i < n)
        {
            var c = pattern[i++];
            switch (c)
            {
                case '*':
                    if (result.Length < 2 || result[^2] != '.' || result[^1] != '*') result.Append(".*");
                    break;
                case '?':
                    result.Append('.');
                    break;
                case '[':
                    var j = i;
                    if (j < n && pattern[j] == '!') j++;
                    if (j < n && pattern[j] == ']') j++;
                    while (j < n && pattern[j] != ']') j++;
                    if (j >= n)
                    {
                        result.Append("\\[");
                        break;
                    }
                    var stuff = pattern[i..j].Replace("\\", "\\\\");
                    i = j + 1;
                    if (stuff.Length == 0)
                    {
                        // Python: an empty set never matches.
                        result.Append("(?!)");
                    }
                    else if (stuff[0] == '!')
                    {
                        result.Append("[^").Append(EscapeClass(stuff[1..])).Append(']');
                    }
                    else
                    {
                        result.Append('[').Append(stuff[0] == '^' ? "\\^" + EscapeClass(stuff[1..]) : EscapeClass(stuff)).Append(']');
                    }
                    break;
                default:
                    result.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }
        return result.Append(")$").ToString();
    }

    // .NET treats '[' inside a class as literal except in subtraction syntax "-[", so escape it.
    private static string EscapeClass(string s) => s.Replace("[", "\\[");
}
