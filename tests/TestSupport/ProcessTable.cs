namespace Tapline.TestSupport;

/// <summary>What /proc says about processes a run started: alive or not, and who is still in a process group.</summary>
public static class ProcessTable
{
    /// <summary>A process that exists and is not a zombie waiting to be reaped.</summary>
    public static bool IsAlive(int pid) => Stat(pid) is { } fields && fields[0] is not ("Z" or "X");

    /// <summary>The live processes whose process group is <paramref name="pgid"/>.</summary>
    public static IReadOnlyList<int> InGroup(int pgid)
    {
        var members = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid) && Stat(pid) is { } fields
                && fields[0] is not ("Z" or "X") && int.TryParse(fields[2], out var group) && group == pgid)
            {
                members.Add(pid);
            }
        }
        return members;
    }

    // The fields after "(comm)": state, ppid, pgrp, ... (comm itself may hold spaces and parentheses).
    private static string[]? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            return text[(text.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
