using Microsoft.EntityFrameworkCore;
using Tapline.Core.Data;

namespace Tapline.Api.Logs;

/// <summary><see cref="IRunLogSource"/> over the runs table.</summary>
public sealed class DbRunLogSource(IDbContextFactory<SystemDbContext> factory) : IRunLogSource
{
    public async Task<RunLogInfo?> FindAsync(long id, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var run = await db.Runs.AsNoTracking().Where(r => r.Id == id)
            .Select(r => new { r.Id, r.LogPath, r.Status })
            .SingleOrDefaultAsync(cancellationToken);
        return run is null ? null : new RunLogInfo(run.Id, run.LogPath, run.Status.ToString().ToLowerInvariant());
    }
}
