using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Tapline.Runner.Tests.Cli;

/// <summary>
/// A local stand-in for Meltano Hub's API (there is no network here): serves Hub-shaped JSON — the index of a
/// plugin type and one definition per variant — on 127.0.0.1, and records each request's Authorization header.
/// </summary>
public sealed class FakeHub : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, string> _routes = new(StringComparer.Ordinal);
    private readonly Task _loop;

    public FakeHub()
    {
        var port = FreePort();
        Url = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Url + "/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public string Url { get; }

    public string ApiRoot => $"{Url}/meltano/api/v1";

    public List<string?> Authorizations { get; } = [];

    /// <summary>A plugin with its variants (the first is the default); each variant's definition is served at its ref.</summary>
    public void AddPlugin(string type, string name, params (string Variant, JsonObject Definition)[] variants)
    {
        var indexPath = $"/meltano/api/v1/plugins/{type}/index";
        var index = _routes.TryGetValue(indexPath, out var existing) ? JsonNode.Parse(existing)!.AsObject() : new JsonObject();
        var refs = new JsonObject();
        foreach (var (variant, definition) in variants)
        {
            var path = $"/meltano/api/v1/plugins/{type}/{name}--{variant}";
            refs[variant] = new JsonObject { ["ref"] = Url + path };
            _routes[path] = definition.ToJsonString();
        }
        index[name] = new JsonObject { ["default_variant"] = variants[0].Variant, ["logo_url"] = null, ["variants"] = refs };
        _routes[indexPath] = index.ToJsonString();
    }

    /// <summary>Any other document at a path (for --from-ref by URL).</summary>
    public void Serve(string path, string body) => _routes[path] = body;

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            lock (Authorizations)
            {
                Authorizations.Add(context.Request.Headers["Authorization"]);
            }
            var found = _routes.TryGetValue(context.Request.Url!.AbsolutePath, out var body);
            context.Response.StatusCode = found ? 200 : 404;
            context.Response.ContentType = "application/json";
            var bytes = Encoding.UTF8.GetBytes(body ?? """{"detail": "not found"}""");
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        // Close alone: on Linux, Stop() and then Close() unregisters the prefix twice, and the second time binds the
        // port again to find its endpoint ("Address already in use" once another test has taken that port).
        _listener.Close();
        await _loop;
    }
}
