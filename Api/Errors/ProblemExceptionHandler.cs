using System.Globalization;
using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Tapline.Api.Errors;

/// <summary>Maps every exception to problem+json; unexpected ones are logged and answered without internals.</summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>A detail longer than this is cut: a message may quote what the client sent, and that can be megabytes.</summary>
    public const int MaxDetailLength = 400;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var response = httpContext.Response;
        Microsoft.AspNetCore.Mvc.ProblemDetails details;
        switch (exception)
        {
            case ApiProblem problem:
                response.StatusCode = problem.Status;
                if (problem.RetryAfterSeconds is { } retry)
                {
                    response.Headers.RetryAfter = retry.ToString(CultureInfo.InvariantCulture);
                }
                details = new() { Status = problem.Status, Title = problem.Title, Detail = problem.Message };
                break;
            case ValidationException validation:
                response.StatusCode = StatusCodes.Status400BadRequest;
                var errors = validation.Errors
                    .GroupBy(e => JsonName(e.PropertyName))
                    .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).ToArray());
                details = new Microsoft.AspNetCore.Mvc.ValidationProblemDetails(errors)
                {
                    Status = StatusCodes.Status400BadRequest,
                    Title = "Invalid request",
                    Detail = string.Join(" ", validation.Errors.Select(e => e.ErrorMessage)),
                };
                break;
            case BadHttpRequestException bad:
                response.StatusCode = bad.StatusCode;
                details = new() { Status = bad.StatusCode, Title = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Payload too large" : "Bad request", Detail = bad.Message };
                break;
            case Exception when IsUnstorableText(exception):
                // PostgreSQL cannot hold a NUL character in text (22021); it is the input that is wrong.
                response.StatusCode = StatusCodes.Status400BadRequest;
                details = new() { Status = StatusCodes.Status400BadRequest, Title = "Bad request", Detail = "The request contains a NUL character, which no name or text field can hold." };
                break;
            case OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested:
                // The client went away; nobody is listening for an answer.
                return true;
            default:
                logger.LogError(exception, "Unhandled error on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
                response.StatusCode = StatusCodes.Status500InternalServerError;
                details = new()
                {
                    Status = StatusCodes.Status500InternalServerError,
                    Title = "Internal error",
                    Detail = "The Api failed to handle this request; the server log has the details (trace id in this response).",
                };
                break;
        }
        details.Detail = Short(details.Detail);
        if (details is Microsoft.AspNetCore.Mvc.ValidationProblemDetails validationDetails)
        {
            foreach (var key in validationDetails.Errors.Keys.ToList())
            {
                validationDetails.Errors[key] = validationDetails.Errors[key].Select(m => Short(m)!).ToArray();
            }
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = details, Exception = exception });
    }

    private static string? Short(string? text) =>
        text is { Length: > MaxDetailLength } ? text[..MaxDetailLength] + "… (cut)" : text;

    private static bool IsUnstorableText(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is Npgsql.PostgresException { SqlState: "22021" })
            {
                return true;
            }
        }

        return false;
    }

    private static string JsonName(string propertyName) =>
        string.IsNullOrEmpty(propertyName) ? propertyName : char.ToLowerInvariant(propertyName[0]) + propertyName[1..];
}
