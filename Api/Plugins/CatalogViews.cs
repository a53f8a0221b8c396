using Tapline.Core.Singer;

namespace Tapline.Api.Plugins;

/// <summary>
/// An extractor's discovered catalog (the cache under <c>.meltano/run/&lt;extractor&gt;/tap.properties.json</c>) with
/// meltano.yml's current <c>select:</c> applied: streams and properties selected, excluded, automatic or unsupported.
/// </summary>
public sealed record CatalogView(string Extractor, List<string> Select, bool SelectWritten, DateTime DiscoveredAt, List<CatalogStreamView> Streams);

/// <summary>One stream: selection, replication method and key, primary key, and its properties (<c>a.b</c> for nested).</summary>
public sealed record CatalogStreamView(
    string Stream, string Selection, string? ReplicationMethod, List<string> ReplicationKey, List<string> KeyProperties, List<CatalogPropertyView> Properties)
{
    public static CatalogStreamView From(CatalogStreamOutline s) => new(
        s.Stream, Name(s.Selection), s.ReplicationMethod, [.. s.ReplicationKey], [.. s.KeyProperties],
        s.Properties.Select(p => new CatalogPropertyView(p.Path, Name(p.Selection))).ToList());

    /// <summary>Meltano's selection names (<c>tapline select --list --all</c> prints the same).</summary>
    internal static string Name(SelectionType type) => type.ToString().ToLowerInvariant();
}

public sealed record CatalogPropertyView(string Path, string Selection);
