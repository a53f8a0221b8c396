using Tapline.TestSupport;

namespace Tapline.E2E.Hosting;

/// <summary>The repository these tests run from, and where their artefacts go.</summary>
internal static class RepositoryLayout
{
    public static string Root => RepoPaths.Root;

    /// <summary>
    /// <c>$TEST_RESULTS_DIR/e2e-screenshots</c> as test.sh sets it, else the repository's
    /// <c>TestResults/e2e-screenshots</c>, the folder test.sh uses by default.
    /// </summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(
        Environment.GetEnvironmentVariable("TEST_RESULTS_DIR") is { Length: > 0 } results ? results : Path.Combine(Root, "TestResults"),
        "e2e-screenshots");
}
