using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Tapline.Plugins.TapCsv;

/// <summary>Writes Singer messages into one reusable buffer and hands it to stdout in large chunks.</summary>
internal sealed class SingerWriter(Stream output)
{
    private const int FlushThreshold = 256 * 1024;
    private readonly ArrayBufferWriter<byte> _buffer = new(FlushThreshold * 2);
    private Utf8JsonWriter? _json;

    public Utf8JsonWriter Begin()
    {
        if (_json is null)
        {
            _json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true });
        }
        else
        {
            _json.Reset(_buffer);
        }
        return _json;
    }

    public void End()
    {
        _json!.Flush();
        _buffer.GetSpan(1)[0] = (byte)'\n';
        _buffer.Advance(1);
        if (_buffer.WrittenCount >= FlushThreshold) Drain();
    }

    public void Flush()
    {
        Drain();
        output.Flush();
    }

    private void Drain()
    {
        output.Write(_buffer.WrittenSpan);
        _buffer.ResetWrittenCount();
    }
}
