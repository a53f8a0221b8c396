using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Tapline.Core.Project;

/// <summary>
/// YAML text to nodes for every project file (meltano.yml, include files, notification settings):
/// malformed YAML is reported where a person fixes it (the bracket left open, the tab), with line and column.
/// </summary>
internal static class ProjectYaml
{
    public static YamlNode? Get(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : null;

    /// <summary>Parses YAML text; malformed YAML is reported with line and column and yields null.</summary>
    public static YamlMappingNode? Parse(string file, string text, List<ProjectError> errors)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            var inner = ex.InnerException?.Message;
            var message = ex.Message.Split(": ", 2) is [_, var rest] && ex.Message.StartsWith('(') ? rest : ex.Message;
            // "While parsing X" starts where the enclosing X started, so the offending line is its end;
            // "While scanning X" starts at the token left open (a quote), which is what to fix.
            var parsing = message.StartsWith("While parsing", StringComparison.Ordinal);
            var at = parsing ? ex.End : ex.Start;
            var other = parsing ? ex.Start : ex.End;
            var (line, column) = ((int)at.Line, (int)at.Column);
            if (other.Line != at.Line)
            {
                message += parsing ? $" (the block starts at line {other.Line})" : $" (noticed at line {other.Line}, column {other.Column})";
            }
            if (message.Contains("tab", StringComparison.Ordinal) && FirstTabIndentedLine(text) is { } tabLine)
            {
                // YamlDotNet reports tab indentation at the start of the enclosing mapping.
                (line, column) = (tabLine, 1);
            }
            else if (UnclosedOpener(text) is { } opener)
            {
                errors.Add(Unclosed(file, opener, (line, column)));
                return null;
            }
            errors.Add(new ProjectError(file, line, column,
                $"malformed YAML: {message}{(inner is null ? "" : $" ({inner})")}"));
            return null;
        }
        catch (InvalidOperationException)
        {
            // Some malformed input trips YamlDotNet's scanner without a position; scan again to find where.
            var (line, column) = LocateScannerFailure(text);
            if (UnclosedOpener(text) is { } opener)
            {
                errors.Add(Unclosed(file, opener, (line, column)));
                return null;
            }
            errors.Add(new ProjectError(file, line, column, "malformed YAML: the scanner could not read a value here (unclosed bracket or quote?)"));
            return null;
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return new YamlMappingNode();
        }
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            var n = stream.Documents[0].RootNode;
            errors.Add(new ProjectError(file, (int)n.Start.Line, (int)n.Start.Column, "the file must be a YAML mapping (key: value) at the top"));
            return null;
        }
        return root;
    }

    private static int? FirstTabIndentedLine(string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var indent = lines[i][..(lines[i].Length - lines[i].TrimStart().Length)];
            if (indent.Contains('\t'))
            {
                return i + 1;
            }
        }
        return null;
    }

    /// <summary>
    /// Like PyYAML, a bracket left open is reported where it was opened (what to fix), naming where the parser
    /// noticed (often the end of the file).
    /// </summary>
    private static ProjectError Unclosed(string file, (char Bracket, int Line, int Column) opener, (int Line, int Column) found) =>
        new(file, opener.Line, opener.Column,
            $"malformed YAML: '{opener.Bracket}' opened here is not closed (expected ',' or '{(opener.Bracket == '[' ? ']' : '}')}'; noticed at line {found.Line}, column {found.Column})");

    /// <summary>The innermost flow bracket still open where the scanner or parser gives up; null when none is.</summary>
    private static (char Bracket, int Line, int Column)? UnclosedOpener(string text)
    {
        var open = new Stack<(char, int, int)>();
        var scanner = new Scanner(new StringReader(text));
        try
        {
            while (scanner.MoveNext())
            {
                switch (scanner.Current)
                {
                    case YamlDotNet.Core.Tokens.FlowSequenceStart t:
                        open.Push(('[', (int)t.Start.Line, (int)t.Start.Column));
                        break;
                    case YamlDotNet.Core.Tokens.FlowMappingStart t:
                        open.Push(('{', (int)t.Start.Line, (int)t.Start.Column));
                        break;
                    case YamlDotNet.Core.Tokens.FlowSequenceEnd or YamlDotNet.Core.Tokens.FlowMappingEnd when open.Count > 0:
                        open.Pop();
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or YamlException)
        {
            return open.Count > 0 ? open.Peek() : null;
        }
        return open.Count > 0 ? open.Peek() : null;
    }

    private static (int Line, int Column) LocateScannerFailure(string text)
    {
        var scanner = new Scanner(new StringReader(text));
        var last = scanner.CurrentPosition;
        try
        {
            while (scanner.MoveNext())
            {
                last = scanner.CurrentPosition;
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or YamlException)
        {
            last = scanner.CurrentPosition;
        }
        return ((int)last.Line, (int)last.Column);
    }
}
