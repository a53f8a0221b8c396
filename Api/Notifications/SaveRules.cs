using FluentValidation;
using Tapline.Core.Notifications;
using Mediator;
using Tapline.Api.Audit;
using Tapline.Core.Project;
using YamlDotNet.RepresentationModel;

namespace Tapline.Api.Notifications;

/// <summary>PUT /notifications/rules: replaces the rules (which events go to which channels, for which schedules/jobs).</summary>
public sealed record SaveRulesCommand(List<RuleRequest>? Rules, string? By) : ICommand<List<RuleView>>;

public sealed class SaveRulesValidator : AbstractValidator<SaveRulesCommand>
{
    // An absent list is a mistake, not "delete every rule": that is an empty list, sent on purpose.
    public SaveRulesValidator() => RuleFor(c => c.Rules).NotNull().WithMessage("rules is required (a list; [] removes every rule).");
}

public sealed class SaveRulesHandler(NotificationConfigAccess config, AuditScope audit) : ICommandHandler<SaveRulesCommand, List<RuleView>>
{
    public async ValueTask<List<RuleView>> Handle(SaveRulesCommand command, CancellationToken cancellationToken)
    {
        var (raw, _) = await config.LoadRawAsync(cancellationToken);
        audit.Target = "rules";
        audit.Before = raw is not null && NotificationConfigEditor.Get(raw, "rules") is YamlSequenceNode old ? old.Children.OfType<YamlMappingNode>().Select(RuleView.From).ToList() : null;
        static List<object?>? Names(List<string>? names) => names?.Where(n => n.Length > 0).Cast<object?>().ToList();
        var rules = command.Rules!.Select(r => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
        {
            ["events"] = Names(r.Events),
            ["channels"] = Names(r.Channels),
            ["schedules"] = Names(r.Schedules),
            ["jobs"] = Names(r.Jobs),
            ["group_window"] = string.IsNullOrWhiteSpace(r.GroupWindow) ? null : r.GroupWindow.Trim(),
        }).ToList();
        List<RuleView> saved = [];
        await config.EditAsync(n =>
        {
            NotificationConfigEditor.SetRules(n, rules);
            saved = ((YamlSequenceNode)NotificationConfigEditor.Get(n, "rules")!).Children.OfType<YamlMappingNode>().Select(RuleView.From).ToList();
        }, command.By, cancellationToken);
        audit.After = saved;
        return saved;
    }
}
