using FluentValidation;
using Mediator;
using Tapline.Api.Errors;
using Tapline.Api.Project;
using Tapline.Core.Data.Runs;
using Tapline.Core.Schedules;

namespace Tapline.Api.Runs;

/// <summary>POST /runs: run a schedule or a job now (trigger api). Allowed under project_readonly: it changes no project file.</summary>
public sealed record StartRunCommand(string? Schedule, string? Job, string? RequestedBy) : ICommand<RunView>;

public sealed class StartRunValidator : AbstractValidator<StartRunCommand>
{
    public StartRunValidator() =>
        RuleFor(c => c).Must(c => string.IsNullOrEmpty(c.Schedule) != string.IsNullOrEmpty(c.Job))
            .OverridePropertyName("schedule").WithMessage("give either schedule or job (one of them).");
}

/// <summary>Builds the run with <see cref="RunRequests"/>, so "Run now" queues the row a fire or <c>tapline schedule run</c> would (env, timeout, retries included).</summary>
public sealed class StartRunHandler(ProjectAccess projects, RunQueue queue, ILogger<StartRunHandler> logger) : ICommandHandler<StartRunCommand, RunView>
{
    public async ValueTask<RunView> Handle(StartRunCommand command, CancellationToken cancellationToken)
    {
        var context = projects.Open();
        var project = context.Project;
        var environment = context.Environment?.Name;
        var scheduleContext = ProjectScheduleSpecs.Context(project, environment);
        RunRequest request;
        try
        {
            if (command.Schedule is { Length: > 0 } name)
            {
                var definition = project.FindSchedule(name) ?? throw ApiProblem.NotFound($"There is no schedule '{name}' in meltano.yml.");
                var schedule = ScheduleCompiler.CompileOne(ProjectScheduleSpecs.From(definition), scheduleContext);
                request = RunRequests.ForSchedule(schedule, RunTrigger.Api, environment: environment, requestedBy: command.RequestedBy);
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
        var queued = await queue.EnqueueAsync(request, cancellationToken);
        logger.LogInformation("Run {RunId} ({StateId}) queued through the Api by {User}", queued.Run.RunId, queued.Run.StateId, command.RequestedBy ?? "anonymous");
        return RunView.From(queued.Run);
    }
}
