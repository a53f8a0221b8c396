using static Tapline.Runner.Tests.Pipelines.Tapline;

namespace Tapline.Runner.Tests.Pipelines;

/// <summary><c>tapline invoke</c> passes the child's exit code through, as <c>meltano invoke</c> does.</summary>
public class InvokeTests
{
    private const string Yaml = """
        version: 1
        default_environment: dev
        plugins:
          utilities:
          - name: shell
            executable: sh
            commands:
              fail:
                args: -c "echo failing >&2; exit 3"
                executable: sh
              ok:
                args: -c "echo fine"
        environments:
        - name: dev
        """;

    [Fact]
    public async Task Invoke_of_a_command_passes_its_exit_code_through()
    {
        var root = Projects.WithYaml(Yaml);

        var fail = await RunAsync(root, "invoke", "shell:fail");
        var ok = await RunAsync(root, "invoke", "shell:ok");

        Assert.True(fail.ExitCode == 3, fail.ToString());
        Assert.Contains("failing", fail.Stderr);
        Assert.True(ok.ExitCode == 0, ok.ToString());
        Assert.Equal("fine\n", ok.Stdout);
    }

    [Fact]
    public async Task Invoke_of_a_plugin_passes_its_arguments_and_exit_code_through()
    {
        var root = Projects.WithYaml(Yaml);

        var r = await RunAsync(root, "invoke", "shell", "-c", "exit 4");

        Assert.True(r.ExitCode == 4, r.ToString());
    }

    [Fact]
    public async Task Invoke_of_an_unknown_command_exits_1_naming_it()
    {
        var root = Projects.WithYaml(Yaml);

        var r = await RunAsync(root, "invoke", "shell:nope");

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains("'nope'", r.Stderr);
    }
}
