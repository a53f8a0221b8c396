using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Tapline.Core.Data.Database;
using Tapline.Core.Data.Runs;
using Tapline.Core.Data.State;
using Tapline.Core.Pipelines.Runs;
using Tapline.Core.Project;
using Tapline.Core.Schedules;
using Tapline.Scheduler.Firing;
using Tapline.Scheduler.Hosting;
using Tapline.Scheduler.Tests.Support;
using Tapline.TestSupport;

namespace Tapline.Scheduler.Tests.Stalls;

/// <summary>The stall watchdog end to end: a real <c>tapline worker</c>, a tap that hangs, the schedule's retry policy.</summary>
[Collection(SchedulerProcesses.Name)]
public sealed class StalledRunTests
{
    private const string ScheduleName = "hanging-sync";

    /// <summary>
    /// 100 records and a STATE; given no state it then hangs (with a grandchild), printing only the same
    /// STATE again and stderr lines, which are not progress. Given state (the retry) it ends normally.
    /// </summary>
    private const string Tap = """
        #!/bin/sh
        state=""
        while [ $# -gt 0 ]; do
          if [ "$1" = "--state" ]; then state="$2"; fi
          shift
        done
        echo '{"type":"SCHEMA","stream":"s","schema":{"type":"object","properties":{"id":{"type":"integer"}}},"key_properties":["id"]}'
        i=1
        while [ $i -le 100 ]; do
          echo "{\"type\":\"RECORD\",\"stream\":\"s\",\"record\":{\"id\":$i}}"
          i=$((i+1))
        done
        echo '{"type":"STATE","value":{"bookmarks":{"s":{"id":100}}}}'
        if [ -n "$state" ]; then
          cp "$state" received-state.json
          exit 0
        fi
        echo $$ > tap.pid
        sleep 300 &
        echo $! > grandchild.pid
        while true; do
          echo '{"type":"STATE","value":{"bookmarks":{"s":{"id":100}}}}'
          echo "still working" >&2
          sleep 1
        done
        """;

    /// <summary>Prints each STATE's value as soon as it arrives, as a Singer target does after committing.</summary>
    private const string Target = """
        #!/bin/sh
        exec python3 -u -c '
        import sys, json
        for line in sys.stdin:
            message = json.loads(line)
            if message.get("type") == "STATE":
                print(json.dumps(message["value"]), flush=True)
        '
        """;

    private static string Project()
    {
        var root = Directory.CreateTempSubdirectory("tapline-stall-").FullName;
        File.WriteAllText(Path.Combine(root, "meltano.yml"), $"""
            version: 1
            default_environment: dev
            plugins:
              extractors:
              - name: tap-script
                executable: ./tap.sh
                capabilities: [state]
              loaders:
              - name: target-script
                executable: ./target.sh
            schedules:
            - name: {ScheduleName}
              interval: '@daily'
              extractor: tap-script
              loader: target-script
              transform: skip
              annotations:
                tapline:
                  retries: 1
                  stall_timeout: 3s
            environments:
            - name: dev
            """);
        foreach (var (name, text) in new[] { ("tap.sh", Tap), ("target.sh", Target) })
        {
            var path = Path.Combine(root, name);
            File.WriteAllText(path, text.ReplaceLineEndings("\n") + "\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }
        return root;
    }

    [Fact]
    public async Task Tap_that_hangs_after_100_records_ends_stalled_its_processes_gone_its_state_kept_and_is_retried()
    {
        var db = await SystemDb.CreateAsync();
        var contexts = new SystemDbContextFactory(SystemDatabaseConnection.FromNpgsqlConnectionString(db.ConnectionString));
        var queue = new RunQueue(contexts);
        var root = Project();
        var project = ProjectContext.Open(new ProjectOpenOptions { Cwd = root });
        var schedule = ScheduleCompiler.CompileOne(project.Project.FindSchedule(ScheduleName)!,
            ProjectScheduleSpecs.Context(project.Project, "dev"));
        Assert.Equal(TimeSpan.FromSeconds(3), schedule.Policies.StallTimeout);
        var fire = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        var first = (await queue.EnqueueAsync(RunRequests.ForSchedule(schedule, RunTrigger.Schedule, FireKeys.For(ScheduleName, fire), fire))).Run;

        await using var worker = WorkerProcess.Start(root, db.ConnectionString);
        await SystemDb.EventuallyAsync(async () => (await queue.GetAsync(first.Id))!.Status is not (RunStatus.Queued or RunStatus.Running),
            TimeSpan.FromSeconds(90), "the hanging run ended", () => worker.Output);

        var stalled = (await queue.GetAsync(first.Id))!;
        Assert.True(stalled.Status == RunStatus.Stalled, $"{stalled.Status}: {stalled.Error}\n{worker.Output}");
        Assert.Contains("printed no Singer message for 3 s", stalled.Error);
        Assert.Equal(100, stalled.Records);
        Assert.Contains("tapline | Stalled: extractor tap-script printed no Singer message", await File.ReadAllTextAsync(stalled.LogPath!));

        // The whole process group is gone: the tap, its grandchild, and anything else in its group.
        var tapPid = int.Parse((await File.ReadAllTextAsync(Path.Combine(root, "tap.pid"))).Trim());
        var grandchild = int.Parse((await File.ReadAllTextAsync(Path.Combine(root, "grandchild.pid"))).Trim());
        await SystemDb.EventuallyAsync(() => Task.FromResult(!ProcessTable.IsAlive(tapPid) && !ProcessTable.IsAlive(grandchild) && ProcessTable.InGroup(tapPid).Count == 0),
            TimeSpan.FromSeconds(30), "no process of the stalled tap's group left", () => string.Join(", ", ProcessTable.InGroup(tapPid)));

        // The state reached before the stall is stored.
        var stored = await new StateStore(contexts).GetAsync(stalled.StateId);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"singer_state":{"bookmarks":{"s":{"id":100}}}}"""), JsonNode.Parse(stored!.Completed!)), stored.Completed);

        // The schedule's retry policy treats stalled as failed: a sweep after the backoff queues retry 1,
        // which starts from the kept bookmark.
        var sweeper = new RunPolicySweeper(queue, contexts, new SchedulerOptions(), new ShiftedTime(TimeSpan.FromMinutes(5)), NullLogger<RunPolicySweeper>.Instance);
        await sweeper.SweepAsync(CancellationToken.None);
        var retryIds = await db.ScalarsAsync<long>($"SELECT id FROM runs WHERE id <> {first.Id}");
        var retryId = Assert.Single(retryIds);
        await SystemDb.EventuallyAsync(async () => (await queue.GetAsync(retryId))!.Status == RunStatus.Success,
            TimeSpan.FromSeconds(90), "the retry succeeded", () => worker.Output);
        var retry = (await queue.GetAsync(retryId))!;
        Assert.Equal($"{ScheduleName}@2026-12-01T00:00:00Z#retry1", retry.FireKey);
        Assert.Equal(1, RunOptions.FromPayload(retry.Payload).Attempt);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"bookmarks":{"s":{"id":100}}}"""), JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(root, "received-state.json")))));
    }

    private sealed class ShiftedTime(TimeSpan ahead) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + ahead;
    }
}
