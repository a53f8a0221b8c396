using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Tapline.Api.Auth;
using Tapline.Api.Logs;
using Tapline.Core.Users;

namespace Tapline.Api.Tests.Support;

/// <summary>The Api in-process with a temporary project directory and the given ui.* settings (as Meltano env vars).</summary>
public sealed class ApiHost : WebApplicationFactory<Program>
{
    private static readonly PasswordHasher Hasher = new(Secrets.PasswordSalt);
    private readonly Dictionary<string, string?> _settings;

    public ApiHost(IDictionary<string, string?>? settings = null)
    {
        ProjectRoot = Directory.CreateTempSubdirectory("tapline-api-").FullName;
        _settings = new Dictionary<string, string?>
        {
            ["MELTANO_UI_AUTHENTICATION"] = "true",
            ["MELTANO_UI_SECRET_KEY"] = Secrets.SecretKey,
            ["MELTANO_UI_PASSWORD_SALT"] = Secrets.PasswordSalt,
            ["MELTANO_UI_BIND_HOST"] = "127.0.0.1",
            ["MELTANO_PROJECT_ROOT"] = ProjectRoot,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    public string ProjectRoot { get; }
    public string LogRoot => Path.Combine(ProjectRoot, ".meltano", "logs");
    public ManualClock Clock { get; } = new();
    public InMemoryAccountStore Accounts { get; } = new();
    public InMemoryRunLogSource Runs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<IAccountStore>(Accounts);
            services.AddSingleton<IRunLogSource>(Runs);
        });
    }

    public Account AddUser(string name, string role, string password) => Accounts.Add(name, role, Hasher.Hash(password));

    public async Task<string> LoginAsync(string name, string password)
    {
        using var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { username = name, password });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<SessionResponse>();
        return body!.AccessToken;
    }

    public HttpClient ClientWithToken(string? token)
    {
        var client = CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try
        {
            Directory.Delete(ProjectRoot, recursive: true);
        }
        catch (IOException)
        {
            // A log file still open by a stream under test; the temp directory is cleaned by the OS.
        }
    }
}
