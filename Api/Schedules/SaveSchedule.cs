using FluentValidation;
using Mediator;
using Tapline.Api.Errors;
using Tapline.Api.Project;
using Tapline.Core.Project;

namespace Tapline.Api.Schedules;

/// <summary>The body of POST /schedules and PUT /schedules/{name}: elt-style or job-style.</summary>
public sealed record ScheduleBody(string? Name, string? Extractor, string? Loader, string? Transform, string? Job, string? Interval);

/// <summary>Creates (<see cref="ExistingName"/> null) or replaces a schedule in meltano.yml.</summary>
public sealed record SaveScheduleCommand(string? ExistingName, ScheduleBody Body) : ICommand<string>;

public sealed class SaveScheduleValidator : AbstractValidator<SaveScheduleCommand>
{
    public SaveScheduleValidator()
    {
        RuleFor(c => c.Body.Name).NotEmpty().Matches("^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$").OverridePropertyName("name")
            .WithMessage("name must be 1-128 letters, digits or _ . - and start with a letter or digit.");
        RuleFor(c => c.Body.Interval).Must(BeAnInterval).OverridePropertyName("interval")
            .WithMessage((_, interval) => IntervalError(interval));
        RuleFor(c => c.Body).Must(b => string.IsNullOrEmpty(b.Job) != (string.IsNullOrEmpty(b.Extractor) && string.IsNullOrEmpty(b.Loader)))
            .OverridePropertyName("job").WithMessage("give either job, or extractor and loader (not both).");
        RuleFor(c => c.Body.Extractor).NotEmpty().OverridePropertyName("extractor").When(c => string.IsNullOrEmpty(c.Body.Job));
        RuleFor(c => c.Body.Loader).NotEmpty().OverridePropertyName("loader").When(c => string.IsNullOrEmpty(c.Body.Job));
        RuleFor(c => c.Body.Transform).Must(t => t is null or "run" or "skip" or "only").OverridePropertyName("transform")
            .WithMessage("transform must be run, skip or only.");
    }

    private static bool BeAnInterval(string? interval) => IntervalError(interval) is null;

    private static string? IntervalError(string? interval)
    {
        try
        {
            Interval.Parse(interval);
            return null;
        }
        catch (FormatException e)
        {
            return $"interval: {e.Message}";
        }
    }
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
        if (!string.IsNullOrEmpty(body.Job))
        {
            if (project.FindJob(body.Job) is null) throw ApiProblem.BadRequest($"job '{body.Job}' is not in meltano.yml (jobs: {Names(project.Jobs.Select(j => j.Name))}).");
        }
        else
        {
            if (project.FindPlugin(body.Extractor!, PluginType.Extractors) is null)
                throw ApiProblem.BadRequest($"extractor '{body.Extractor}' is not in meltano.yml (extractors: {Names(project.PluginsOf(PluginType.Extractors).Select(p => p.Name))}).");
            if (project.FindPlugin(body.Loader!, PluginType.Loaders) is null)
                throw ApiProblem.BadRequest($"loader '{body.Loader}' is not in meltano.yml (loaders: {Names(project.PluginsOf(PluginType.Loaders).Select(p => p.Name))}).");
        }

        var previous = command.ExistingName is null ? null : project.FindSchedule(command.ExistingName);
        var definition = new ScheduleDefinition
        {
            Name = body.Name!,
            Interval = body.Interval!.Trim(),
            Extractor = string.IsNullOrEmpty(body.Job) ? body.Extractor : null,
            Loader = string.IsNullOrEmpty(body.Job) ? body.Loader : null,
            Transform = string.IsNullOrEmpty(body.Job) ? body.Transform ?? "skip" : null,
            Job = string.IsNullOrEmpty(body.Job) ? null : body.Job,
            Enabled = previous?.Enabled ?? true,
            StartDate = previous?.StartDate,
            Env = previous?.Env ?? new Dictionary<string, string>(),
        };
        await ProjectEdits.ApplyAsync(projects, document =>
        {
            if (command.ExistingName is null) document.AddSchedule(definition);
            else document.UpdateSchedule(command.ExistingName, definition);
        }, cancellationToken);
        logger.LogInformation("Schedule {Schedule} {Action} in meltano.yml", definition.Name, command.ExistingName is null ? "added" : "updated");
        return definition.Name;
    }

    private static string Names(IEnumerable<string> names) => string.Join(", ", names) is { Length: > 0 } list ? list : "none";
}
