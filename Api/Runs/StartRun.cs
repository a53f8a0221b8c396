using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Tapline.Api.Errors;
using Tapline.Api.Project;
using Tapline.Core.Data.Runs;
using Tapline.Core.Data.State;
using Tapline.Core.Pipelines.Runs;
using Tapline.Core.Plugins;
using Tapline.Core.Schedules;

namespace Tapline.Api.Runs;

/// <summary>POST /runs: run a schedule or a job now (trigger api). Allowed under project_readonly: it changes no project file.</summary>
public sealed record StartRunCommand(string? Schedule, string? Job, string? RequestedBy, IReadOnlyList<string>? FullRefreshStreams = null) : ICommand<RunView>;

public sealed class StartRunValidator : AbstractValidator<StartRunCommand>
{
    public StartRunValidator()
    {
        RuleFor(c => c).Must(c => string.IsNullOrEmpty(c.Schedule) != string.IsNullOrEmpty(c.Job))
            .OverridePropertyName("schedule").WithMessage("give either schedule or job (one of them).");
        RuleForEach(c => c.FullRefreshStreams).Must(s => !string.IsNullOrWhiteSpace(s) && !s.StartsWith('!'))
            .OverridePropertyName("fullRefreshStreams").WithMessage("each of fullRefreshStreams must be a stream name (or a pattern like users*).");
    }
}

/// <summary>Builds the run with <see cref="RunRequests"/>, so "Run now" queues the row a fire or <c>tapline schedule run</c> would (env, timeout, retries included).</summary>
public sealed class StartRunHandler(ProjectAccess projects, RunQueue queue, StateStore state, ILogger<StartRunHandler> logger) : ICommandHandler<StartRunCommand, RunView>
{
    public async ValueTask<RunView> Handle(StartRunCommand command, CancellationToken cancellationToken)
    {
        var context = projects.Open();
        var project = context.Project;
        var environment = context.Environment?.Name;
        var scheduleContext = ProjectScheduleSpecs.Context(project, environment);
        RunRequest request;
        string? extractor = null;
        try
        {
            if (command.Schedule is { Length: > 0 } name)
            {
                var definition = project.FindSchedule(name) ?? throw ApiProblem.NotFound($"There is no schedule '{name}' in meltano.yml.");
                var schedule = ScheduleCompiler.CompileOne(definition, scheduleContext);
                request = RunRequests.ForSchedule(schedule, RunTrigger.Api, environment: environment, requestedBy: command.RequestedBy);
                extractor = definition.Extractor;
            }
            else
            {
                if (project.FindJob(command.Job!) is null) throw ApiProblem.NotFound($"There is no job '{command.Job}' in meltano.yml.");
                request = RunRequests.ForJob(command.Job!, scheduleContext, RunTrigger.Api, command.RequestedBy);
            }
        }
        catch (ScheduleException e)
        {
            throw new ApiProblem(StatusCodes.Status422UnprocessableEntity, "Cannot run", e.Message);
        }
        if (command.FullRefreshStreams is { Count: > 0 } streams)
        {
            await CheckStreamsAsync(streams, request.StateId, extractor is null ? null : Path.Combine(PluginPaths.SystemDir(context.Root), "run", extractor, PluginInvocationPreparer.CatalogFileName), cancellationToken);
            request = RunRequests.WithFullRefreshOf(request, streams);
        }
        var queued = await queue.EnqueueAsync(request, cancellationToken);
        logger.LogInformation("Run {RunId} ({StateId}) queued through the Api by {User}", queued.Run.RunId, queued.Run.StateId, command.RequestedBy ?? "anonymous");
        return RunView.From(queued.Run);
    }

    /// <summary>Each stream must be one the state has a bookmark for or the cached catalog lists, when either is known.</summary>
    private async Task CheckStreamsAsync(IReadOnlyList<string> streams, string stateId, string? catalogPath, CancellationToken cancellationToken)
    {
        var known = StreamRefresh.BookmarkedStreams(await state.LoadAsync(stateId, cancellationToken))
            .Concat(catalogPath is null ? [] : StreamRefresh.CatalogStreams(catalogPath))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var unknown = streams.Where(s => !known.Any(k => StreamRefresh.IsChosen(k, [s]))).ToList();
        if (known.Count > 0 && unknown.Count > 0)
        {
            throw new ValidationException([new ValidationFailure("fullRefreshStreams",
                $"{string.Join(", ", unknown)}: no such stream in the state of '{stateId}' or the extractor's catalog (known: {string.Join(", ", known.Order(StringComparer.Ordinal))}).")]);
        }
    }
}
