using System.Diagnostics;
using Tapline.TestSupport;

namespace Tapline.Api.Tests.Support;

/// <summary>
/// The built Api as its own process (Tapline.Api.dll next to the test assembly), for what only a real process shows:
/// its exit code and console when it refuses to start. <see cref="ApiHost"/> covers everything else in-process.
/// </summary>
public static class ApiProcess
{
    /// <summary>The Api on a free loopback port with authentication on, <see cref="Secrets"/>, and <paramref name="environment"/> over them.</summary>
    public static (ServiceProcess Process, string HealthUrl) Start(string projectRoot, IReadOnlyDictionary<string, string> environment) =>
        StartWithout(projectRoot, environment.ToDictionary(e => e.Key, e => (string?)e.Value));

    /// <summary>The same, where a null value removes the variable (a setting left unset).</summary>
    public static (ServiceProcess Process, string HealthUrl) StartWithout(string projectRoot, IReadOnlyDictionary<string, string?> environment)
    {
        var port = ServiceProcess.FreePort();
        var psi = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Tapline.Api.dll")]) { WorkingDirectory = projectRoot };
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("MELTANO_", StringComparison.Ordinal) || k.StartsWith("ConnectionStrings__", StringComparison.Ordinal)).ToList())
        {
            psi.Environment.Remove(key);
        }
        psi.Environment["MELTANO_PROJECT_ROOT"] = projectRoot;
        psi.Environment["MELTANO_UI_AUTHENTICATION"] = "true";
        psi.Environment["MELTANO_UI_SECRET_KEY"] = Secrets.SecretKey;
        psi.Environment["MELTANO_UI_PASSWORD_SALT"] = Secrets.PasswordSalt;
        psi.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        psi.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (key, value) in environment)
        {
            if (value is null)
            {
                psi.Environment.Remove(key);
            }
            else
            {
                psi.Environment[key] = value;
            }
        }
        return (ServiceProcess.Start(psi, "the Api"), $"http://127.0.0.1:{port}/api/v1/health");
    }
}
