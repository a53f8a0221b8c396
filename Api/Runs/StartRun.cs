using FluentValidation;
using Mediator;
using Tapline.Api.Errors;
using Tapline.Api.Project;
using Tapline.Api.Schedules;
using Tapline.Core.Data.Runs;
using Tapline.Core.Pipelines.Runs;

namespace Tapline.Api.Runs;

/// <summary>POST /runs: run a schedule or a job now (trigger api). Allowed under project_readonly: it changes no project file.</summary>
public sealed record StartRunCommand(string? Schedule, string? Job, string? RequestedBy) : ICommand<RunView>;

public sealed class StartRunValidator : AbstractValidator<StartRunCommand>
{
    public StartRunValidator() =>
        RuleFor(c => c).Must(c => string.IsNullOrEmpty(c.Schedule) != string.IsNullOrEmpty(c.Job))
            .OverridePropertyName("schedule").WithMessage("give either schedule or job (one of them).");
}

public sealed class StartRunHandler(ProjectAccess projects, RunQueue queue, ILogger<StartRunHandler> logger) : ICommandHandler<StartRunCommand, RunView>
{
    public async ValueTask<RunView> Handle(StartRunCommand command, CancellationToken cancellationToken)
    {
        var context = projects.Open();
        var project = context.Project;
        var environment = context.Environment?.Name;
        RunPlan plan;
        RunRequest request;
        try
        {
            if (command.Schedule is { Length: > 0 } name)
            {
                var schedule = project.FindSchedule(name) ?? throw ApiProblem.NotFound($"There is no schedule '{name}' in meltano.yml.");
                plan = RunPlan.ForSchedule(schedule, project, environment);
                request = new RunRequest(plan.StateId, plan.Block, RunTrigger.Api)
                {
                    ScheduleName = schedule.Name,
                    JobName = schedule.Job,
                    Payload = new RunOptions { Environment = environment, StateId = schedule.IsJobSchedule ? null : plan.StateId }.ToPayload(),
                };
            }
            else
            {
                var job = project.FindJob(command.Job!) ?? throw ApiProblem.NotFound($"There is no job '{command.Job}' in meltano.yml.");
                plan = RunPlan.ForJob(job, project, environment);
                request = new RunRequest(plan.StateId, plan.Block, RunTrigger.Api) { JobName = job.Name, Payload = new RunOptions { Environment = environment }.ToPayload() };
            }
        }
        catch (FormatException e)
        {
            throw new ApiProblem(StatusCodes.Status422UnprocessableEntity, "Cannot run", e.Message);
        }
        var queued = await queue.EnqueueAsync(request with { RequestedBy = command.RequestedBy }, cancellationToken);
        logger.LogInformation("Run {RunId} ({StateId}) queued through the Api by {User}", queued.Run.RunId, queued.Run.StateId, command.RequestedBy ?? "anonymous");
        return RunView.From(queued.Run);
    }
}
