using FluentValidation;
using Mediator;
using Tapline.Api.Audit;
using Tapline.Api.Errors;
using Tapline.Core.Notifications;
using Tapline.Core.Settings;

namespace Tapline.Api.Notifications;

/// <summary>PUT /notifications/channels/{name}: creates or replaces a channel. A secret sent back as "(redacted)" keeps the stored one.</summary>
public sealed record SaveChannelCommand(string Name, ChannelRequest Body, string? By) : ICommand<ChannelView>;

public sealed class SaveChannelValidator : AbstractValidator<SaveChannelCommand>
{
    public SaveChannelValidator()
    {
        RuleFor(c => c.Name).NotEmpty().MaximumLength(128).Matches("^[A-Za-z0-9_.-]+$").WithMessage("a channel name uses letters, digits, '_', '.', '-'.");
        RuleFor(c => c.Body.Type).Must(t => t is "webhook" or "slack" or "email").WithMessage("type must be webhook, slack or email.");
    }
}

public sealed class SaveChannelHandler(NotificationConfigAccess config, AuditScope audit) : ICommandHandler<SaveChannelCommand, ChannelView>
{
    public async ValueTask<ChannelView> Handle(SaveChannelCommand command, CancellationToken cancellationToken)
    {
        var body = command.Body;
        var (raw, _) = await config.LoadRawAsync(cancellationToken);
        audit.Target = $"channel {command.Name}";
        audit.Before = raw is null ? null : ChannelView.Of(command.Name, ChannelOf(raw, command.Name));
        var fields = new Dictionary<string, object?>
        {
            ["type"] = body.Type,
            ["url"] = body.Url,
            ["secret"] = body.Secret,
            ["host"] = body.Host,
            ["port"] = body.Port is { } port ? (long)port : null,
            ["security"] = body.Security,
            ["username"] = body.Username,
            ["password"] = body.Password,
            ["from"] = body.From,
            ["to"] = body.To?.Where(t => t.Length > 0).Cast<object?>().ToList(),
            ["timeout"] = body.Timeout,
        };
        YamlDotNet.RepresentationModel.YamlMappingNode? saved = null;
        await config.EditAsync(n =>
        {
            NotificationConfigEditor.SetChannel(n, command.Name, fields, Redaction.Value);
            saved = ChannelOf(n, command.Name);
        }, command.By, cancellationToken);
        var view = ChannelView.Of(command.Name, saved);
        audit.After = view;
        return view;
    }

    internal static YamlDotNet.RepresentationModel.YamlMappingNode? ChannelOf(YamlDotNet.RepresentationModel.YamlMappingNode notifications, string name) =>
        NotificationConfigEditor.Get(notifications, "channels") is YamlDotNet.RepresentationModel.YamlMappingNode channels
            ? NotificationConfigEditor.Get(channels, name) as YamlDotNet.RepresentationModel.YamlMappingNode
            : null;
}

/// <summary>DELETE /notifications/channels/{name}: refused while a rule still names the channel.</summary>
public sealed record DeleteChannelCommand(string Name, string? By) : ICommand;

public sealed class DeleteChannelHandler(NotificationConfigAccess config, AuditScope audit) : ICommandHandler<DeleteChannelCommand>
{
    public async ValueTask<Unit> Handle(DeleteChannelCommand command, CancellationToken cancellationToken)
    {
        var (raw, _) = await config.LoadRawAsync(cancellationToken);
        var existing = raw is null ? null : SaveChannelHandler.ChannelOf(raw, command.Name);
        if (existing is null)
        {
            throw ApiProblem.NotFound($"There is no notification channel '{command.Name}'.");
        }
        audit.Target = $"channel {command.Name}";
        audit.Before = ChannelView.Of(command.Name, existing);
        await config.EditAsync(n => NotificationConfigEditor.RemoveChannel(n, command.Name), command.By, cancellationToken);
        return Unit.Value;
    }
}
