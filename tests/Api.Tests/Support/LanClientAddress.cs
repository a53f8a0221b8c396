using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Tapline.Api.Tests.Support;

/// <summary>The in-memory test server has no client address; give every request a LAN one, as a real socket would.</summary>
public sealed class LanClientAddress : IStartupFilter
{
    public static readonly IPAddress Address = IPAddress.Parse("10.0.0.5");

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            context.Connection.RemoteIpAddress ??= Address;
            return nextMiddleware(context);
        });
        next(app);
    };
}
