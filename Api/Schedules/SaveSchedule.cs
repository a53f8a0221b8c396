using FluentValidation;
using Mediator;
using Tapline.Api.Errors;
using Tapline.Api.Project;
using Tapline.Core.Project;
using Tapline.Core.Schedules;

namespace Tapline.Api.Schedules;

/// <summary>The body of POST /schedules and PUT /schedules/{name}: elt-style or job-style.</summary>
public sealed record ScheduleBody(string? Name, string? Extractor, string? Loader, string? Transform, string? Job, string? Interval);

/// <summary>Creates (<see cref="ExistingName"/> null) or replaces a schedule in meltano.yml.</summary>
public sealed record SaveScheduleCommand(string? ExistingName, ScheduleBody Body) : ICommand<string>;

/// <summary>
/// Only what is the Api's own rule (a name that is safe in a URL). Everything about the schedule
/// itself is checked by Core/Schedules in the handler, the same checks the Scheduler and the CLI make.
/// </summary>
public sealed class SaveScheduleValidator : AbstractValidator<SaveScheduleCommand>
{
    public SaveScheduleValidator() =>
        RuleFor(c => c.Body.Name).NotEmpty().Matches("^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$").OverridePropertyName("name")
            .WithMessage("name must be 1-128 letters, digits or _ . - and start with a letter or digit.");
}

public sealed class SaveScheduleHandler(ProjectAccess projects, ILogger<SaveScheduleHandler> logger) : ICommandHandler<SaveScheduleCommand, string>
{
    public async ValueTask<string> Handle(SaveScheduleCommand command, CancellationToken cancellationToken)
    {
        var body = command.Body;
        var project = projects.Open().Project;
        if (command.ExistingName is { } existing)
        {
            if (project.FindSchedule(existing) is null) throw ApiProblem.NotFound($"There is no schedule '{existing}' in meltano.yml.");
            if (body.Name != existing && project.FindSchedule(body.Name!) is not null) throw ApiProblem.Conflict($"A schedule '{body.Name}' already exists.");
        }
        else if (project.FindSchedule(body.Name!) is not null)
        {
            throw ApiProblem.Conflict($"A schedule '{body.Name}' already exists; PUT /api/v1/schedules/{body.Name} changes it.");
        }
        var previous = command.ExistingName is null ? null : project.FindSchedule(command.ExistingName);
        var definition = new ScheduleDefinition
        {
            Name = body.Name!,
            Interval = body.Interval?.Trim(),
            // As given: a body naming both a job and plugins is Core's to refuse, with its own words.
            Extractor = NullIfEmpty(body.Extractor),
            Loader = NullIfEmpty(body.Loader),
            Transform = string.IsNullOrEmpty(body.Job) ? body.Transform ?? "skip" : null,
            Job = NullIfEmpty(body.Job),
            Enabled = previous?.Enabled ?? true,
            StartDate = previous?.StartDate,
            Env = previous?.Env ?? new Dictionary<string, string>(),
            Extras = previous?.Extras ?? new Dictionary<string, object?>(),
        };
        try
        {
            ScheduleCompiler.CompileOne(definition, ProjectScheduleSpecs.Context(project, null));
        }
        catch (ScheduleException e)
        {
            throw ApiProblem.BadRequest(e.Message);
        }
        await ProjectEdits.ApplyAsync(projects, document =>
        {
            if (command.ExistingName is null) document.AddSchedule(definition);
            else document.UpdateSchedule(command.ExistingName, definition);
        }, cancellationToken);
        logger.LogInformation("Schedule {Schedule} {Action} in meltano.yml", definition.Name, command.ExistingName is null ? "added" : "updated");
        return definition.Name;
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
