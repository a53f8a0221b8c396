namespace Tapline.AppHost.Tests;

/// <summary>Finds the repository and the AppHost build these tests run against.</summary>
internal static class RepositoryLayout
{
    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    /// <summary>The AppHost assembly built in the same configuration as this test assembly.</summary>
    public static string AppHostAssembly()
    {
        // The test runs from tests/AppHost.Tests/bin/<Configuration>/<tfm>/.
        var tfmDirectory = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(System.IO.Path.DirectorySeparatorChar));
        var configuration = tfmDirectory.Parent!.Name;
        var assembly = Path("AppHost", "bin", configuration, tfmDirectory.Name, "AppHost.dll");
        if (!File.Exists(assembly))
        {
            throw new FileNotFoundException($"AppHost is not built at {assembly}; build tests/AppHost.Tests first.", assembly);
        }
        return assembly;
    }

    private static string FindRoot() => global::Tapline.TestSupport.RepoPaths.Root;
}
