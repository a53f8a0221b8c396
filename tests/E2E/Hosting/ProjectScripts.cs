namespace Tapline.E2E.Hosting;

/// <summary>Shell-script plugins a test fixture adds to its copy of demo/ (Linux only, as the E2E's whole app is).</summary>
internal static class ProjectScripts
{
    public static void Write(string root, string name, string text)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The browser tests run shell-script plugins: Linux only.");
        }

        var path = Path.Combine(root, name);
        File.WriteAllText(path, text.ReplaceLineEndings("\n") + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
    }
}
