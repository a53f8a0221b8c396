using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Tapline.Api.Auth;
using Tapline.Core.Data;
using Tapline.Core.Data.Runs;
using Tapline.Core.Data.Users;
using Tapline.Core.Users;
using Tapline.TestSupport;

namespace Tapline.Api.Tests.Support;

/// <summary>
/// The Api in-process over a real system database — Meltano's default SQLite file in a
/// temporary project directory, or a fresh PostgreSQL database (<see cref="CreatePostgresAsync"/>) —
/// with the given ui.* settings (as Meltano env vars).
/// </summary>
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

    /// <summary>The same Api over a fresh PostgreSQL 15 database (ConnectionStrings:systemdb, as under Aspire).</summary>
    public static async Task<ApiHost> CreatePostgresAsync(IDictionary<string, string?>? settings = null)
    {
        var pg = await PostgresServer.GetAsync();
        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["ConnectionStrings:systemdb"] = await pg.CreateDatabaseAsync("api"),
        };
        return new ApiHost(all);
    }

    public string ProjectRoot { get; }
    public string LogRoot => Path.Combine(ProjectRoot, ".meltano", "logs");
    public ManualClock Clock { get; } = new();

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
            services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, LanClientAddress>();
        });
    }

    public async Task<SystemDbContext> DbAsync()
    {
        var factory = Services.GetRequiredService<IDbContextFactory<SystemDbContext>>();
        return await factory.CreateDbContextAsync();
    }

    public async Task<UserRecord> AddUserAsync(string name, string role, string password)
    {
        await using var db = await DbAsync();
        var user = new UserRecord
        {
            Name = name,
            Role = role == "admin" ? UserRole.Admin : UserRole.Viewer,
            PasswordHash = Hasher.Hash(password),
            CreatedAt = DateTime.UtcNow,
        };
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user;
    }

    public async Task UpdateUserAsync(string name, Action<UserRecord> change)
    {
        await using var db = await DbAsync();
        var user = await db.Users.SingleAsync(u => u.Name == name);
        change(user);
        await db.SaveChangesAsync();
    }

    public async Task<RunRecord> AddRunAsync(Action<RunRecord>? shape = null)
    {
        await using var db = await DbAsync();
        var run = new RunRecord
        {
            RunId = Guid.NewGuid(),
            StateId = "dev:tap-csv-to-target-jsonl",
            Block = "tap-csv target-jsonl",
            Status = RunStatus.Success,
            Trigger = RunTrigger.Schedule,
            ScheduleName = "daily-csv",
            QueuedAt = DateTime.UtcNow.AddMinutes(-5),
            StartedAt = DateTime.UtcNow.AddMinutes(-4),
            EndedAt = DateTime.UtcNow.AddMinutes(-3),
            Records = 120,
        };
        shape?.Invoke(run);
        db.Runs.Add(run);
        await db.SaveChangesAsync();
        return run;
    }

    public async Task UpdateRunAsync(long id, Action<RunRecord> change)
    {
        await using var db = await DbAsync();
        var run = await db.Runs.SingleAsync(r => r.Id == id);
        change(run);
        await db.SaveChangesAsync();
    }

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
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
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
