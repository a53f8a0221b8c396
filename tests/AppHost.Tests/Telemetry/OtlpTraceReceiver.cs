using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Tapline.AppHost.Tests.Telemetry;

/// <summary>
/// A tiny OTLP/HTTP (protobuf) endpoint on 127.0.0.1: keeps every span POSTed to
/// <c>/v1/traces</c>, answers metrics and logs with an empty success so exporters stay quiet.
/// Stands in for the Aspire dashboard, which Aspire.Hosting.Testing does not start.
/// </summary>
internal sealed class OtlpTraceReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<ReceivedSpan> _spans = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public OtlpTraceReceiver()
    {
        var port = FreePort();
        Endpoint = new Uri($"http://127.0.0.1:{port}");
        _listener.Prefixes.Add($"{Endpoint}");
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    /// <summary>What OTEL_EXPORTER_OTLP_ENDPOINT should say (the exporter appends /v1/traces).</summary>
    public Uri Endpoint { get; }

    public IReadOnlyCollection<ReceivedSpan> Spans => _spans;

    /// <summary>Requests that could not be read; a test shows them when the span it waits for never comes.</summary>
    public IReadOnlyCollection<string> Errors => _errors;

    /// <summary>Waits for a span that matches, up to the token's limit.</summary>
    public async Task<ReceivedSpan> WaitForSpanAsync(Func<ReceivedSpan, bool> match, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_spans.FirstOrDefault(match) is { } span)
            {
                return span;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or OperationCanceledException)
        {
            // Stopping the listener ends the pending accept with one of these.
        }
        _listener.Close();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var context = await _listener.GetContextAsync();
            try
            {
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body, _stop.Token);
                if (context.Request.Url?.AbsolutePath == "/v1/traces")
                {
                    foreach (var span in OtlpTraceDecoder.Decode(body.GetBuffer().AsSpan(0, (int)body.Length)))
                    {
                        _spans.Enqueue(span);
                    }
                }
                context.Response.StatusCode = (int)HttpStatusCode.OK;
                context.Response.ContentType = "application/x-protobuf";
            }
            catch (InvalidDataException e)
            {
                _errors.Enqueue($"{context.Request.Url?.AbsolutePath}: {e.Message}");
                context.Response.StatusCode = (int)HttpStatusCode.BadRequest;
            }
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
