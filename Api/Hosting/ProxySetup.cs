using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Tapline.Api.Hosting;

/// <summary>
/// ui.forwarded_allow_ips (gunicorn's forwarded_allow_ips: comma-separated IPs or <c>*</c>)
/// decides whose X-Forwarded-For/-Proto are believed; ui.server_name limits the Host header.
/// </summary>
public static class ProxySetup
{
    /// <exception cref="UiSettingsException">An entry of ui.forwarded_allow_ips is neither an address, a network nor <c>*</c>:
    /// thrown here, at start, where the Api refuses with one line, not at the first request.</exception>
    public static IServiceCollection AddTaplineProxy(this IServiceCollection services, UiSettings ui)
    {
        var (trustAll, networks, proxies) = TrustedProxies(ui);
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.KnownIPNetworks.Clear();
            options.KnownProxies.Clear();
            if (trustAll)
            {
                // "*" trusts every hop, as gunicorn does; only right behind a proxy that strips client headers.
                options.ForwardLimit = null;
                return;
            }
            networks.ForEach(options.KnownIPNetworks.Add);
            proxies.ForEach(options.KnownProxies.Add);
        });
        services.Configure<Microsoft.AspNetCore.HostFiltering.HostFilteringOptions>(options =>
        {
            options.AllowedHosts = AllowedHosts(ui);
            options.AllowEmptyHosts = false;
        });
        return services;
    }

    private static (bool TrustAll, List<System.Net.IPNetwork> Networks, List<IPAddress> Proxies) TrustedProxies(UiSettings ui)
    {
        var entries = ui.ForwardedAllowIps.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var networks = new List<System.Net.IPNetwork>();
        var proxies = new List<IPAddress>();
        if (entries.Contains("*"))
        {
            return (true, networks, proxies);
        }
        foreach (var entry in entries)
        {
            if (System.Net.IPNetwork.TryParse(entry, out var network))
            {
                networks.Add(network);
            }
            else if (IPAddress.TryParse(entry, out var address))
            {
                proxies.Add(address);
                if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
                {
                    proxies.Add(address.MapToIPv6());
                }
            }
            else
            {
                throw new UiSettingsException($"ui.forwarded_allow_ips (MELTANO_UI_FORWARDED_ALLOW_IPS) has '{entry}', which is neither an IP address, a CIDR network nor *.");
            }
        }
        return (false, networks, proxies);
    }

    /// <summary>The host part of ui.server_name plus loopback names (health probes on the box), or any host when unset.</summary>
    public static List<string> AllowedHosts(UiSettings ui)
    {
        if (string.IsNullOrWhiteSpace(ui.ServerName))
        {
            return ["*"];
        }
        var name = ui.ServerName.Trim();
        if (name.Contains("://", StringComparison.Ordinal))
        {
            name = new Uri(name).Host;
        }
        else if (!name.StartsWith('[') && name.Count(c => c == ':') == 1)
        {
            name = name[..name.IndexOf(':')];
        }
        return [name, "localhost", "127.0.0.1", "[::1]"];
    }
}
