namespace Tapline.TestSupport;

/// <summary>Where the repository and the shared fixtures beside it are, wherever the checkout lives.</summary>
public static class RepoPaths
{
    /// <summary>The checkout's root: the first directory upward from the test binaries holding Aspire.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>
    /// The recorded output of real third-party Singer taps: <c>TAPLINE_SINGER_RECORDINGS</c>, else
    /// <c>../shared/fixtures/singer-recordings</c> beside the checkout (where CI and developers have it).
    /// </summary>
    public static string SingerRecordings { get; } =
        Environment.GetEnvironmentVariable("TAPLINE_SINGER_RECORDINGS") is { Length: > 0 } dir
            ? dir
            : Path.GetFullPath(Path.Combine(Root, "..", "shared", "fixtures", "singer-recordings"));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Aspire.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"no Aspire.sln above {AppContext.BaseDirectory}: run the tests from a checkout");
    }
}
