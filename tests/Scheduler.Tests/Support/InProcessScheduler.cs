using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Tapline.Core.Data.Database;
using Tapline.Scheduler.Hosting;

namespace Tapline.Scheduler.Tests.Support;

/// <summary>The Scheduler's services in this process on a test database, for tests that drive the reconciler directly.</summary>
internal static class InProcessScheduler
{
    public static IHost Host(string root, SystemDb db)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Services.AddTaplineScheduler(new SchedulerOptions { ProjectRoot = root },
            SystemDatabaseConnection.FromNpgsqlConnectionString(db.ConnectionString));
        return builder.Build();
    }
}
