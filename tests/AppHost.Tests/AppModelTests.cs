using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace Tapline.AppHost.Tests;

/// <summary>The application model the AppHost builds from its configuration, before anything starts.</summary>
public sealed class AppModelTests
{
    [Fact]
    public async Task A_configured_connection_string_is_used_as_systemdb_and_no_database_server_is_started()
    {
        using var project = new TemporaryProject();
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
        [
            "ASPIRE_ALLOW_UNSECURED_TRANSPORT=true",
            $"Parameters:meltano-project-root={project.Root}",
            "ConnectionStrings:systemdb=Host=db.example;Database=tapline;Username=tapline;Password=x",
        ]);

        var systemdb = builder.Resources.Single(r => r.Name == "systemdb");
        Assert.IsNotType<ExecutableResource>(systemdb, exactMatch: false);
        Assert.IsAssignableFrom<IResourceWithConnectionString>(systemdb);
        Assert.DoesNotContain(builder.Resources, r => r.Name == "postgres");
        // Nothing was initialised on disk either.
        Assert.False(Directory.Exists(Path.Combine(project.Root, ".meltano", "postgres")));
    }

    [Fact]
    public async Task Runner_replicas_come_from_the_runner_replicas_parameter()
    {
        using var project = new TemporaryProject();
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
        [
            "ASPIRE_ALLOW_UNSECURED_TRANSPORT=true",
            $"Parameters:meltano-project-root={project.Root}",
            "ConnectionStrings:systemdb=Host=db.example;Database=tapline;Username=tapline;Password=x",
            "Parameters:runner-replicas=3",
        ]);

        var runner = builder.Resources.Single(r => r.Name == "runner");
        Assert.Equal(3, runner.Annotations.OfType<ReplicaAnnotation>().Single().Replicas);
        Assert.Equal(["worker"], await ArgumentsOf(runner));
    }

    [Fact]
    public async Task A_bad_systemdb_mode_is_refused_with_the_setting_named()
    {
        using var project = new TemporaryProject();
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            [
                "ASPIRE_ALLOW_UNSECURED_TRANSPORT=true",
                $"Parameters:meltano-project-root={project.Root}",
                "Tapline:SystemDb:Mode=sqlite",
            ]);
        });
        Assert.Contains("Tapline:SystemDb:Mode='sqlite'", Innermost(error).Message);
    }

    private static Exception Innermost(Exception error) => error.InnerException is null ? error : Innermost(error.InnerException);

    private static async Task<List<string>> ArgumentsOf(IResource resource)
    {
        var context = new CommandLineArgsCallbackContext([], resource);
        foreach (var callback in resource.Annotations.OfType<CommandLineArgsCallbackAnnotation>())
        {
            await callback.Callback(context);
        }
        return context.Args.Select(a => a.ToString()!).ToList();
    }
}
