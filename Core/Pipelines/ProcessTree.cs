namespace Tapline.Core.Pipelines;

/// <summary>
/// Descendants of a process from /proc. A plugin started through a shell (`sh -c`) leaves its real
/// work in a child that would survive the shell and keep our pipes open, so stopping a plugin
/// means stopping its whole tree, snapshotted before the first signal.
/// </summary>
internal static class ProcessTree
{
    public static IReadOnlyList<int> WithDescendants(int root)
    {
        var result = new List<int> { root };
        if (!Directory.Exists("/proc"))
        {
            return result;
        }

        var children = new Dictionary<int, List<int>>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            var ppid = ReadParent(dir);
            if (ppid is null)
            {
                continue;
            }

            if (!children.TryGetValue(ppid.Value, out var list))
            {
                children[ppid.Value] = list = [];
            }

            list.Add(pid);
        }

        for (var i = 0; i < result.Count; i++)
        {
            if (children.TryGetValue(result[i], out var kids))
            {
                result.AddRange(kids);
            }
        }

        return result;
    }

    /// <summary>True while the process exists and is not a zombie waiting to be reaped.</summary>
    public static bool IsAlive(int pid)
    {
        var stat = ReadStat(Path.Combine("/proc", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return stat is not null && stat.Value.State != 'Z';
    }

    private static int? ReadParent(string procDir) => ReadStat(procDir)?.Parent;

    private static (char State, int Parent)? ReadStat(string procDir)
    {
        try
        {
            // Field 4 of stat follows the command name, which is in parentheses and may hold spaces.
            var stat = File.ReadAllText(Path.Combine(procDir, "stat"));
            var close = stat.LastIndexOf(')');
            if (close < 0)
            {
                return null;
            }

            var fields = stat[(close + 2)..].Split(' ', 3);
            return fields.Length >= 2 && fields[0].Length == 1 && int.TryParse(fields[1], out var ppid)
                ? (fields[0][0], ppid)
                : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
