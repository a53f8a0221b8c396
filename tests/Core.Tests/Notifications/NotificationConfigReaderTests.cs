using Tapline.Core.Notifications;

namespace Tapline.Core.Tests.Notifications;

public class NotificationConfigReaderTests
{
    private static string ProjectFile(string yaml)
    {
        var dir = Path.Combine(Path.GetTempPath(), "tapline-notify-config", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, "meltano.yml");
        File.WriteAllText(file, yaml);
        return file;
    }

    private const string Valid = """
        version: 1
        annotations:
          tapline:
            notifications:
              channels:
                oncall:
                  type: webhook
                  url: https://hooks.example.com/tapline
                  secret: $HOOK_SECRET
                mail:
                  type: email
                  host: smtp.example.com
                  username: ops
                  password: ${SMTP_PASSWORD}
                  from: tapline@example.com
                  to: [a@example.com, b@example.com]
              rules:
                - events: [run_failed, run_dead, run_stalled]
                  channels: [oncall, mail]
                  schedules: [nightly]
                  group_window: 10m
        """;

    [Fact]
    public void Channels_and_rules_read_with_secrets_expanded_from_the_environment()
    {
        var file = ProjectFile(Valid);
        var env = new Dictionary<string, string> { ["HOOK_SECRET"] = "hunter2", ["SMTP_PASSWORD"] = "pw" };

        var settings = NotificationConfigReader.Read(NotificationConfigReader.FindInProjectFile(file), file, env, strictEnv: false);

        Assert.Equal("hunter2", settings.Channels["oncall"].Secret);
        var smtp = settings.Channels["mail"].Smtp!;
        Assert.Equal((587, SmtpSecurity.StartTls, "pw"), (smtp.Port, smtp.Security, smtp.Password));
        Assert.Equal(["a@example.com", "b@example.com"], smtp.To);
        var rule = Assert.Single(settings.Rules);
        Assert.Equal(TimeSpan.FromMinutes(10), rule.GroupWindow);
        Assert.True(rule.Matches(new NotificationEvent("run_failed", DateTime.UtcNow, "x") { Schedule = "nightly" }));
        Assert.False(rule.Matches(new NotificationEvent("run_failed", DateTime.UtcNow, "x") { Schedule = "hourly" }));
    }

    [Fact]
    public void Bad_configuration_names_file_and_line_of_each_problem_and_never_the_secret()
    {
        var file = ProjectFile("""
            version: 1
            annotations:
              tapline:
                notifications:
                  channels:
                    oncall:
                      type: pager
                    hook:
                      type: webhook
                      url: not a url $TOKEN
                  rules:
                    - events: [run_exploded]
                      channels: [nobody]
            """);
        var env = new Dictionary<string, string> { ["TOKEN"] = "topsecret" };

        var e = Assert.Throws<NotificationConfigException>(() =>
            NotificationConfigReader.Read(NotificationConfigReader.FindInProjectFile(file), file, env, strictEnv: false));

        Assert.Contains($"{file}:7:", e.Message);
        Assert.Contains("type 'pager' is not one of webhook, slack, email", e.Message);
        Assert.Contains($"{file}:10:", e.Message);
        Assert.Contains("'url' is not an http(s) URL", e.Message);
        Assert.Contains("unknown event 'run_exploded'", e.Message);
        Assert.Contains("there is no channel 'nobody'", e.Message);
        Assert.DoesNotContain("topsecret", e.Message);
    }
}
