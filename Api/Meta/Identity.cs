using Tapline.Api.Auth;

namespace Tapline.Api.Meta;

/// <summary>GET /identity: what the SPA needs to decide what to show (docs/api.md, Meta).</summary>
/// <param name="Environments">The project's Meltano environments, for the Plugins page's picker; empty without a readable meltano.yml.</param>
/// <param name="TraceUrlTemplate">Where a run's trace opens (the Aspire dashboard), <c>{traceId}</c> replaced by the SPA; null hides the link.</param>
public sealed record Identity(
    bool AuthenticationEnabled,
    bool AnonymousReadonly,
    UserView? User,
    string? Environment,
    bool ProjectReadonly,
    bool UiReadonly,
    bool CanWrite,
    bool CanEditProject,
    IReadOnlyList<string> Environments,
    string? TraceUrlTemplate);
