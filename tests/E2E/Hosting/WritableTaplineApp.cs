namespace Tapline.E2E.Hosting;

/// <summary>Tapline as the AppHost's run mode leaves it: authentication on, project writable.</summary>
public sealed class WritableTaplineApp() : TaplineApp(new Dictionary<string, string>());
