using System.Text;
using System.Text.RegularExpressions;

namespace Tapline.Core.Plugins;

/// <summary>Splits a <c>pip_url</c> into pip arguments the way a POSIX shell (Python's <c>shlex.split</c>) would.</summary>
public static partial class PipUrl
{
    /// <summary>
    /// Hides the credentials of every URL in <paramref name="text"/> (<c>https://user:token@host</c>
    /// becomes <c>https://***@host</c>): a pip_url, pip's command line, or pip's own output that quotes them.
    /// </summary>
    public static string Redact(string text) => Credentials().Replace(text, "://***@");

    [GeneratedRegex(@"://[^/@\s'""]+@", RegexOptions.CultureInvariant)]
    private static partial Regex Credentials();

    public static IReadOnlyList<string> Split(string pipUrl)
    {
        var args = new List<string>();
        var current = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < pipUrl.Length; i++)
        {
            var c = pipUrl[i];
            switch (c)
            {
                case ' ' or '\t' or '\n' or '\r':
                    if (inWord) args.Add(current.ToString());
                    current.Clear();
                    inWord = false;
                    break;
                case '\'':
                    inWord = true;
                    var close = pipUrl.IndexOf('\'', i + 1);
                    if (close < 0) throw new FormatException($"pip_url '{Redact(pipUrl)}': no closing quotation");
                    current.Append(pipUrl, i + 1, close - i - 1);
                    i = close;
                    break;
                case '"':
                    inWord = true;
                    for (i++; ; i++)
                    {
                        if (i >= pipUrl.Length) throw new FormatException($"pip_url '{Redact(pipUrl)}': no closing quotation");
                        if (pipUrl[i] == '"') break;
                        if (pipUrl[i] == '\\' && i + 1 < pipUrl.Length && pipUrl[i + 1] is '"' or '\\' or '$' or '`') i++;
                        current.Append(pipUrl[i]);
                    }
                    break;
                case '\\' when i + 1 < pipUrl.Length:
                    inWord = true;
                    current.Append(pipUrl[++i]);
                    break;
                default:
                    inWord = true;
                    current.Append(c);
                    break;
            }
        }
        if (inWord) args.Add(current.ToString());
        return args;
    }
}
