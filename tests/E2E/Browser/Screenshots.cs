using Microsoft.Playwright;
using Tapline.E2E.Hosting;

namespace Tapline.E2E.Browser;

/// <summary>Full-page screenshots under TestResults/e2e-screenshots, one file per page shown.</summary>
internal static class Screenshots
{
    public static async Task SaveAsync(IPage page, string name)
    {
        Directory.CreateDirectory(RepositoryLayout.ScreenshotDirectory);
        await page.ScreenshotAsync(new() { Path = Path.Combine(RepositoryLayout.ScreenshotDirectory, name + ".png"), FullPage = true });
    }
}
