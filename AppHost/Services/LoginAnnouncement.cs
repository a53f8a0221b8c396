using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aspire.Hosting;

/// <summary>
/// Prints where the UI is and the first admin's login once the Api is ready, in the AppHost
/// console, in the Api's log on the dashboard and as a (masked) property of the Api resource.
/// The password is the one-time bootstrap password: it only works until the admin changes it.
/// </summary>
public static class LoginAnnouncement
{
    public static void AnnounceLoginWhenReady(
        this IDistributedApplicationBuilder builder,
        IResourceBuilder<ProjectResource> api,
        IResourceBuilder<IResourceWithEndpoints> ui,
        string adminName,
        IResourceBuilder<ParameterResource> bootstrapPassword,
        ILogger console)
    {
        builder.Eventing.Subscribe<ResourceReadyEvent>(ui.Resource, async (e, cancellationToken) =>
        {
            var password = await bootstrapPassword.Resource.GetValueAsync(cancellationToken);
            var url = ui.GetEndpoint("http").Url;
            console.LogInformation(
                "Tapline UI: {Url}  login: {Admin} / {Password}  (first admin, created when none exists; change the password after signing in)",
                url, adminName, password);

            var resourceLog = e.Services.GetRequiredService<ResourceLoggerService>().GetLogger(api.Resource);
            resourceLog.LogInformation("Tapline UI: {Url}  first admin login: {Admin} (password: see the tapline.login property or the AppHost console)", url, adminName);

            var notifications = e.Services.GetRequiredService<ResourceNotificationService>();
            await notifications.PublishUpdateAsync(api.Resource, snapshot => snapshot with
            {
                Properties = snapshot.Properties
                    .Add(new ResourcePropertySnapshot("tapline.ui", url))
                    .Add(new ResourcePropertySnapshot("tapline.login", $"{adminName} / {password}") { IsSensitive = true }),
            });
        });
    }
}
