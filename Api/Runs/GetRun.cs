using Mediator;
using Microsoft.EntityFrameworkCore;
using Tapline.Api.Errors;
using Tapline.Core.Data;

namespace Tapline.Api.Runs;

/// <summary>GET /runs/{id}.</summary>
public sealed record GetRunQuery(long Id) : IQuery<RunDetail>;

public sealed class GetRunHandler(SystemDbContext db) : IQueryHandler<GetRunQuery, RunDetail>
{
    public async ValueTask<RunDetail> Handle(GetRunQuery query, CancellationToken cancellationToken)
    {
        var run = await db.Runs.AsNoTracking().SingleOrDefaultAsync(r => r.Id == query.Id, cancellationToken)
            ?? throw ApiProblem.NotFound($"Run {query.Id} does not exist.");
        return RunDetail.From(run);
    }
}
