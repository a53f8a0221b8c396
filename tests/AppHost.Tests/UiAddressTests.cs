using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace Tapline.AppHost.Tests;

/// <summary>
/// ui.server_name (and ui.session_cookie_secure) reach the Api and the Scheduler from one AppHost parameter: the Api
/// serves under the name and the Scheduler's notifications build a run's link from it, so they must agree. Read from
/// the application model, before anything starts.
/// </summary>
public sealed class UiAddressTests
{
    private static readonly string[] UiServices = ["api", "scheduler"];

    private static async Task<IDistributedApplicationTestingBuilder> AppHostAsync(TemporaryProject project, params string[] settings) =>
        await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
        [
            "ASPIRE_ALLOW_UNSECURED_TRANSPORT=true",
            $"Parameters:meltano-project-root={project.Root}",
            "ConnectionStrings:systemdb=Host=db.example;Database=tapline;Username=tapline;Password=x",
            .. settings,
        ]);

    [Theory]
    [InlineData("Parameters:ui-server-name")]
    [InlineData("MELTANO_UI_SERVER_NAME")]
    public async Task The_server_name_given_to_the_AppHost_reaches_the_Api_and_the_Scheduler_as_one_parameter(string setting)
    {
        using var project = new TemporaryProject();
        await using var builder = await AppHostAsync(project, $"{setting}=tapline.example.com", "MELTANO_UI_SESSION_COOKIE_SECURE=true");

        foreach (var name in UiServices)
        {
            var env = await EnvironmentOf(builder, name);
            var serverName = Assert.IsType<ParameterResource>(env["MELTANO_UI_SERVER_NAME"]);
            Assert.Equal("ui-server-name", serverName.Name);
            Assert.Equal("tapline.example.com", await serverName.GetValueAsync(CancellationToken.None));
            var secure = Assert.IsType<ParameterResource>(env["MELTANO_UI_SESSION_COOKIE_SECURE"]);
            Assert.Equal("true", await secure.GetValueAsync(CancellationToken.None));
        }
        Assert.Single(builder.Resources, r => r.Name == "ui-server-name");
        Assert.DoesNotContain("MELTANO_UI_SERVER_NAME", (await EnvironmentOf(builder, "runner")).Keys);
    }

    [Fact]
    public async Task Without_a_server_name_the_AppHost_passes_none_and_each_service_reads_the_projects_own()
    {
        using var project = new TemporaryProject();
        await using var builder = await AppHostAsync(project);

        foreach (var name in UiServices)
        {
            var env = await EnvironmentOf(builder, name);
            Assert.DoesNotContain("MELTANO_UI_SERVER_NAME", env.Keys);
            Assert.DoesNotContain("MELTANO_UI_SESSION_COOKIE_SECURE", env.Keys);
        }
        Assert.DoesNotContain(builder.Resources, r => r.Name == "ui-server-name");
    }

    private static async Task<Dictionary<string, object>> EnvironmentOf(IDistributedApplicationTestingBuilder builder, string resourceName)
    {
        var resource = builder.Resources.Single(r => r.Name == resourceName);
        var env = new Dictionary<string, object>();
        var context = new EnvironmentCallbackContext(builder.ExecutionContext, resource, env);
        foreach (var callback in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(context);
        }
        return env;
    }
}
