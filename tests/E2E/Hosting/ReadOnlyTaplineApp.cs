namespace Tapline.E2E.Hosting;

/// <summary>
/// Tapline with both of Meltano's read-only switches on the Api: <c>ui.readonly</c> (no change
/// through the UI at all) and <c>project_readonly</c> (no change to project files).
/// </summary>
public sealed class ReadOnlyTaplineApp() : TaplineApp(new Dictionary<string, string>
{
    ["MELTANO_UI_READONLY"] = "true",
    ["MELTANO_PROJECT_READONLY"] = "true",
});
