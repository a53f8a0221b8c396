using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tapline.Core.Data;
using Tapline.Core.Data.Runs;

namespace Tapline.Api.Runs;

/// <summary>GET /runs: filtered, paged, newest first.</summary>
public sealed record ListRunsQuery(
    string? StateId, string? Schedule, string? Status, string? Trigger, DateTimeOffset? From, DateTimeOffset? To, int Page, int PageSize)
    : IQuery<PageOf<RunView>>;

public sealed class ListRunsValidator : AbstractValidator<ListRunsQuery>
{
    public const int MaxPageSize = 500;

    public ListRunsValidator()
    {
        RuleFor(q => q.Page).GreaterThanOrEqualTo(1);
        RuleFor(q => q.PageSize).InclusiveBetween(1, MaxPageSize);
        RuleFor(q => q.Status).Must(s => s is null || Enum.TryParse<RunStatus>(s, ignoreCase: true, out _))
            .WithMessage("status must be one of queued, running, success, failed, cancelled, dead.");
        RuleFor(q => q.Trigger).Must(t => t is null || Enum.TryParse<RunTrigger>(t, ignoreCase: true, out _))
            .WithMessage("trigger must be one of cli, schedule, api.");
        RuleFor(q => q).Must(q => q.From is null || q.To is null || q.From < q.To).WithName("from").WithMessage("from must be before to.");
    }
}

public sealed class ListRunsHandler(SystemDbContext db) : IQueryHandler<ListRunsQuery, PageOf<RunView>>
{
    public async ValueTask<PageOf<RunView>> Handle(ListRunsQuery query, CancellationToken cancellationToken)
    {
        var runs = db.Runs.AsNoTracking();
        if (!string.IsNullOrEmpty(query.StateId)) runs = runs.Where(r => r.StateId == query.StateId);
        if (!string.IsNullOrEmpty(query.Schedule)) runs = runs.Where(r => r.ScheduleName == query.Schedule);
        if (query.Status is not null)
        {
            var status = Enum.Parse<RunStatus>(query.Status, ignoreCase: true);
            runs = runs.Where(r => r.Status == status);
        }
        if (query.Trigger is not null)
        {
            var trigger = Enum.Parse<RunTrigger>(query.Trigger, ignoreCase: true);
            runs = runs.Where(r => r.Trigger == trigger);
        }
        if (query.From is { } from)
        {
            var fromUtc = from.UtcDateTime;
            runs = runs.Where(r => r.QueuedAt >= fromUtc);
        }
        if (query.To is { } to)
        {
            var toUtc = to.UtcDateTime;
            runs = runs.Where(r => r.QueuedAt < toUtc);
        }
        var total = await runs.CountAsync(cancellationToken);
        var page = await runs.OrderByDescending(r => r.Id)
            .Skip((query.Page - 1) * query.PageSize)
            .Take(query.PageSize)
            .ToListAsync(cancellationToken);
        return new PageOf<RunView>(page.Select(RunView.From).ToList(), total, query.Page, query.PageSize);
    }
}
