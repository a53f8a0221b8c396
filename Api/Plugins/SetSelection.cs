using FluentValidation;
using Mediator;
using Tapline.Api.Project;
using Tapline.Core.Project;

namespace Tapline.Api.Plugins;

/// <summary>
/// PUT /plugins/extractors/{name}/select: replaces the extractor's <c>select:</c> patterns in meltano.yml (the plugin's
/// own entry, or the named environment's entry for it, as <c>tapline select</c>) through the one project writer;
/// refused under project_readonly.
/// </summary>
public sealed record SetSelectionCommand(string Extractor, IReadOnlyList<string> Select, string? Environment) : ICommand<CatalogView>;

public sealed class SetSelectionValidator : AbstractValidator<SetSelectionCommand>
{
    public SetSelectionValidator()
    {
        RuleFor(c => c.Select).NotNull().WithMessage("select (the list of patterns, e.g. [\"users.*\", \"!users.email\"]) is required.");
        RuleForEach(c => c.Select).NotEmpty().WithMessage("A select pattern cannot be empty.")
            .Must(p => p is null || !p.Any(char.IsWhiteSpace)).WithMessage("Select pattern '{PropertyValue}' contains white space; patterns are stream[.property], with * and ? wildcards and ! to exclude.");
    }
}

public sealed class SetSelectionHandler(ProjectAccess projects, PluginReader plugins, CatalogReader catalogs, ILogger<SetSelectionHandler> logger)
    : ICommandHandler<SetSelectionCommand, CatalogView>
{
    public async ValueTask<CatalogView> Handle(SetSelectionCommand command, CancellationToken cancellationToken)
    {
        var (_, plugin) = await plugins.OpenAsync(PluginType.Extractors.YamlKey(), command.Extractor, command.Environment, cancellationToken);
        await ProjectEdits.ApplyAsync(projects, document => document.SetPluginSelect(plugin.Type, plugin.Name, command.Select, command.Environment), cancellationToken);
        logger.LogInformation("Select patterns of {Extractor} set to {Patterns}", plugin.Name, command.Select);
        return await catalogs.ReadAsync(plugin.Name, command.Environment, cancellationToken);
    }
}
