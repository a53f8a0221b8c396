using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tapline.Core.Data;
using Tapline.Core.Data.Runs;

namespace Tapline.Api.Runs;

/// <summary>POST /runs/cancel: cancel many runs at once; each id is answered on its own (one that ended is no error for the others).</summary>
public sealed record CancelRunsCommand(IReadOnlyList<long> Ids, string? RequestedBy) : ICommand<CancelRunsResult>;

/// <param name="Outcome">cancelled (was queued), cancelling (running: its Runner stops it), ended (nothing to cancel), or not_found.</param>
public sealed record CancelRunResult(long Id, string Outcome, string? Status);

public sealed record CancelRunsResult(IReadOnlyList<CancelRunResult> Results);

public sealed class CancelRunsValidator : AbstractValidator<CancelRunsCommand>
{
    public const int MaxIds = 500;

    public CancelRunsValidator() =>
        RuleFor(c => c.Ids).NotEmpty().Must(ids => ids.Count <= MaxIds).WithMessage($"ids must list 1 to {MaxIds} run ids.");
}

public sealed class CancelRunsHandler(RunQueue queue, SystemDbContext db, ILogger<CancelRunsHandler> logger) : ICommandHandler<CancelRunsCommand, CancelRunsResult>
{
    public async ValueTask<CancelRunsResult> Handle(CancelRunsCommand command, CancellationToken cancellationToken)
    {
        var ids = command.Ids.Distinct().ToList();
        var before = await db.Runs.AsNoTracking().Where(r => ids.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Status, cancellationToken);
        var results = new List<CancelRunResult>();
        foreach (var id in ids)
        {
            if (!before.TryGetValue(id, out var status))
            {
                results.Add(new CancelRunResult(id, "not_found", null));
                continue;
            }
            var accepted = await queue.RequestCancelAsync(id, cancellationToken);
            var now = await db.Runs.AsNoTracking().Where(r => r.Id == id).Select(r => r.Status).SingleAsync(cancellationToken);
            var outcome = !accepted ? "ended" : now == RunStatus.Cancelled ? "cancelled" : "cancelling";
            results.Add(new CancelRunResult(id, outcome, RunView.Word(now)));
        }
        logger.LogInformation("Cancel of {Count} runs requested by {User}: {Accepted} accepted",
            ids.Count, command.RequestedBy ?? "anonymous", results.Count(r => r.Outcome is "cancelled" or "cancelling"));
        return new CancelRunsResult(results);
    }
}
