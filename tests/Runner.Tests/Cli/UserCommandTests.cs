using Microsoft.EntityFrameworkCore;
using Tapline.Core.Data.Database;
using Tapline.Core.Data.Users;
using Tapline.Core.Users;
using static Tapline.Runner.Tests.Cli.TaplineProcess;

namespace Tapline.Runner.Tests.Cli;

/// <summary><c>tapline user add</c>: the account the UI's sign-in accepts, under the same rules as the Api's.</summary>
public class UserCommandTests
{
    private const string Salt = "cli-user-test-salt-3f9";
    private const string Password = "correct horse battery staple";

    [Theory]
    [InlineData(CliProjects.Sqlite)]
    [InlineData(CliProjects.Postgres)]
    public async Task User_add_stores_an_account_whose_password_verifies_and_refuses_a_second_with_another_case(string database)
    {
        var root = TempProject("version: 1\n");
        var env = new Dictionary<string, string>(await CliProjects.DatabaseEnvAsync(database)) { ["MELTANO_UI_PASSWORD_SALT"] = Salt };

        var added = await RunAsync(["--cwd", root, "user", "add", "Ada", "--role", "admin"], env: env, stdin: Password + "\n");
        var again = await RunAsync(["--cwd", root, "user", "add", "ADA"], env: env, stdin: Password + "\n");
        var same = await RunAsync(["--cwd", root, "user", "add", "Ada"], env: env, stdin: Password + "\n");
        var weak = await RunAsync(["--cwd", root, "user", "add", "bob"], env: env, stdin: "short\n");

        Assert.True(added.ExitCode == 0, added.ToString());
        Assert.Contains("Added user 'Ada' (admin)", added.Stdout);
        Assert.DoesNotContain(Password, added.Stdout + added.Stderr);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("user 'ADA' already exists", again.Stderr);
        Assert.Equal(1, same.ExitCode);
        Assert.Contains("error: user 'Ada' already exists", same.Stderr);
        Assert.DoesNotContain("   at ", again.Stderr + same.Stderr);
        Assert.Equal(2, weak.ExitCode);
        Assert.DoesNotContain("   at ", weak.Stderr);

        var factory = await SystemDatabase.MigrateAsync(SystemDatabaseConnection.Resolve(null, env.GetValueOrDefault("MELTANO_DATABASE_URI"), root));
        await using var context = factory.CreateDbContext();
        var users = await context.Users.AsNoTracking().ToListAsync();
        var ada = Assert.Single(users);
        Assert.Equal("Ada", ada.Name);
        Assert.Equal(UserRole.Admin, ada.Role);
        Assert.True(new PasswordHasher(Salt).Verify(Password, ada.PasswordHash));
        // The row as EF would have written it.
        Assert.Equal("ada", ada.NormalizedName);
        Assert.False(ada.Disabled);
        Assert.Equal(0, ada.TokenVersion);
        Assert.Equal(DateTimeKind.Utc, ada.CreatedAt.Kind);
        Assert.NotEqual(default, ada.CreatedAt);
        Assert.Null(ada.LastLoginAt);
    }

    [Theory]
    [InlineData(CliProjects.Sqlite)]
    [InlineData(CliProjects.Postgres)]
    public async Task User_add_refuses_a_name_an_account_written_through_EF_already_has_and_adds_another_beside_it(string database)
    {
        var root = TempProject("version: 1\n");
        var env = new Dictionary<string, string>(await CliProjects.DatabaseEnvAsync(database)) { ["MELTANO_UI_PASSWORD_SALT"] = Salt };
        var factory = await SystemDatabase.MigrateAsync(SystemDatabaseConnection.Resolve(null, env.GetValueOrDefault("MELTANO_DATABASE_URI"), root));
        await using (var context = factory.CreateDbContext())
        {
            context.Users.Add(new UserRecord { Name = "Grace", PasswordHash = new PasswordHasher(Salt).Hash(Password), Role = UserRole.Admin, CreatedAt = DateTime.UtcNow });
            await context.SaveChangesAsync();
        }

        var taken = await RunAsync(["--cwd", root, "user", "add", "grace"], env: env, stdin: Password + "\n");
        var other = await RunAsync(["--cwd", root, "user", "add", "Linus"], env: env, stdin: Password + "\n");

        Assert.Equal(1, taken.ExitCode);
        Assert.Contains("error: user 'grace' already exists", taken.Stderr);
        Assert.True(other.ExitCode == 0, other.ToString());
        await using var read = factory.CreateDbContext();
        var users = await read.Users.AsNoTracking().OrderBy(u => u.Id).ToListAsync();
        Assert.Equal(["Grace", "Linus"], users.Select(u => u.Name));
        Assert.Equal(UserRole.Viewer, users[1].Role);
        Assert.True(new PasswordHasher(Salt).Verify(Password, users[1].PasswordHash));
    }

    [Fact]
    public async Task User_add_without_a_password_salt_says_how_to_set_one()
    {
        var root = TempProject("version: 1\n");

        var result = await RunAsync(["--cwd", root, "user", "add", "ada"], stdin: Password + "\n");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("ui.password_salt (MELTANO_UI_PASSWORD_SALT) is not set", result.Stderr);
        Assert.False(File.Exists(Path.Combine(root, ".meltano", "meltano.db")));
    }
}
