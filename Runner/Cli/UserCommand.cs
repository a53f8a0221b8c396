using System.CommandLine;
using System.Text.Json.Nodes;
using System.Text;
using Microsoft.EntityFrameworkCore;
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
            await using var db = factory.CreateDbContext();
            var normalized = UserRecord.NormalizeName(userName);
            if (await db.Users.AnyAsync(u => u.NormalizedName == normalized, ct))
            {
                await Console.Error.WriteLineAsync($"error: user '{userName}' already exists");
                return CliExit.Error;
            }
            db.Users.Add(new UserRecord
            {
                Name = userName,
                Role = parse.GetValue(role) == "admin" ? UserRole.Admin : UserRole.Viewer,
                PasswordHash = new PasswordHasher(salt).Hash(password),
                CreatedAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync(ct);
            Console.WriteLine($"Added user '{userName}' ({parse.GetValue(role)}) to {factory.Connection.Description}");
            await CliAudit.WriteAsync(parse, "user.add", userName, new JsonObject { ["role"] = parse.GetValue(role) }, ct);
            return CliExit.Ok;
        });
        return add;
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
