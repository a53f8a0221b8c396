using Tapline.Core.Pipelines.Blocks;
using Tapline.Core.Project;

namespace Tapline.Core.Tests.Pipelines;

/// <summary>Meltano's block grammar: extractor [mapping|mapper ...] loader, plugin:command, job names.</summary>
public sealed class BlockParserTests : IDisposable
{
    private const string Yaml = """
        version: 1
        plugins:
          extractors:
          - name: tap-a
          - name: tap-b
          loaders:
          - name: target-x
          - name: target-y
          mappers:
          - name: meltano-map-transformer
            mappings:
            - name: hide-emails
              config:
                stream_maps:
                  users:
                    email: __NULL__
            - name: rename-users
          utilities:
          - name: dbt
            commands:
              run:
                args: run
              test: test
          - name: plain-util
        jobs:
        - name: load-a
          tasks:
          - tap-a target-x
        - name: nightly
          tasks:
          - [tap-a hide-emails target-x, tap-b target-y]
          - dbt:run dbt:test
        """;

    private readonly string _root = Path.Combine(Path.GetTempPath(), "tapline-blocks-" + Guid.NewGuid().ToString("N"));

    public BlockParserTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private MeltanoProject Project(string yaml = Yaml)
    {
        File.WriteAllText(Path.Combine(_root, "meltano.yml"), yaml);
        return ProjectLoader.Load(_root);
    }

    private IReadOnlyList<PipelineStep> Parse(params string[] names) => BlockParser.Parse(Project(), names);

    private static IEnumerable<string> Texts(IEnumerable<PipelineStep> steps) => steps.Select(s => s.Text);

    [Fact]
    public void Extractor_then_loader_is_one_extract_load_block()
    {
        var step = Assert.IsType<ExtractLoadStep>(Assert.Single(Parse("tap-a", "target-x")));

        Assert.Equal("tap-a", step.Extractor.Name);
        Assert.Equal("target-x", step.Loader.Name);
        Assert.Empty(step.Mappers);
        Assert.Equal("tap-a target-x", step.Text);
    }

    [Fact]
    public void Blocks_given_as_one_argument_split_on_spaces_like_separate_arguments()
    {
        Assert.Equal(Texts(Parse("tap-a", "target-x", "tap-b", "target-y")), Texts(Parse("tap-a target-x tap-b target-y")));
        Assert.Equal(["tap-a target-x", "tap-b target-y"], Texts(Parse("tap-a target-x tap-b target-y")));
    }

    [Fact]
    public void A_mapping_name_stands_for_its_mapper_with_that_mappings_config()
    {
        var step = Assert.IsType<ExtractLoadStep>(Assert.Single(Parse("tap-a", "hide-emails", "rename-users", "target-x")));

        Assert.Equal(["hide-emails", "rename-users"], step.Mappers.Select(m => m.Name));
        Assert.All(step.Mappers, m => Assert.Equal("meltano-map-transformer", m.Mapper.Name));
        Assert.True(step.Mappers[0].Mapping!.Config.ContainsKey("stream_maps"));
        Assert.Equal("tap-a hide-emails rename-users target-x", step.Text);
    }

    [Fact]
    public void A_mapper_named_directly_runs_without_a_mapping()
    {
        var step = Assert.IsType<ExtractLoadStep>(Assert.Single(Parse("tap-a", "meltano-map-transformer", "target-x")));

        var mapper = Assert.Single(step.Mappers);
        Assert.Null(mapper.Mapping);
        Assert.Equal("meltano-map-transformer", mapper.Name);
    }

    [Fact]
    public void Plugin_colon_command_is_a_command_step()
    {
        var steps = Parse("tap-a", "target-x", "dbt:run", "dbt:test");

        Assert.Equal(["tap-a target-x", "dbt:run", "dbt:test"], Texts(steps));
        var run = Assert.IsType<CommandStep>(steps[1]);
        Assert.Equal("dbt", run.Plugin.Name);
        Assert.Equal("run", run.CommandName);
    }

    [Fact]
    public void A_bare_utility_is_a_command_step_without_a_command()
    {
        var step = Assert.IsType<CommandStep>(Assert.Single(Parse("plain-util")));

        Assert.Null(step.CommandName);
        Assert.Equal("plain-util", step.Text);
    }

    [Fact]
    public void A_job_expands_to_its_tasks_including_nested_task_lists()
    {
        Assert.Equal(["tap-a hide-emails target-x", "tap-b target-y", "dbt:run", "dbt:test"], Texts(Parse("nightly")));
    }

    [Fact]
    public void Several_jobs_and_blocks_on_one_command_line_run_in_order()
    {
        Assert.Equal(
            ["tap-b target-y", "tap-a target-x", "tap-a hide-emails target-x", "tap-b target-y", "dbt:run", "dbt:test"],
            Texts(Parse("tap-b", "target-y", "load-a", "nightly")));
    }

    [Fact]
    public void A_job_task_that_leaves_a_block_open_is_reported_when_the_job_runs()
    {
        var project = Project(Yaml + """

            - name: half
              tasks:
              - tap-a
            """);

        var e = Assert.Throws<BlockParseException>(() => BlockParser.Parse(project, ["half"]));
        Assert.Contains("block starting at extractor 'tap-a' has no loader", e.Message);
    }

    [Fact]
    public void Loader_without_extractor_is_an_error_naming_the_loader()
    {
        var e = Assert.Throws<BlockParseException>(() => Parse("target-x"));

        Assert.Contains("loader 'target-x' has no extractor before it", e.Message);
    }

    [Fact]
    public void Mapping_without_extractor_is_an_error_naming_the_mapping()
    {
        var e = Assert.Throws<BlockParseException>(() => Parse("hide-emails", "target-x"));

        Assert.Contains("mapping 'hide-emails' has no extractor before it", e.Message);
    }

    [Fact]
    public void Block_without_loader_is_an_error_naming_its_extractor()
    {
        var e = Assert.Throws<BlockParseException>(() => Parse("tap-a", "hide-emails"));

        Assert.Contains("block starting at extractor 'tap-a' has no loader", e.Message);
    }

    [Fact]
    public void A_block_not_closed_before_the_next_extractor_or_command_is_an_error()
    {
        var nextTap = Assert.Throws<BlockParseException>(() => Parse("tap-a", "tap-b", "target-y"));
        var command = Assert.Throws<BlockParseException>(() => Parse("tap-a", "dbt:run", "target-x"));

        Assert.Contains("block starting at extractor 'tap-a' is not closed by a loader before 'tap-b'", nextTap.Message);
        Assert.Contains("not closed by a loader before 'dbt:run'", command.Message);
    }

    [Fact]
    public void An_unknown_name_is_an_error_naming_it_and_the_project_file()
    {
        var e = Assert.Throws<BlockParseException>(() => Parse("tap-a", "target-nowhere"));

        Assert.Contains("'target-nowhere' is neither a plugin, a mapping nor a job", e.Message);
        Assert.Contains("meltano.yml", e.Message);
    }

    [Fact]
    public void An_unknown_command_is_an_error_listing_the_plugins_commands()
    {
        var e = Assert.Throws<BlockParseException>(() => Parse("dbt:seed"));

        Assert.Contains("plugin 'dbt' has no command 'seed'", e.Message);
        Assert.Contains("run", e.Message);
        Assert.Contains("test", e.Message);
    }

    [Fact]
    public void A_command_of_a_plugin_without_commands_says_it_has_none()
    {
        var e = Assert.Throws<BlockParseException>(() => Parse("plain-util:go"));

        Assert.Contains("defines no commands", e.Message);
    }

    [Fact]
    public void Nothing_to_run_is_an_error()
    {
        var e = Assert.Throws<BlockParseException>(() => BlockParser.Parse(Project(), []));

        Assert.Contains("nothing to run", e.Message);
    }
}
