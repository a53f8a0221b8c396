using Microsoft.AspNetCore.Authorization;

namespace Tapline.Api.Access;

/// <summary>One of the <see cref="Access"/> levels as an authorization requirement.</summary>
public sealed record AccessRequirement(string Level) : IAuthorizationRequirement;
