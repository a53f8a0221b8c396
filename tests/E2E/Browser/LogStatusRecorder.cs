using System.Text.Json;
using Microsoft.Playwright;

namespace Tapline.E2E.Browser;

/// <summary>
/// Records, inside the page, every text the log viewer's status line shows ("Connecting…",
/// "Live · 12 lines", "Run ended: success · 40 lines") in order, so a test can tell lines that
/// arrived while the stream was live from a log that was only there after the run ended.
/// </summary>
internal static class LogStatusRecorder
{
    private const string Script = """
        window.__taplineLogStatus = [];
        new MutationObserver(() => {
          const el = document.querySelector('.log-viewer [role=status]');
          if (!el) return;
          const seen = window.__taplineLogStatus;
          const text = el.textContent;
          if (seen[seen.length - 1] !== text) seen.push(text);
        }).observe(document, { subtree: true, childList: true, characterData: true });
        """;

    public static Task InstallAsync(IPage page) => page.AddInitScriptAsync(Script);

    public static async Task<IReadOnlyList<string>> ReadAsync(IPage page)
    {
        var json = await page.EvaluateAsync<string>("() => JSON.stringify(window.__taplineLogStatus ?? [])");
        return JsonSerializer.Deserialize<List<string>>(json) ?? [];
    }
}
