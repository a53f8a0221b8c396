using System.Text.Json;
using Microsoft.Playwright;

namespace Tapline.E2E.Browser;

/// <summary>
/// Records, inside the page and in order, every text the log viewer's status line shows
/// ("Connecting…", "Live · 12 lines", "Run ended: success · 40 lines") and every status the
/// run page's chip shows, so a test can tell a log followed while the run was active from one
/// read after it ended.
/// </summary>
internal static class LogStatusRecorder
{
    private const string Script = """
        window.__taplineSeen = { log: [], run: [] };
        const note = (list, el) => {
          if (!el) return;
          const text = el.textContent.trim();
          if (list[list.length - 1] !== text) list.push(text);
        };
        new MutationObserver(() => {
          note(window.__taplineSeen.log, document.querySelector('.log-viewer [role=status]'));
          note(window.__taplineSeen.run, document.querySelector('main .page-head .chip'));
        }).observe(document, { subtree: true, childList: true, characterData: true });
        """;

    public static Task InstallAsync(IPage page) => page.AddInitScriptAsync(Script);

    /// <summary>What the log status line and the run's status chip showed, oldest first.</summary>
    public static async Task<(IReadOnlyList<string> Log, IReadOnlyList<string> Run)> ReadAsync(IPage page)
    {
        var json = await page.EvaluateAsync<string>("() => JSON.stringify(window.__taplineSeen)");
        var seen = JsonSerializer.Deserialize<Dictionary<string, List<string>>>(json) ?? [];
        return (seen.GetValueOrDefault("log") ?? [], seen.GetValueOrDefault("run") ?? []);
    }
}
