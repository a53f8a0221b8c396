using System.Text.Encodings.Web;
using System.Text.Json;

namespace Tapline.Runner.Cli;

public static class CliJson
{
    public static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
