using System.CommandLine;
using System.Data.Common;
using System.Text;
using System.Text.Json.Nodes;
using Tapline.Core.Data.Database;
using Tapline.Core.Data.Users;
using Tapline.Core.Users;

namespace Tapline.Runner.Cli;

/// <summary>
/// <c>tapline user add NAME --role admin|viewer</c>: a UI account in the system database. The
/// password is read from a prompt (twice, not echoed) or from the first line of stdin when it is
/// piped — never from the command line, where it would land in shell history and <c>ps</c>.
/// </summary>
public static class UserCommand
{
    public static Command Create()
    {
        var command = new Command("user", "Manage UI users");
        command.Add(CreateAdd());
        return command;
    }

    private static Command CreateAdd()
    {
        var name = new Argument<string>("NAME") { Description = "User name" };
        var role = new Option<string>("--role") { Description = "admin or viewer", DefaultValueFactory = _ => "viewer" };
        role.AcceptOnlyFromAmong("admin", "viewer");
        var add = new Command("add", "Add a user (password from a prompt or stdin)") { name, role };
        CliAction.Set(add, async (parse, ct) =>
        {
            var context = CliGlobals.OpenProject(parse);
            var salt = context.Settings.UiPasswordSalt;
            if (string.IsNullOrEmpty(salt))
            {
                throw new UsageException("ui.password_salt (MELTANO_UI_PASSWORD_SALT) is not set; run `tapline ui setup` first.");
            }
            var userName = parse.GetValue(name)!.Trim();
            if (!AccountRules.IsValidName(userName))
            {
                throw new UsageException(AccountRules.NameMessage);
            }
            var password = ReadPassword();
            if (!AccountRules.IsValidPassword(password))
            {
                throw new UsageException(AccountRules.PasswordMessage);
            }

            var factory = await CliDatabase.OpenAsync(context, ct);
            var user = new UserRecord
            {
                Name = userName,
                Role = parse.GetValue(role) == "admin" ? UserRole.Admin : UserRole.Viewer,
                PasswordHash = new PasswordHasher(salt).Hash(password),
                CreatedAt = DateTime.UtcNow,
            };
            if (!await InsertAsync(factory.Sql, user, ct))
            {
                await Console.Error.WriteLineAsync($"error: user '{userName}' already exists");
                return CliExit.Error;
            }
            Console.WriteLine($"Added user '{userName}' ({parse.GetValue(role)}) to {factory.Connection.Description}");
            await CliAudit.WriteAsync(parse, "user.add", userName, new JsonObject { ["role"] = parse.GetValue(role) }, ct);
            return CliExit.Ok;
        });
        return add;
    }

    /// <summary>
    /// The users row as EF writes it (every column); false when the name is taken. The unique indexes on
    /// name and normalized_name decide, so two concurrent adds of one name cannot both succeed.
    /// </summary>
    private static async Task<bool> InsertAsync(SystemDbSql sql, UserRecord user, CancellationToken ct)
    {
        await using var connection = await sql.OpenAsync(ct);
        await using var insert = sql.Command(connection, """
            INSERT INTO users (name, normalized_name, password_hash, role, disabled, token_version, created_at, last_login_at)
            VALUES (@name, @normalized_name, @password_hash, @role, @disabled, @token_version, @created_at, @last_login_at)
            """, null,
            ("name", user.Name), ("normalized_name", user.NormalizedName), ("password_hash", user.PasswordHash), ("role", user.Role),
            ("disabled", user.Disabled), ("token_version", user.TokenVersion), ("created_at", user.CreatedAt), ("last_login_at", user.LastLoginAt));
        try
        {
            await insert.ExecuteNonQueryAsync(ct);
            return true;
        }
        catch (DbException e) when (UniqueViolation.InSql(e))
        {
            return false;
        }
    }

    private static string ReadPassword()
    {
        if (Console.IsInputRedirected)
        {
            return (Console.In.ReadLine() ?? "").TrimEnd('\r', '\n');
        }
        var first = Prompt("Password: ");
        var second = Prompt("Repeat password: ");
        return first == second ? first : throw new UsageException("the two passwords differ.");
    }

    private static string Prompt(string label)
    {
        Console.Error.Write(label);
        var text = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter) break;
            if (key.Key == ConsoleKey.Backspace)
            {
                if (text.Length > 0) text.Length--;
                continue;
            }
            text.Append(key.KeyChar);
        }
        Console.Error.WriteLine();
        return text.ToString();
    }
}
