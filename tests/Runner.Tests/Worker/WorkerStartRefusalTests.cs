using Npgsql;
using Tapline.TestSupport;

namespace Tapline.Runner.Tests.Worker;

/// <summary>
/// A real <c>tapline worker</c> whose system database cannot be opened for a reason no wait will fix (a role the server does not know)
/// refuses to start with one line naming the database, not a stack trace; a database that does not answer yet is
/// waited for instead (<c>StartDuringOutageTests</c> in Faults).
/// </summary>
public sealed class WorkerStartRefusalTests
{
    [Fact]
    public async Task A_worker_given_a_database_role_that_does_not_exist_refuses_to_start_with_one_line_naming_the_database()
    {
        var server = await PostgresServer.GetAsync();
        var database = await server.CreateDatabaseAsync("refusal");
        var wrong = new NpgsqlConnectionStringBuilder(database) { Username = "no_such_role", Password = "not-the-password" }.ConnectionString;
        var project = MultiProcessProject.Create();

        await using var worker = MultiProcessWorker.Start(project.Root, new Dictionary<string, string> { ["ConnectionStrings__systemdb"] = wrong });

        Assert.Equal(1, await worker.WaitForExitAsync(TimeSpan.FromMinutes(1)));
        var line = Assert.Single(worker.Output.Split('\n'), l => l.Contains("refusing to start", StringComparison.Ordinal));
        Assert.StartsWith("tapline worker: refusing to start: system database ", line);
        Assert.Contains("cannot be opened: ", line);
        Assert.Contains("no_such_role", line);
        Assert.DoesNotContain("not-the-password", worker.Output);
        Assert.DoesNotContain("   at ", worker.Output);
        Assert.DoesNotContain("Unhandled exception", worker.Output);
    }
}
