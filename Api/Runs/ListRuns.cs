using FluentValidation;
using Mediator;
using Tapline.Core.Data.Database;
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
        // The row offset must stay an int: page 2147483647 would wrap it negative.
        RuleFor(q => q).Must(q => (long)(q.Page - 1) * q.PageSize <= int.MaxValue).WithName("page").WithMessage("page is beyond the last possible page.");
        RuleFor(q => q.PageSize).InclusiveBetween(1, MaxPageSize);
        RuleFor(q => q.Status).Must(s => s is null || Enum.TryParse<RunStatus>(s, ignoreCase: true, out _))
            .WithMessage($"status must be one of {string.Join(", ", Enum.GetNames<RunStatus>().Select(n => n.ToLowerInvariant()))}.");
        RuleFor(q => q.Trigger).Must(t => t is null || Enum.TryParse<RunTrigger>(t, ignoreCase: true, out _))
            .WithMessage("trigger must be one of cli, schedule, api.");
        RuleFor(q => q).Must(q => q.From is null || q.To is null || q.From < q.To).WithName("from").WithMessage("from must be before to.");
    }
}

/// <summary>
/// Plain SQL rather than EF: the list is the Api's busiest read, and EF's per-query work (context, expression
/// funcletizing, query-cache lookup, materialiser) was a large share of its CPU under load.
/// Rows are read by <see cref="SystemDbSql.ReadRun"/>, the same reader the run queue uses, so values match EF's.
/// </summary>
public sealed class ListRunsHandler(SystemDbContextFactory factory, RunTotals totals) : IQueryHandler<ListRunsQuery, PageOf<RunView>>
{
    public async ValueTask<PageOf<RunView>> Handle(ListRunsQuery query, CancellationToken cancellationToken)
    {
        var filter = RunFilter.From(query);
        var offset = (query.Page - 1) * query.PageSize;
        var page = await ReadPageAsync(filter, offset, query.PageSize, cancellationToken);
        // A short, non-empty page (or an empty first page) is the end of the list: its total needs no count.
        var total = page.Count < query.PageSize && (page.Count > 0 || offset == 0)
            ? offset + page.Count
            : query.Page == 1
                ? await totals.FreshAsync(filter, cancellationToken)
                : await totals.RecentAsync(filter, cancellationToken);
        return new PageOf<RunView>(page, total, query.Page, query.PageSize);
    }

    private async Task<List<RunView>> ReadPageAsync(RunFilter filter, int offset, int pageSize, CancellationToken cancellationToken)
    {
        var sql = factory.Sql;
        var (where, parameters) = filter.ToSql();
        await using var connection = await sql.OpenAsync(cancellationToken);
        await using var select = sql.Command(connection,
            $"SELECT {SystemDbSql.RunColumns} FROM runs WHERE {where} ORDER BY id DESC LIMIT @take OFFSET @skip", null,
            [.. parameters, ("take", pageSize), ("skip", offset)]);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var page = new List<RunView>(pageSize);
        while (await reader.ReadAsync(cancellationToken))
        {
            page.Add(RunView.From(SystemDbSql.ReadRun(reader)));
        }
        return page;
    }
}
