namespace Tapline.Api.Errors;

/// <summary>
/// A failure a handler reports to the caller: becomes RFC 9457 problem+json with
/// <see cref="Status"/> and a <see cref="Exception.Message"/> a person can act on.
/// </summary>
public class ApiProblem(int status, string title, string detail) : Exception(detail)
{
    public int Status { get; } = status;
    public string Title { get; } = title;

    /// <summary>Seconds after which a retry can succeed (sent as <c>Retry-After</c>).</summary>
    public int? RetryAfterSeconds { get; init; }

    public static ApiProblem NotFound(string detail) => new(StatusCodes.Status404NotFound, "Not found", detail);
    public static ApiProblem Conflict(string detail) => new(StatusCodes.Status409Conflict, "Conflict", detail);
    public static ApiProblem BadRequest(string detail) => new(StatusCodes.Status400BadRequest, "Bad request", detail);
    public static ApiProblem Forbidden(string detail) => new(StatusCodes.Status403Forbidden, "Forbidden", detail);
    public static ApiProblem Unauthorized(string detail) => new(StatusCodes.Status401Unauthorized, "Unauthorized", detail);
}
