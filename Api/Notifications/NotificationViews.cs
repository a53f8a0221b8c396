using Tapline.Core.Notifications;
using Tapline.Core.Project;
using Tapline.Core.Settings;
using YamlDotNet.RepresentationModel;

namespace Tapline.Api.Notifications;

/// <summary>A channel as written ($VAR references shown as written; a literal secret, and a Slack URL, never shown).</summary>
public sealed record ChannelView(string Name, string Type, string? Url, string? Secret, string? Host, string? Port, string? Security,
    string? Username, string? Password, string? From, List<string> To, string? Timeout)
{
    public static ChannelView Of(string name, YamlMappingNode? map)
    {
        string? Get(string key) => map is not null && NotificationConfigEditor.Get(map, key) is YamlScalarNode { Value: { } v } ? v : null;
        string? Secret(string key) => Get(key) is { } v ? (EnvVarExpander.HasReference(v) && v.TrimStart().StartsWith('$') ? v : Redaction.Value) : null;
        var type = Get("type") ?? "";
        var to = map is not null && NotificationConfigEditor.Get(map, "to") is { } toNode
            ? toNode is YamlSequenceNode seq ? seq.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? "").ToList() : [((YamlScalarNode)toNode).Value ?? ""]
            : [];
        return new ChannelView(name, type, type == "slack" ? Secret("url") : Get("url"), Secret("secret"), Get("host"), Get("port"), Get("security"),
            Get("username"), Secret("password"), Get("from"), to, Get("timeout"));
    }
}

public sealed record RuleView(List<string> Events, List<string> Channels, List<string> Schedules, List<string> Jobs, string? GroupWindow)
{
    public static RuleView From(YamlMappingNode map)
    {
        List<string> Names(string key) => NotificationConfigEditor.Get(map, key) switch
        {
            YamlSequenceNode seq => seq.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? "").ToList(),
            YamlScalarNode { Value: { } one } => [one],
            _ => [],
        };
        return new RuleView(Names("events"), Names("channels"), Names("schedules"), Names("jobs"),
            (NotificationConfigEditor.Get(map, "group_window") as YamlScalarNode)?.Value);
    }
}

/// <summary>GET /notifications: where the configuration lives, whether it can be written to meltano.yml, and what it says.</summary>
public sealed record NotificationsView(string Source, bool StoredInDatabase, bool ProjectReadonly, List<ChannelView> Channels, List<RuleView> Rules,
    string? Problem, List<string> Events);

public sealed record DeliveryView(long Id, DateTime At, string Channel, string ChannelType, string EventKind, Guid? RunId, string? Pipeline,
    int Attempt, bool Ok, int? StatusCode, string? Error, long DurationMs)
{
    public static DeliveryView From(NotificationDeliveryRecord r) =>
        new(r.Id, r.At, r.Channel, r.ChannelType, r.EventKind, r.RunId, r.Pipeline, r.Attempt, r.Ok, r.StatusCode, r.Error, r.DurationMs);
}

public sealed record TestResultView(bool Ok, int? StatusCode, string? Error, string Result);

public sealed record ChannelRequest(string? Type, string? Url, string? Secret, string? Host, int? Port, string? Security, string? Username,
    string? Password, string? From, List<string>? To, string? Timeout);

/// <summary>PUT /notifications/rules body.</summary>
public sealed record RulesRequest(List<RuleRequest>? Rules);

public sealed record RuleRequest(List<string>? Events, List<string>? Channels, List<string>? Schedules, List<string>? Jobs, string? GroupWindow);
