using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Tapline.Core.Project;

/// <summary>
/// Writes an edited node tree back as the smallest change to the text it was parsed from, so comments, blank
/// lines, key order and quoting of everything the edit did not touch stay byte for byte. YamlDotNet's node
/// model drops comments, so instead of re-serialising the tree, this compares the tree with a snapshot taken
/// before the edit and splices only the entries that were added, removed or replaced into the original text.
/// </summary>
internal sealed class YamlTextPatch
{
    private readonly Dictionary<YamlNode, object> _before = new(ReferenceEqualityComparer.Instance);
    private readonly string _text;
    private readonly string _newLine;
    private readonly List<(int Start, int End, string Text)> _edits = [];

    private YamlTextPatch(string text)
    {
        _text = text;
        _newLine = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
    }

    /// <summary>Remembers the tree as parsed from <paramref name="text"/>; call before editing it.</summary>
    public static YamlTextPatch Snapshot(string text, YamlMappingNode root)
    {
        var patch = new YamlTextPatch(text);
        patch.Remember(root);
        return patch;
    }

    private void Remember(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode map:
                _before[map] = map.Children.ToList();
                foreach (var (_, value) in map.Children)
                {
                    Remember(value);
                }
                break;
            case YamlSequenceNode seq:
                _before[seq] = seq.Children.ToList();
                foreach (var item in seq.Children)
                {
                    Remember(item);
                }
                break;
            case YamlScalarNode scalar:
                _before[scalar] = (scalar.Value, scalar.Style, scalar.Tag);
                break;
        }
    }

    /// <summary>
    /// The original text with the edit applied. Falls back to a full re-serialisation (comments lost, content
    /// exact) if the spliced text would not read back as the edited tree, so a surprise in the layout can
    /// never write a wrong file.
    /// </summary>
    public string Apply(YamlMappingNode root)
    {
        string patched;
        try
        {
            if (!_before.ContainsKey(root) || root.Style == MappingStyle.Flow || Before(root).Count == 0)
            {
                return ProjectFile.Serialize(root);
            }
            PatchMapping(root);
            patched = Splice();
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentOutOfRangeException or YamlException)
        {
            return ProjectFile.Serialize(root);
        }
        return ReadsBackAs(patched, root) ? patched : ProjectFile.Serialize(root);
    }

    private static bool ReadsBackAs(string text, YamlMappingNode expected)
    {
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            return stream.Documents.Count == 1 && stream.Documents[0].RootNode is YamlMappingNode actual && SameTree(actual, expected);
        }
        catch (YamlException)
        {
            return false;
        }
    }

    private static bool SameTree(YamlNode a, YamlNode b) => (a, b) switch
    {
        (YamlMappingNode ma, YamlMappingNode mb) => ma.Children.Count == mb.Children.Count
            && ma.Children.Zip(mb.Children).All(p => YamlValues.KeyText(p.First.Key) == YamlValues.KeyText(p.Second.Key) && SameTree(p.First.Value, p.Second.Value)),
        (YamlSequenceNode sa, YamlSequenceNode sb) => sa.Children.Count == sb.Children.Count && sa.Children.Zip(sb.Children).All(p => SameTree(p.First, p.Second)),
        (YamlScalarNode xa, YamlScalarNode xb) => Equals(Typed(xa), Typed(xb)),
        _ => false,
    };

    /// <summary>A scalar built in code has no style yet; the emitter writes it plain when it can, so read it so.</summary>
    private static object? Typed(YamlScalarNode s) =>
        YamlValues.ScalarValue(s.Style == ScalarStyle.Any ? new YamlScalarNode(s.Value) { Style = ScalarStyle.Plain, Tag = s.Tag } : s);

    private string Splice()
    {
        var sb = new System.Text.StringBuilder(_text);
        foreach (var (start, end, text) in _edits.OrderByDescending(e => e.Start).ThenByDescending(e => e.End))
        {
            sb.Remove(start, end - start).Insert(start, text);
        }
        return sb.ToString();
    }

    private List<KeyValuePair<YamlNode, YamlNode>> Before(YamlMappingNode map) => (List<KeyValuePair<YamlNode, YamlNode>>)_before[map];

    private List<YamlNode> Before(YamlSequenceNode seq) => (List<YamlNode>)_before[seq];

    private bool Changed(YamlNode node) => node switch
    {
        _ when !_before.ContainsKey(node) => true,
        YamlMappingNode map => Before(map) is var was && (was.Count != map.Children.Count
            || was.Zip(map.Children).Any(p => !ReferenceEquals(p.First.Key, p.Second.Key) && YamlValues.KeyText(p.First.Key) != YamlValues.KeyText(p.Second.Key)
                || !ReferenceEquals(p.First.Value, p.Second.Value) || Changed(p.Second.Value))),
        YamlSequenceNode seq => Before(seq) is var items && (items.Count != seq.Children.Count
            || items.Zip(seq.Children).Any(p => !ReferenceEquals(p.First, p.Second) || Changed(p.Second))),
        YamlScalarNode s => !Equals(_before[s], (s.Value, s.Style, s.Tag)),
        _ => true,
    };

    // ---- mappings ----

    private void PatchMapping(YamlMappingNode map)
    {
        var was = Before(map);
        if (map.Style == MappingStyle.Flow || was.Count == 0)
        {
            throw new InvalidOperationException("flow mappings are replaced whole by the caller");
        }
        var keyIndent = (int)was[0].Key.Start.Column - 1;
        var now = map.Children.ToDictionary(kv => YamlValues.KeyText(kv.Key), kv => kv.Value);
        var kept = new HashSet<string>();
        foreach (var (key, value) in was)
        {
            var name = YamlValues.KeyText(key);
            if (!now.TryGetValue(name, out var current))
            {
                var lineStart = LineStart((int)key.Start.Index);
                if (_text[lineStart..(int)key.Start.Index].Trim().Length > 0)
                {
                    throw new InvalidOperationException("the key shares its line with a list dash; rewrite the file whole");
                }
                _edits.Add((lineStart, LineEndAfter(LastContent(value)), ""));
                continue;
            }
            kept.Add(name);
            if (ReferenceEquals(current, value) && !Changed(value))
            {
                continue;
            }
            if (ReferenceEquals(current, value) && IsBlock(value) && HasChildren(value))
            {
                PatchBlock(value);
                continue;
            }
            ReplaceValue(key, value, current, keyIndent);
        }
        var added = map.Children.Where(kv => !kept.Contains(YamlValues.KeyText(kv.Key))).ToList();
        if (added.Count > 0)
        {
            var at = LineEndAfter(LastContent(was[^1].Value));
            var block = Render(new YamlMappingNode(added), keyIndent);
            _edits.Add((at, at, NeedsLineBreakBefore(at) + block));
        }
    }

    /// <summary>Replaces the value after <c>key:</c> (everything up to the end of the entry's last line).</summary>
    private void ReplaceValue(YamlNode key, YamlNode old, YamlNode current, int keyIndent)
    {
        var colon = _text.IndexOf(':', (int)key.End.Index);
        if (ReferenceEquals(current, old) && WasEmpty(old))
        {
            // An empty "{}" or "[]" that gained entries becomes a block, as Meltano writes them.
            switch (current)
            {
                case YamlMappingNode { Children.Count: > 0 } m:
                    m.Style = MappingStyle.Block;
                    break;
                case YamlSequenceNode { Children.Count: > 0 } q:
                    q.Style = SequenceStyle.Block;
                    break;
            }
        }
        var end = LineEndAfter(LastContent(old));
        if (current is YamlScalarNode scalar && old is YamlScalarNode oldScalar && !IsBlockScalar(oldScalar) && oldScalar.Start.Index < oldScalar.End.Index)
        {
            // Only the scalar's own characters: a comment after it on the same line stays.
            KeepQuoting(oldScalar, scalar);
            _edits.Add(((int)old.Start.Index, (int)old.End.Index, Inline(scalar)));
            return;
        }
        var text = IsInline(current) ? " " + Inline(current) + _newLine : _newLine + Render(current, keyIndent + 2);
        _edits.Add((colon + 1, end, text));
    }

    private bool WasEmpty(YamlNode node) => node switch
    {
        YamlMappingNode m => Before(m).Count == 0,
        YamlSequenceNode q => Before(q).Count == 0,
        _ => false,
    };

    // ---- sequences ----

    private void PatchSequence(YamlSequenceNode seq)
    {
        var was = Before(seq);
        var dashIndent = (int)Dash(was[0]) - LineStart((int)Dash(was[0]));
        var now = new HashSet<YamlNode>(seq.Children, ReferenceEqualityComparer.Instance);
        foreach (var item in was)
        {
            if (!now.Contains(item))
            {
                _edits.Add((LineStart(Dash(item)), LineEndAfter(LastContent(item)), ""));
            }
            else if (Changed(item))
            {
                if (IsBlock(item) && HasChildren(item))
                {
                    PatchBlock(item);
                }
                else
                {
                    _edits.Add(((int)item.Start.Index, LineEndAfter(LastContent(item)), Inline(item) + _newLine));
                }
            }
        }
        // New items go after the original item they follow in the new order (before the first one if none).
        var original = new HashSet<YamlNode>(was, ReferenceEqualityComparer.Instance);
        YamlNode? anchor = null;
        var pending = new List<YamlNode>();
        void Flush(YamlNode? before)
        {
            if (pending.Count == 0)
            {
                return;
            }
            var at = anchor is not null ? LineEndAfter(LastContent(anchor)) : LineStart(Dash(before ?? was[0]));
            _edits.Add((at, at, (anchor is null ? "" : NeedsLineBreakBefore(at)) + string.Concat(pending.Select(p => Item(p, dashIndent)))));
            pending.Clear();
        }
        foreach (var item in seq.Children)
        {
            if (original.Contains(item))
            {
                Flush(item);
                anchor = item;
            }
            else
            {
                pending.Add(item);
            }
        }
        Flush(null);
    }

    private void PatchBlock(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode map:
                PatchMapping(map);
                break;
            case YamlSequenceNode seq:
                PatchSequence(seq);
                break;
        }
    }

    private string Item(YamlNode node, int dashIndent)
    {
        var pad = new string(' ', dashIndent);
        if (IsInline(node))
        {
            return pad + "- " + Inline(node) + _newLine;
        }
        var lines = Render(node, 0).Split(_newLine);
        var sb = new System.Text.StringBuilder();
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0)
            {
                continue;
            }
            sb.Append(pad).Append(i == 0 ? "- " : "  ").Append(lines[i]).Append(_newLine);
        }
        return sb.ToString();
    }

    // ---- positions ----

    private int Dash(YamlNode item)
    {
        var i = (int)item.Start.Index - 1;
        while (i >= 0 && _text[i] != '-')
        {
            i--;
        }
        return i < 0 ? throw new InvalidOperationException("no dash before a sequence item") : i;
    }

    private int LineStart(int index)
    {
        var i = index;
        while (i > 0 && _text[i - 1] != '\n')
        {
            i--;
        }
        return i;
    }

    /// <summary>The index just past the end of the line holding the character before <paramref name="index"/>.</summary>
    private int LineEndAfter(int index)
    {
        var nl = _text.IndexOf('\n', Math.Max(0, index - 1));
        return nl < 0 ? _text.Length : nl + 1;
    }

    private string NeedsLineBreakBefore(int at) => at > 0 && _text[at - 1] != '\n' ? _newLine : "";

    /// <summary>
    /// Where a node's own text ends, ignoring the comments and blank lines a block collection's end mark
    /// reaches over (those belong to what follows).
    /// </summary>
    private int LastContent(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode { Style: not MappingStyle.Flow } map when _before.ContainsKey(map) && Before(map).Count > 0:
                return LastContent(Before(map)[^1].Value);
            case YamlSequenceNode { Style: not SequenceStyle.Flow } seq when _before.ContainsKey(seq) && Before(seq).Count > 0:
                return LastContent(Before(seq)[^1]);
            case YamlScalarNode s when IsBlockScalar(s):
                var end = (int)s.End.Index;
                while (end > s.Start.Index && char.IsWhiteSpace(_text[end - 1]))
                {
                    end--;
                }
                return end;
            default:
                return (int)node.End.Index;
        }
    }

    // ---- rendering ----

    private static bool IsBlockScalar(YamlScalarNode s) => s.Style is ScalarStyle.Literal or ScalarStyle.Folded;

    private static bool IsBlock(YamlNode node) => node switch
    {
        YamlMappingNode m => m.Style != MappingStyle.Flow,
        YamlSequenceNode s => s.Style != SequenceStyle.Flow,
        _ => false,
    };

    private static bool HasChildren(YamlNode node) => node switch
    {
        YamlMappingNode m => m.Children.Count > 0,
        YamlSequenceNode s => s.Children.Count > 0,
        _ => false,
    };

    private bool IsInline(YamlNode node) => node switch
    {
        YamlScalarNode s => !IsBlockScalar(s) && s.Value?.Contains('\n') != true,
        YamlMappingNode m => m.Children.Count == 0 || m.Style == MappingStyle.Flow,
        YamlSequenceNode s => s.Children.Count == 0 || s.Style == SequenceStyle.Flow,
        _ => true,
    };

    private static void KeepQuoting(YamlScalarNode old, YamlScalarNode replacement)
    {
        // A value the user wrote in quotes keeps its quotes when it changes (unless it is no longer a string).
        if (old.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted
            && replacement.Style is ScalarStyle.Any or ScalarStyle.Plain
            && YamlValues.ScalarValue(new YamlScalarNode(replacement.Value) { Style = ScalarStyle.Plain }) is string)
        {
            replacement.Style = old.Style;
        }
    }

    private string Inline(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode { Children.Count: 0 }:
                return "{}";
            case YamlSequenceNode { Children.Count: 0 }:
                return "[]";
        }
        var text = Emit(new YamlSequenceNode(node) { Style = SequenceStyle.Flow }).Trim();
        // The node was emitted as the only item of a flow list "[...]" so the emitter picks a flow-safe form.
        return text[1..^1].Trim();
    }

    /// <summary>Block YAML for a node, every line indented by <paramref name="indent"/> spaces.</summary>
    private string Render(YamlNode node, int indent)
    {
        var text = Emit(node);
        var pad = new string(' ', indent);
        var lines = text.Split('\n');
        var sb = new System.Text.StringBuilder();
        foreach (var line in lines)
        {
            if (line.Length > 0)
            {
                sb.Append(pad).Append(line).Append(_newLine);
            }
        }
        return sb.ToString();
    }

    private static string Emit(YamlNode node)
    {
        var writer = new StringWriter { NewLine = "\n" };
        var settings = EmitterSettings.Default.WithBestWidth(int.MaxValue).WithIndentedSequences().WithNewLine("\n");
        new YamlStream(new YamlDocument(Detached(node))).Save(new Emitter(writer, settings), assignAnchors: false);
        var text = writer.ToString();
        return text.EndsWith("...\n", StringComparison.Ordinal) ? text[..^4] : text;
    }

    /// <summary>A copy without source positions, so the emitter formats it afresh.</summary>
    private static YamlNode Detached(YamlNode node) => node switch
    {
        YamlMappingNode m => new YamlMappingNode(m.Children.Select(kv => new KeyValuePair<YamlNode, YamlNode>(Detached(kv.Key), Detached(kv.Value)))) { Style = m.Style },
        YamlSequenceNode s => new YamlSequenceNode(s.Children.Select(Detached)) { Style = s.Style },
        YamlScalarNode x => new YamlScalarNode(x.Value) { Style = x.Style, Tag = x.Tag },
        _ => node,
    };
}
