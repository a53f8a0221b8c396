namespace Tapline.E2E.Hosting;

/// <summary>Finds the repository these tests run from, and where their artefacts go.</summary>
internal static class RepositoryLayout
{
    public static string Root { get; } = FindRoot();

    /// <summary>
    /// <c>$TEST_RESULTS_DIR/e2e-screenshots</c> as test.sh sets it, else the repository's
    /// <c>TestResults/e2e-screenshots</c>, the folder test.sh uses by default.
    /// </summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(
        Environment.GetEnvironmentVariable("TEST_RESULTS_DIR") is { Length: > 0 } results ? results : Path.Combine(Root, "TestResults"),
        "e2e-screenshots");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Aspire.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No Aspire.sln above {AppContext.BaseDirectory}");
    }
}
