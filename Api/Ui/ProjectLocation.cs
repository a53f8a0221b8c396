namespace Tapline.Api.Ui;

/// <summary>The Meltano project the Api serves: MELTANO_PROJECT_ROOT, else the working directory.</summary>
public static class ProjectLocation
{
    public static string Root(IConfiguration configuration) =>
        Path.GetFullPath(configuration["MELTANO_PROJECT_ROOT"] is { Length: > 0 } root ? root : Directory.GetCurrentDirectory());
}
