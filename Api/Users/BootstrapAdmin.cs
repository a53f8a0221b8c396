using Microsoft.EntityFrameworkCore;
using Tapline.Api.Auth;
using Tapline.Core.Data;
using Tapline.Api.Database;
using Tapline.Core.Data.Users;
using Tapline.Core.Users;

namespace Tapline.Api.Users;

/// <summary>
/// TAPLINE_BOOTSTRAP_ADMIN + TAPLINE_BOOTSTRAP_PASSWORD create the first admin at start when
/// there is none (the AppHost uses it so the dashboard's UI link works on first run).
/// Never changes an existing account.
/// </summary>
public static class BootstrapAdmin
{
    public static async Task EnsureAsync(IServiceProvider services, IConfiguration configuration, ILogger logger, CancellationToken cancellationToken)
    {
        var name = configuration["TAPLINE_BOOTSTRAP_ADMIN"];
        var password = configuration["TAPLINE_BOOTSTRAP_PASSWORD"];
        if (string.IsNullOrWhiteSpace(name) || string.IsNullOrEmpty(password))
        {
            return;
        }
        if (!AccountRules.IsValidName(name.Trim()))
        {
            logger.LogError("TAPLINE_BOOTSTRAP_ADMIN: {Rule} No bootstrap admin created", AccountRules.NameMessage);
            return;
        }
        if (!AccountRules.IsValidPassword(password))
        {
            logger.LogError("TAPLINE_BOOTSTRAP_PASSWORD: {Rule} No bootstrap admin created", AccountRules.PasswordMessage);
            return;
        }
        var passwords = services.GetRequiredService<Passwords>();
        var factory = services.GetRequiredService<IDbContextFactory<SystemDbContext>>();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        if (await db.Users.AnyAsync(u => u.Role == UserRole.Admin, cancellationToken))
        {
            return;
        }
        db.Users.Add(new UserRecord
        {
            Name = name.Trim(),
            Role = UserRole.Admin,
            PasswordHash = passwords.Hasher.Hash(password),
            CreatedAt = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Bootstrap admin {User} created from TAPLINE_BOOTSTRAP_ADMIN", name);
        }
        catch (DbUpdateException e) when (DuplicateKey.Is(e))
        {
            // Another Api replica created it at the same moment, or a viewer has that name; leave it be.
            logger.LogWarning("Bootstrap admin {User} not created: the name is taken", name);
        }
    }
}
