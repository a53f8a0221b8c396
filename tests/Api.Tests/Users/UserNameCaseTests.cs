using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Tapline.Api.Access;
using Tapline.Api.Tests.Support;
using Tapline.Core.Data.Users;

namespace Tapline.Api.Tests.Users;

/// <summary>User names are one account whatever their case, on PostgreSQL where text compares case-sensitively.</summary>
public sealed class UserNameCaseTests : IAsyncLifetime
{
    private const string NewPassword = "a brand new password";
    private ApiHost _host = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _host = await ApiHost.CreatePostgresAsync();
        await _host.AddUserAsync("admin", Roles.Admin, Secrets.AdminPassword);
        _admin = _host.ClientWithToken(await _host.LoginAsync("admin", Secrets.AdminPassword));
    }

    public Task DisposeAsync()
    {
        _admin.Dispose();
        _host.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task ADMIN_cannot_be_created_beside_admin()
    {
        var response = await _admin.PostAsJsonAsync("/api/v1/users", new { name = "ADMIN", role = "viewer", password = NewPassword });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict);
        await using var db = await _host.DbAsync();
        Assert.Equal(1, await db.Users.CountAsync());
    }

    [Fact]
    public async Task The_database_refuses_a_second_name_differing_only_in_case()
    {
        // The unique index is the real guard, for writers that skip the Api (the CLI, a race).
        await Assert.ThrowsAsync<DbUpdateException>(() => _host.AddUserAsync("Admin", Roles.Viewer, NewPassword));
    }

    [Fact]
    public async Task A_name_keeps_its_case_for_display_and_logs_in_in_any_case()
    {
        Assert.Equal(HttpStatusCode.Created, (await _admin.PostAsJsonAsync("/api/v1/users", new { name = "Cleo", role = "viewer", password = NewPassword })).StatusCode);

        Assert.Contains("\"Cleo\"", await _admin.GetStringAsync("/api/v1/users"));
        Assert.False(string.IsNullOrEmpty(await _host.LoginAsync("cLEO", NewPassword)));
        await using var db = await _host.DbAsync();
        Assert.Equal("cleo", (await db.Users.SingleAsync(u => u.Name == "Cleo")).NormalizedName);
    }
}
