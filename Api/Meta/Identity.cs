using Tapline.Api.Auth;

namespace Tapline.Api.Meta;

/// <summary>GET /identity: what the SPA needs to decide what to show.</summary>
public sealed record Identity(
    bool AuthenticationEnabled,
    bool AnonymousReadonly,
    UserView? User,
    string? Environment,
    bool ProjectReadonly,
    bool UiReadonly,
    bool CanWrite,
    bool CanEditProject);
