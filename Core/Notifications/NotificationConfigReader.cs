using Tapline.Core.Project;
using Tapline.Core.Settings;
using YamlDotNet.RepresentationModel;

namespace Tapline.Core.Notifications;

/// <summary>
/// Reads <c>annotations: {tapline: {notifications: {channels: {...}, rules: [...]}}}</c> — from meltano.yml, or the
/// same YAML kept in the system database when the project is read-only. $VAR references expand with the project's
/// expansion environment (process env + .env, <see cref="ProjectContext.ExpansionEnv"/>), as plugin settings do.
/// Every problem is collected with its file and line, then thrown together.
/// </summary>
public static class NotificationConfigReader
{
    public const string Key = "notifications";

    private static readonly HashSet<string> ChannelKeys =
        ["type", "url", "secret", "timeout", "host", "port", "security", "username", "password", "from", "to"];
    private static readonly HashSet<string> RuleKeys = ["events", "channels", "schedules", "jobs", "group_window"];
    /// <summary>Keys whose values are secrets: never shown, never written to a log.</summary>
    public static readonly IReadOnlySet<string> SecretKeys = new HashSet<string>(StringComparer.Ordinal) { "secret", "password" };

    /// <summary>The <c>notifications</c> mapping of meltano.yml, with its line marks, or null when absent.</summary>
    public static YamlMappingNode? FindInProjectFile(string meltanoYml)
    {
        var errors = new List<ProjectError>();
        var root = ProjectYaml.Parse(meltanoYml, File.ReadAllText(meltanoYml), errors);
        if (root is null)
        {
            throw new NotificationConfigException(errors);
        }
        return ProjectYaml.Get(root, "annotations") is YamlMappingNode annotations
            && ProjectYaml.Get(annotations, ProjectSettings.AnnotationKey) is YamlMappingNode own
            && ProjectYaml.Get(own, Key) is YamlMappingNode notifications ? notifications : null;
    }

    /// <summary>Parses YAML text of a <c>notifications</c> mapping (as stored in the system database).</summary>
    public static YamlMappingNode? ParseText(string source, string text)
    {
        var errors = new List<ProjectError>();
        var root = ProjectYaml.Parse(source, text, errors);
        return errors.Count > 0 ? throw new NotificationConfigException(errors) : root;
    }

    public static NotificationSettings Read(YamlMappingNode? node, string file, IReadOnlyDictionary<string, string> env, bool strictEnv)
    {
        if (node is null)
        {
            return NotificationSettings.None;
        }
        var errors = new List<ProjectError>();
        var ctx = new Reading(file, env, strictEnv, errors);
        Unknown(ctx, node, ["channels", "rules"], "notifications");
        var channels = new Dictionary<string, NotificationChannel>(StringComparer.Ordinal);
        switch (ProjectYaml.Get(node, "channels"))
        {
            case null:
                break;
            case YamlMappingNode map:
                foreach (var (keyNode, value) in map.Children)
                {
                    var name = YamlValues.KeyText(keyNode);
                    if (ReadChannel(ctx, name, value) is { } channel)
                    {
                        channels[name] = channel;
                    }
                }
                break;
            case var other:
                ctx.Error(other, "'channels' must be a mapping of channel name -> {type: webhook|slack|email, ...}");
                break;
        }
        var rules = new List<NotificationRule>();
        switch (ProjectYaml.Get(node, "rules"))
        {
            case null:
                break;
            case YamlSequenceNode seq:
                foreach (var item in seq.Children)
                {
                    if (ReadRule(ctx, rules.Count, item, channels.Keys.ToHashSet()) is { } rule)
                    {
                        rules.Add(rule);
                    }
                }
                break;
            case var other:
                ctx.Error(other, "'rules' must be a list of {events: [...], channels: [...]}");
                break;
        }
        return errors.Count > 0 ? throw new NotificationConfigException(errors) : new NotificationSettings(channels, rules);
    }

    private sealed record Reading(string File, IReadOnlyDictionary<string, string> Env, bool Strict, List<ProjectError> Errors)
    {
        public void Error(YamlNode at, string message) => Errors.Add(ProjectError.At(YamlValues.Location(File, at), File, message));
    }

    private static void Unknown(Reading ctx, YamlMappingNode map, IReadOnlyCollection<string> allowed, string where)
    {
        foreach (var key in map.Children.Keys)
        {
            if (!allowed.Contains(YamlValues.KeyText(key)))
            {
                ctx.Error(key, $"{where}: unknown key '{YamlValues.KeyText(key)}' (allowed: {string.Join(", ", allowed.Order())})");
            }
        }
    }

    private static string? Text(Reading ctx, YamlMappingNode map, string key, string where, bool required = false)
    {
        switch (ProjectYaml.Get(map, key))
        {
            case null:
                if (required)
                {
                    ctx.Error(map, $"{where}: '{key}' is required");
                }
                return null;
            case YamlScalarNode { Value: { } value } scalar:
                try
                {
                    var expanded = EnvVarExpander.Expand(value, ctx.Env, ctx.Strict, $"{where}.{key}");
                    if (required && expanded.Length == 0)
                    {
                        ctx.Error(scalar, $"{where}: '{key}' is empty{(EnvVarExpander.HasReference(value) ? $" ('{value}' is not set in the environment or .env)" : "")}");
                    }
                    return expanded;
                }
                catch (SettingsException e)
                {
                    ctx.Error(scalar, e.Message);
                    return null;
                }
            case var other:
                ctx.Error(other, $"{where}: '{key}' must be a single value");
                return null;
        }
    }

    private static List<string> Texts(Reading ctx, YamlMappingNode map, string key, string where)
    {
        switch (ProjectYaml.Get(map, key))
        {
            case null:
                return [];
            case YamlScalarNode { Value: { } one }:
                return [EnvVarExpander.Expand(one, ctx.Env, strict: false)];
            case YamlSequenceNode seq when seq.Children.All(c => c is YamlScalarNode):
                return seq.Children.Cast<YamlScalarNode>().Select(s => EnvVarExpander.Expand(s.Value ?? "", ctx.Env, strict: false)).ToList();
            case var other:
                ctx.Error(other, $"{where}: '{key}' must be a list of names");
                return [];
        }
    }

    private static TimeSpan? Duration(Reading ctx, YamlMappingNode map, string key, string where)
    {
        if (Text(ctx, map, key, where) is not { } text)
        {
            return null;
        }
        try
        {
            return ProjectSettings.ParseDuration(text);
        }
        catch (Exception e) when (e is SettingsException or FormatException or ArgumentException)
        {
            ctx.Error(ProjectYaml.Get(map, key)!, $"{where}: '{key}' is not a duration ('{text}'; use seconds or 30s / 5m / 1h)");
            return null;
        }
    }

    private static NotificationChannel? ReadChannel(Reading ctx, string name, YamlNode node)
    {
        var where = $"channel '{name}'";
        if (node is not YamlMappingNode map)
        {
            ctx.Error(node, $"{where} must be a mapping {{type: webhook|slack|email, ...}}");
            return null;
        }
        Unknown(ctx, map, ChannelKeys, where);
        var typeText = Text(ctx, map, "type", where, required: true);
        ChannelType? type = typeText switch
        {
            "webhook" => ChannelType.Webhook,
            "slack" => ChannelType.Slack,
            "email" => ChannelType.Email,
            null => null,
            _ => null,
        };
        if (typeText is not null && type is null)
        {
            ctx.Error(ProjectYaml.Get(map, "type")!, $"{where}: type '{typeText}' is not one of webhook, slack, email");
        }
        var timeout = Duration(ctx, map, "timeout", where) ?? TimeSpan.FromSeconds(10);
        var at = YamlValues.Location(ctx.File, node);
        switch (type)
        {
            case ChannelType.Webhook or ChannelType.Slack:
                var url = Text(ctx, map, "url", where, required: true);
                if (url is { Length: > 0 } && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
                {
                    // The URL may hold a secret (Slack's does): name the key, not the value.
                    ctx.Error(ProjectYaml.Get(map, "url")!, $"{where}: 'url' is not an http(s) URL");
                }
                return new NotificationChannel(name, type.Value) { Url = url, Secret = Text(ctx, map, "secret", where), Timeout = timeout, At = at };
            case ChannelType.Email:
                var portText = Text(ctx, map, "port", where);
                var port = 587;
                if (portText is not null && (!int.TryParse(portText, out port) || port is < 1 or > 65535))
                {
                    ctx.Error(ProjectYaml.Get(map, "port")!, $"{where}: 'port' must be a number from 1 to 65535");
                }
                var securityText = Text(ctx, map, "security", where) ?? "starttls";
                SmtpSecurity? security = securityText switch
                {
                    "starttls" => SmtpSecurity.StartTls,
                    "tls" or "ssl" => SmtpSecurity.Tls,
                    "none" => SmtpSecurity.None,
                    _ => null,
                };
                if (security is null)
                {
                    ctx.Error(ProjectYaml.Get(map, "security")!, $"{where}: security '{securityText}' is not one of starttls, tls, none");
                }
                var to = Texts(ctx, map, "to", where);
                if (to.Count == 0)
                {
                    ctx.Error(map, $"{where}: 'to' is required (one address or a list)");
                }
                var smtp = new SmtpOptions(Text(ctx, map, "host", where, required: true) ?? "", port, security ?? SmtpSecurity.StartTls,
                    Text(ctx, map, "username", where), Text(ctx, map, "password", where), Text(ctx, map, "from", where, required: true) ?? "", to);
                return new NotificationChannel(name, ChannelType.Email) { Smtp = smtp, Timeout = timeout, At = at };
            default:
                return null;
        }
    }

    private static NotificationRule? ReadRule(Reading ctx, int index, YamlNode node, IReadOnlySet<string> channelNames)
    {
        var where = $"rules[{index}]";
        if (node is not YamlMappingNode map)
        {
            ctx.Error(node, $"{where} must be a mapping {{events: [...], channels: [...]}}");
            return null;
        }
        Unknown(ctx, map, RuleKeys, where);
        var events = Texts(ctx, map, "events", where);
        if (events.Count == 0)
        {
            ctx.Error(map, $"{where}: 'events' is required ({string.Join(", ", NotificationEventKinds.All)})");
        }
        foreach (var e in events.Where(e => !NotificationEventKinds.All.Contains(e)))
        {
            ctx.Error(ProjectYaml.Get(map, "events")!, $"{where}: unknown event '{e}' (known: {string.Join(", ", NotificationEventKinds.All)})");
        }
        var channels = Texts(ctx, map, "channels", where);
        if (channels.Count == 0)
        {
            ctx.Error(map, $"{where}: 'channels' is required (names under notifications.channels)");
        }
        foreach (var c in channels.Where(c => !channelNames.Contains(c)))
        {
            ctx.Error(ProjectYaml.Get(map, "channels")!, $"{where}: there is no channel '{c}' under notifications.channels");
        }
        return new NotificationRule(index, events.ToHashSet(StringComparer.Ordinal), channels)
        {
            Schedules = Texts(ctx, map, "schedules", where),
            Jobs = Texts(ctx, map, "jobs", where),
            GroupWindow = Duration(ctx, map, "group_window", where) ?? NotificationSettings.DefaultGroupWindow,
        };
    }
}
