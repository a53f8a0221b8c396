using Quartz;
using Tapline.Core.Schedules;
using Tapline.Scheduler.Firing;

namespace Tapline.Scheduler.Triggers;

/// <summary>
/// The Quartz job and triggers for one schedule. One durable job per schedule (named after it);
/// one cron trigger per Quartz expression (two when classic cron ORs the day fields), or one
/// simple trigger for <c>@once</c>. The trigger description holds the schedule's fingerprint, so
/// a restart can tell an unchanged trigger (keep it, and its misfire state) from a changed one.
/// </summary>
public static class TriggerPlan
{
    public const string Group = "tapline-schedules";

    public static JobKey JobKeyFor(string schedule) => new(schedule, Group);

    public static TriggerKey TriggerKeyFor(string schedule, int index) => new(index == 0 ? schedule : $"{schedule}#{index + 1}", Group);

    public static IJobDetail Job(CompiledSchedule schedule) =>
        JobBuilder.Create<ScheduleFireJob>()
            .WithIdentity(JobKeyFor(schedule.Name))
            .WithDescription(schedule.Description)
            .StoreDurably(true)
            .Build();

    public static IReadOnlyList<ITrigger> Triggers(CompiledSchedule schedule, DateTimeOffset now)
    {
        if (schedule.Interval.Kind == IntervalKind.Once)
        {
            var at = schedule.StartDate is { } s && s > now ? s : now;
            return
            [
                TriggerBuilder.Create(TimeProvider.System)
                    .WithIdentity(TriggerKeyFor(schedule.Name, 0))
                    .ForJob(JobKeyFor(schedule.Name))
                    .WithDescription(schedule.TriggerFingerprint)
                    .StartAt(at)
                    .WithSchedule(SimpleScheduleBuilder.Create().WithRepeatCount(0)
                        .WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
                    .Build(),
            ];
        }

        var misfire = schedule.Policies.Misfire == MisfirePolicy.RunOnce
            ? CronTriggerMisfireInstruction.FireAndProceed
            : CronTriggerMisfireInstruction.DoNothing;
        return schedule.Interval.QuartzCron.Select((expression, i) =>
        {
            var builder = TriggerBuilder.Create(TimeProvider.System)
                .WithIdentity(TriggerKeyFor(schedule.Name, i))
                .ForJob(JobKeyFor(schedule.Name))
                .WithDescription(schedule.TriggerFingerprint)
                .WithSchedule(CronScheduleBuilder.Create(expression).InTimeZone(schedule.TimeZone).WithMisfireInstruction(misfire));
            builder = schedule.StartDate is { } start && start > now ? builder.StartAt(start) : builder.StartNow();
            return builder.Build();
        }).ToList();
    }
}
