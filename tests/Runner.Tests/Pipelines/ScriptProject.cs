namespace Tapline.Runner.Tests.Pipelines;

/// <summary>
/// A project whose extractor and loader are shell scripts in the project (<c>./tap.sh</c>,
/// <c>./target.sh</c>), so a test decides exactly how each plugin behaves.
/// </summary>
internal static class ScriptProject
{
    public const string StateId = "dev:tap-script-to-target-script";

    /// <summary>One SCHEMA and three RECORDs of stream <c>s</c>.</summary>
    public const string ThreeRecords = """
        echo '{"type":"SCHEMA","stream":"s","schema":{"type":"object","properties":{"id":{"type":"integer"}}},"key_properties":["id"]}'
        echo '{"type":"RECORD","stream":"s","record":{"id":1}}'
        echo '{"type":"RECORD","stream":"s","record":{"id":2}}'
        echo '{"type":"RECORD","stream":"s","record":{"id":3}}'
        """;

    /// <summary>Copies the <c>--state FILE</c> the tap was given to <c>received-state.json</c> (a tap with the state capability).</summary>
    public const string KeepReceivedState = """
        while [ $# -gt 0 ]; do
          if [ "$1" = "--state" ]; then cp "$2" received-state.json; fi
          shift
        done
        """;

    public static string Create(string tap, string target, string extraYaml = "")
    {
        var root = Projects.WithYaml($"""
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
            {extraYaml}
            environments:
            - name: dev
            """);
        Projects.Script(root, "tap.sh", tap);
        Projects.Script(root, "target.sh", target);
        return root;
    }
}
