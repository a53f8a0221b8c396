using Tapline.Core.Project;
using Tapline.Core.Tests.Fixtures;

namespace Tapline.Core.Tests.Project;

/// <summary>Lenient where Meltano is: what Meltano loads, Tapline loads (with warnings where a person should look).</summary>
public class LenienceTests
{
    [Fact]
    public void A_job_with_no_tasks_loads()
    {
        var (project, errors) = ProjectLoader.Analyze(FixtureProjects.Source("lenient"));

        Assert.Empty(errors);
        Assert.Empty(project!.FindJob("placeholder")!.Tasks);
    }

    [Fact]
    public void Environment_config_of_a_plugin_the_project_lacks_is_a_warning_at_its_line()
    {
        var (project, errors) = ProjectLoader.Analyze(FixtureProjects.Source("lenient"));

        Assert.Empty(errors);
        var warning = Assert.Single(project!.Warnings, w => w.Message.Contains("tap-dropped"));
        Assert.Equal(20, warning.Line);
        Assert.Equal("environment 'dev' configures extractor 'tap-dropped', which is not a plugin of this project; ignored", warning.Message);
    }

    [Fact]
    public void Old_spelling_of_a_schedule_key_still_reads_with_a_warning()
    {
        var project = ProjectLoader.Load(FixtureProjects.Source("lenient"));

        Assert.Equal("Europe/Berlin", project.FindSchedule("old-spelling")!.Extras["timezone"]);
        var warning = Assert.Single(project.Warnings, w => w.Message.Contains("timezone"));
        Assert.Equal(30, warning.Line);
        Assert.Contains("annotations: {tapline: {timezone: ...}}", warning.Message);
    }

    [Fact]
    public void Unknown_keys_are_kept()
    {
        var project = ProjectLoader.Load(FixtureProjects.Source("lenient"));

        Assert.Equal("data-team", project.FindPlugin("tap-csv")!.Extras["x-owner"]);
    }

    [Fact]
    public void An_empty_date_setting_is_not_set_rather_than_invalid()
    {
        var root = FixtureProjects.Copy("locked");
        File.WriteAllText(Path.Combine(root, ".env"), "TAP_GITLAB_START_DATE=\n");
        var ctx = ProjectContext.Open(new ProjectOpenOptions { Cwd = root, ProcessEnv = FixtureProjects.Env() });

        Assert.Equal("", ctx.ResolvePluginSettings(ctx.FindPlugin("tap-gitlab"))["start_date"]);
    }

    [Fact]
    public void Taplines_own_settings_at_the_top_level_still_read_with_a_warning()
    {
        var root = FixtureProjects.Copy("lenient");
        File.AppendAllText(Path.Combine(root, "meltano.yml"), "ui:\n  bind_port: 5050\n");

        var ctx = ProjectContext.Open(new ProjectOpenOptions { Cwd = root, ProcessEnv = FixtureProjects.Env() });

        Assert.Equal(5050, ctx.Settings.UiBindPort);
        Assert.Contains(ctx.Project.Warnings, w => w.Line == 34 && w.Message.StartsWith("'ui' is Tapline's and belongs under 'annotations: {tapline: {ui: ...}}'"));
    }
}
