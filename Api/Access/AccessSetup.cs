using Microsoft.AspNetCore.Authorization;

namespace Tapline.Api.Access;

/// <summary>Registers the <see cref="Access"/> policies.</summary>
public static class AccessSetup
{
    public static IServiceCollection AddTaplineAccess(this IServiceCollection services)
    {
        services.AddSingleton<AccessHandler>();
        services.AddSingleton<IAuthorizationHandler>(sp => sp.GetRequiredService<AccessHandler>());
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(Access.Read, p => p.AddRequirements(new AccessRequirement(Access.Read)))
            .AddPolicy(Access.Write, p => p.AddRequirements(new AccessRequirement(Access.Write)))
            .AddPolicy(Access.ProjectWrite, p => p.AddRequirements(new AccessRequirement(Access.ProjectWrite)))
            .AddPolicy(Access.Admin, p => p.AddRequirements(new AccessRequirement(Access.Admin)))
            .AddPolicy(Access.SignedIn, p => p.AddRequirements(new AccessRequirement(Access.SignedIn)));
        return services;
    }
}
