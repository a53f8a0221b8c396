namespace Tapline.AppHost.Tests.Telemetry;

/// <summary>One span as an OTLP exporter sent it: who sent it (service.name), its source, name and attributes.</summary>
internal sealed record ReceivedSpan(
    string ServiceName,
    string ScopeName,
    string Name,
    string TraceId,
    IReadOnlyDictionary<string, string> Attributes);
