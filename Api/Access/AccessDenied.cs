using Microsoft.AspNetCore.Authorization;

namespace Tapline.Api.Access;

/// <summary>Why access was refused, with the status the caller gets (401 sign in, 403 not allowed).</summary>
public sealed class AccessDenied(IAuthorizationHandler handler, int status, string detail) : AuthorizationFailureReason(handler, detail)
{
    public int Status { get; } = status;
}
