using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Steward.Web;

/// <summary>
/// App servers behind a load balancer or reverse proxy that ends TLS: the <c>Steward:TrustedProxies</c> setting lists the
/// proxies' addresses or networks ("10.0.0.5, 10.0.1.0/24"), and from those only the <c>X-Forwarded-For</c> and
/// <c>X-Forwarded-Proto</c> headers are believed, so the app sees the client's address and that the request came over
/// HTTPS (and marks its cookies Secure). Unset, the headers are ignored.
/// </summary>
public static class TrustedProxies
{
    /// <summary>The configuration key (environment variable <c>Steward__TrustedProxies</c>).</summary>
    public const string SettingName = "Steward:TrustedProxies";

    /// <summary>
    /// Reads <paramref name="setting"/> (comma- or space-separated IP addresses and CIDR networks) and configures the
    /// forwarded-headers middleware to trust them. Returns false when the setting is empty (nothing to configure); throws
    /// <see cref="InvalidOperationException"/> naming the setting for an entry that is neither an address nor a network.
    /// </summary>
    public static bool Configure(IServiceCollection services, string? setting)
    {
        var entries = (setting ?? "").Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (entries.Length == 0) return false;
        var addresses = new List<IPAddress>();
        var networks = new List<System.Net.IPNetwork>();
        foreach (var entry in entries)
        {
            if (entry.Contains('/') && System.Net.IPNetwork.TryParse(entry, out var network)) networks.Add(network);
            else if (IPAddress.TryParse(entry, out var address)) addresses.Add(address);
            else throw new InvalidOperationException($"{SettingName}: '{entry}' is neither an IP address nor a network such as 10.0.1.0/24");
        }
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var a in addresses) o.KnownProxies.Add(a);
            foreach (var n in networks) o.KnownIPNetworks.Add(n);
        });
        return true;
    }
}
