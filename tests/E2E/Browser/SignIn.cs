using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Tapline.E2E.Browser;

/// <summary>Signing in through the SPA's own form, as a person does.</summary>
internal static class SignIn
{
    public static async Task AsAsync(IPage page, string name, string password, string? screenshot = null)
    {
        await page.GotoAsync("/pipelines");
        var form = page.GetByRole(AriaRole.Form, new() { Name = "Sign in" });
        await form.GetByLabel("Username").FillAsync(name);
        await form.GetByLabel("Password").FillAsync(password);
        if (screenshot is not null)
        {
            await Screenshots.SaveAsync(page, screenshot);
        }
        await form.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Banner)).ToContainTextAsync(name);
    }
}
