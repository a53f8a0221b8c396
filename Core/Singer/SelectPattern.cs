using System.Text.RegularExpressions;

namespace Tapline.Core.Singer;

/// <summary>A parsed <c>select</c> pattern: <c>[!]stream[.prop[.subprop]]</c>; <c>\.</c> escapes a dot in the stream part.</summary>
public sealed record SelectPattern(string StreamPattern, string? PropertyPattern, bool Negated, string Raw)
{
    private static readonly Regex UnescapedDot = new(@"(?<!\\)\.", RegexOptions.CultureInvariant);

    public static SelectPattern Parse(string pattern)
    {
        var raw = pattern;
        var negated = pattern.StartsWith('!');
        if (negated) pattern = pattern[1..];

        string stream;
        string? prop = null;
        var parts = UnescapedDot.Split(pattern, 2);
        if (parts.Length == 2)
        {
            stream = parts[0];
            prop = parts[1];
        }
        else
        {
            stream = pattern;
        }
        return new SelectPattern(stream.Replace(@"\.", "."), prop, negated, raw);
    }
}
