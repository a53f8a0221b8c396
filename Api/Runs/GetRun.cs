using Mediator;
using Tapline.Api.Errors;
using Tapline.Core.Data.Database;

namespace Tapline.Api.Runs;

/// <summary>GET /runs/{id}.</summary>
public sealed record GetRunQuery(long Id) : IQuery<RunDetail>;

/// <summary>Plain SQL for the same reason as the list (<see cref="ListRunsHandler"/>): the detail is polled by every open run page.</summary>
public sealed class GetRunHandler(SystemDbContextFactory factory) : IQueryHandler<GetRunQuery, RunDetail>
{
    public async ValueTask<RunDetail> Handle(GetRunQuery query, CancellationToken cancellationToken)
    {
        var sql = factory.Sql;
        await using var connection = await sql.OpenAsync(cancellationToken);
        await using var select = sql.Command(connection, $"SELECT {SystemDbSql.RunColumns} FROM runs WHERE id = @id", null, ("id", query.Id));
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? RunDetail.From(SystemDbSql.ReadRun(reader))
            : throw ApiProblem.NotFound($"Run {query.Id} does not exist.");
    }
}
