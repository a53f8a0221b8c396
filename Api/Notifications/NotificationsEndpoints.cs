using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Tapline.Core.Data.Database;
using Tapline.Core.Notifications;

namespace Tapline.Api.Notifications;

/// <summary>/api/v1/notifications: channels (secrets redacted), rules, "Send test" and the delivery log; admins only.</summary>
public static class NotificationsEndpoints
{
    public static IServiceCollection AddTaplineNotifications(this IServiceCollection services)
    {
        services.AddScoped<NotificationConfigAccess>();
        // Its own HttpClient: the notifier retries by itself, a resilience handler on top would multiply attempts.
        services.AddSingleton(sp => new NotificationSender(new HttpClient(), sp.GetRequiredService<SystemDbContextFactory>(), sp.GetRequiredService<TimeProvider>())
        {
            Backoff = TimeSpan.FromSeconds(1),
        });
        return services;
    }

    public static RouteGroupBuilder MapNotifications(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/notifications").WithTags("Notifications").RequireAuthorization(Access.Access.Admin);
        group.MapGet("", Get);
        group.MapGet("/deliveries", Deliveries);
        group.MapPut("/channels/{name}", (string name, ChannelRequest body, IMediator m, ClaimsPrincipal user, CancellationToken ct) =>
                Ok(m.Send(new SaveChannelCommand(name, body, user.Identity?.Name), ct)))
            .RequireAuthorization(Access.Access.Write).ProducesValidationProblem().ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapDelete("/channels/{name}", async (string name, IMediator m, ClaimsPrincipal user, CancellationToken ct) =>
            {
                await m.Send(new DeleteChannelCommand(name, user.Identity?.Name), ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Access.Access.Write).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/rules", (RulesRequest body, IMediator m, ClaimsPrincipal user, CancellationToken ct) =>
                Ok(m.Send(new SaveRulesCommand(body.Rules, user.Identity?.Name), ct)))
            .RequireAuthorization(Access.Access.Write).ProducesValidationProblem().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/channels/{name}/test", (string name, IMediator m, ClaimsPrincipal user, CancellationToken ct) =>
                Ok(m.Send(new SendTestCommand(name, user.Identity?.Name), ct)))
            .RequireAuthorization(Access.Access.Write).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return api;
    }

    private static async Task<Ok<T>> Ok<T>(ValueTask<T> sent) => TypedResults.Ok(await sent);

    private static async Task<Ok<NotificationsView>> Get(NotificationConfigAccess config, CancellationToken cancellationToken)
    {
        var (raw, source) = await config.LoadRawAsync(cancellationToken);
        string? problem = null;
        try
        {
            await config.LoadAsync(cancellationToken);
        }
        catch (Errors.ApiProblem e)
        {
            problem = e.Message;
        }
        var channels = raw is not null && NotificationConfigEditor.Get(raw, "channels") is YamlDotNet.RepresentationModel.YamlMappingNode map
            ? map.Children.Select(kv => ChannelView.Of(Core.Project.YamlValues.KeyText(kv.Key), kv.Value as YamlDotNet.RepresentationModel.YamlMappingNode)).ToList()
            : [];
        var rules = raw is not null && NotificationConfigEditor.Get(raw, "rules") is YamlDotNet.RepresentationModel.YamlSequenceNode seq
            ? seq.Children.OfType<YamlDotNet.RepresentationModel.YamlMappingNode>().Select(RuleView.From).ToList()
            : [];
        var inDb = source == NotificationConfigStore.DatabaseSource;
        return TypedResults.Ok(new NotificationsView(inDb ? source : Path.GetFileName(source), inDb, config.ProjectReadonly, channels, rules, problem,
            NotificationEventKinds.All.ToList()));
    }

    private static async Task<Ok<List<DeliveryView>>> Deliveries(SystemDbContextFactory database, string? channel, int? limit, CancellationToken cancellationToken)
    {
        await using var db = database.CreateDbContext();
        var rows = db.NotificationDeliveries.AsNoTracking();
        if (channel is { Length: > 0 })
        {
            rows = rows.Where(d => d.Channel == channel);
        }
        var list = await rows.OrderByDescending(d => d.Id).Take(Math.Clamp(limit ?? 50, 1, 500)).ToListAsync(cancellationToken);
        return TypedResults.Ok(list.Select(DeliveryView.From).ToList());
    }
}
