namespace Tapline.Plugins.TapCsv;

internal static class About
{
    public const string Json = """
        {"name": "tap-csv", "description": "CSV files as Singer streams (Tapline first-party)",
         "capabilities": ["catalog", "discover", "state"],
         "settings": [
           {"name": "files", "kind": "array", "description": "[{entity, path, keys, replication_key, delimiter}]; path may be a file, a folder or a glob"},
           {"name": "csv_files_definition", "kind": "string", "description": "a JSON file holding the same list as files"}
         ]}
        """;
}
