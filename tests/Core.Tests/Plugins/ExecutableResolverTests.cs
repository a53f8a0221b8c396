using Tapline.Core.Plugins;

namespace Tapline.Core.Tests.Plugins;

public class ExecutableResolverTests
{
    private static readonly PluginSpec Tap = new("extractors", "tap-x", PipUrl: "tap-x");

    [Fact]
    public void Venv_bin_comes_first()
    {
        using var p = new TempProject();
        var venv = p.Script(".meltano/extractors/tap-x/venv/bin/tap-x", "exit 0");
        p.Script("tap-x", "exit 0");
        var pathDir = Path.GetDirectoryName(p.Script("path/tap-x", "exit 0"))!;

        Assert.Equal(venv, ExecutableResolver.Resolve(p.Root, Tap, pathDir, Path.Combine(p.Root, "bundled")));
    }

    [Fact]
    public void Executable_relative_to_the_project_comes_before_path()
    {
        using var p = new TempProject();
        var local = p.Script("bin/tap-x", "exit 0");
        var pathDir = Path.GetDirectoryName(p.Script("path/bin/tap-x", "exit 0"))!;

        Assert.Equal(local, ExecutableResolver.Resolve(p.Root, Tap with { Executable = "bin/tap-x" }, pathDir));
    }

    [Fact]
    public void Path_comes_before_the_bundled_plugins()
    {
        using var p = new TempProject();
        var onPath = p.Script("path/tap-x", "exit 0");
        p.Script("bundled/tap-x/tap-x", "exit 0");

        Assert.Equal(onPath, ExecutableResolver.Resolve(p.Root, Tap, Path.GetDirectoryName(onPath), Path.Combine(p.Root, "bundled")));
    }

    [Fact]
    public void Bundled_plugins_are_the_last_resort()
    {
        using var p = new TempProject();
        var bundled = p.Script("bundled/tap-x/tap-x", "exit 0");

        Assert.Equal(bundled, ExecutableResolver.Resolve(p.Root, Tap, Path.Combine(p.Root, "empty-path"), Path.Combine(p.Root, "bundled")));
    }

    [Fact]
    public void A_file_without_execute_permission_is_skipped()
    {
        using var p = new TempProject();
        Directory.CreateDirectory(Path.Combine(p.Root, ".meltano/extractors/tap-x/venv/bin"));
        File.WriteAllText(Path.Combine(p.Root, ".meltano/extractors/tap-x/venv/bin/tap-x"), "not executable");
        var bundled = p.Script("bundled/tap-x/tap-x", "exit 0");

        Assert.Equal(bundled, ExecutableResolver.Resolve(p.Root, Tap, "", Path.Combine(p.Root, "bundled")));
    }

    [Fact]
    public void Missing_executable_names_the_plugin_and_every_place_looked()
    {
        using var p = new TempProject();
        var e = Assert.Throws<PluginExecutableNotFoundException>(() => ExecutableResolver.Resolve(p.Root, Tap, "", Path.Combine(p.Root, "bundled")));

        Assert.Contains("'tap-x'", e.Message);
        Assert.Contains("tapline install", e.Message);
        Assert.Equal(4, e.Searched.Count);
        Assert.EndsWith(".meltano/extractors/tap-x/venv/bin/tap-x", e.Searched[0]);
        Assert.Equal("PATH", e.Searched[2]);
    }
}
