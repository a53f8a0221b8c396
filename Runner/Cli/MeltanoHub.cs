using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Tapline.Core.Project;

namespace Tapline.Runner.Cli;

/// <summary>
/// Meltano Hub's API as Meltano reads it: <c>{hub_api_root}/plugins/{type}/index</c> names each plugin's default
/// variant and a <c>ref</c> URL per variant; the ref is the plugin definition. <c>hub_api_root</c> defaults to
/// <c>{hub_url}/meltano/api/v1</c>; <c>hub_url_auth</c> is sent as the Authorization header.
/// </summary>
public sealed class MeltanoHub(ProjectContext ctx) : IDisposable
{
    private readonly HttpClient _http = Create(ctx);

    public string ApiRoot { get; } = (ctx.Settings.Resolved["hub_api_root"] as string is { Length: > 0 } root
        ? root
        : $"{((string)ctx.Settings.Resolved["hub_url"]!).TrimEnd('/')}/meltano/api/v1").TrimEnd('/');

    private static HttpClient Create(ProjectContext ctx)
    {
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Tapline", "1.0"));
        if (ctx.Project.ProjectId is { Length: > 0 } id)
        {
            http.DefaultRequestHeaders.Add("X-Project-ID", id);
        }
        if (ctx.Settings.Resolved["hub_url_auth"] as string is { Length: > 0 } auth)
        {
            http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", auth);
        }
        return http;
    }

    /// <summary>A Hub plugin definition and the variant it is (the index's default when none was asked).</summary>
    public sealed record Definition(JsonObject Json, string Variant, bool IsDefaultVariant);

    public async Task<Definition> FindAsync(PluginType type, string name, string? variant, CancellationToken ct)
    {
        var index = await GetAsync($"{ApiRoot}/plugins/{type.YamlKey()}/index", ct) as JsonObject
            ?? throw new ProjectException($"Meltano Hub's {type.YamlKey()} index is not a JSON object");
        if (index[name] is not JsonObject plugin)
        {
            throw new ProjectException($"{Capitalized(type)} '{name}' is not known to Meltano Hub ({ApiRoot})");
        }
        var defaultVariant = (string?)plugin["default_variant"];
        var chosen = variant is null or "default" or "original" ? defaultVariant : variant;
        if (chosen is null || plugin["variants"]?[chosen]?["ref"] is not JsonValue refValue)
        {
            var known = plugin["variants"] is JsonObject variants ? string.Join(", ", variants.Select(v => v.Key)) : "";
            throw new ProjectException($"{Capitalized(type)} '{name}' variant '{chosen}' is not known to Meltano. Variants: {known}");
        }
        var definition = await GetAsync((string)refValue!, ct) as JsonObject
            ?? throw new ProjectException($"Meltano Hub's definition of {type.Singular()} '{name}' is not a JSON object");
        return new Definition(definition, chosen, chosen == defaultVariant);
    }

    private async Task<JsonNode?> GetAsync(string url, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.GetAsync(url, ct);
        }
        catch (HttpRequestException e)
        {
            throw new ProjectException($"Meltano Hub could not be reached at {url}: {e.Message}");
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new ProjectException($"Meltano Hub: {response.ReasonPhrase ?? "Unknown reason"} ({(int)response.StatusCode}): can not retrieve {url}");
            }
            return JsonNode.Parse(await response.Content.ReadAsStringAsync(ct));
        }
    }

    private static string Capitalized(PluginType type) => char.ToUpperInvariant(type.Singular()[0]) + type.Singular()[1..];

    public void Dispose() => _http.Dispose();
}
