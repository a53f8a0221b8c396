using Mediator;
using Tapline.Api.Errors;
using Tapline.Api.Project;

namespace Tapline.Api.Schedules;

/// <summary>DELETE /schedules/{name} (<see cref="Enabled"/> null) or POST .../enable|disable.</summary>
public sealed record ChangeScheduleCommand(string Name, bool? Enabled) : ICommand;

public sealed class ChangeScheduleHandler(ProjectAccess projects, ILogger<ChangeScheduleHandler> logger, Audit.AuditScope audit) : ICommandHandler<ChangeScheduleCommand>
{
    public async ValueTask<Unit> Handle(ChangeScheduleCommand command, CancellationToken cancellationToken)
    {
        audit.Before = projects.Open().Project.FindSchedule(command.Name)
            ?? throw ApiProblem.NotFound($"There is no schedule '{command.Name}' in meltano.yml.");
        await ProjectEdits.ApplyAsync(projects, document =>
        {
            if (command.Enabled is { } enabled) document.SetScheduleEnabled(command.Name, enabled);
            else document.RemoveSchedule(command.Name);
        }, cancellationToken);
        logger.LogInformation("Schedule {Schedule} {Action} in meltano.yml", command.Name,
            command.Enabled switch { null => "removed", true => "enabled", false => "disabled" });
        return Unit.Value;
    }
}
