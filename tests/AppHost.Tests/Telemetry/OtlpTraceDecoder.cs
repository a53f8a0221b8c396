using System.Text;

namespace Tapline.AppHost.Tests.Telemetry;

/// <summary>
/// Reads the few fields of an OTLP <c>ExportTraceServiceRequest</c> (protobuf) a test needs:
/// resource service.name, scope name, span name, trace id and string attributes. Field numbers
/// are those of opentelemetry-proto's trace/v1 and common/v1; everything else is skipped.
/// </summary>
internal static class OtlpTraceDecoder
{
    public static IReadOnlyList<ReceivedSpan> Decode(ReadOnlySpan<byte> request)
    {
        var spans = new List<ReceivedSpan>();
        var reader = new WireReader(request.ToArray());
        while (reader.Next(out var field, out var value))
        {
            if (field == 1)
            {
                ReadResourceSpans(value, spans);
            }
        }
        return spans;
    }

    private static void ReadResourceSpans(byte[] message, List<ReceivedSpan> spans)
    {
        var service = "";
        var scopes = new List<byte[]>();
        var reader = new WireReader(message);
        while (reader.Next(out var field, out var value))
        {
            switch (field)
            {
                case 1: // Resource
                    var resource = new WireReader(value);
                    while (resource.Next(out var resourceField, out var attribute))
                    {
                        if (resourceField == 1 && ReadKeyValue(attribute) is { Key: "service.name" } serviceName)
                        {
                            service = serviceName.Value;
                        }
                    }
                    break;
                case 2: // ScopeSpans
                    scopes.Add(value);
                    break;
            }
        }
        foreach (var scopeSpans in scopes)
        {
            ReadScopeSpans(scopeSpans, service, spans);
        }
    }

    private static void ReadScopeSpans(byte[] message, string service, List<ReceivedSpan> spans)
    {
        var scopeName = "";
        var spanMessages = new List<byte[]>();
        var reader = new WireReader(message);
        while (reader.Next(out var field, out var value))
        {
            if (field == 1)
            {
                var scope = new WireReader(value);
                while (scope.Next(out var scopeField, out var scopeValue))
                {
                    if (scopeField == 1)
                    {
                        scopeName = Encoding.UTF8.GetString(scopeValue);
                    }
                }
            }
            else if (field == 2)
            {
                spanMessages.Add(value);
            }
        }
        foreach (var span in spanMessages)
        {
            spans.Add(ReadSpan(span, service, scopeName));
        }
    }

    private static ReceivedSpan ReadSpan(byte[] message, string service, string scope)
    {
        var traceId = "";
        var name = "";
        var attributes = new Dictionary<string, string>();
        var reader = new WireReader(message);
        while (reader.Next(out var field, out var value))
        {
            switch (field)
            {
                case 1:
                    traceId = Convert.ToHexStringLower(value);
                    break;
                case 5:
                    name = Encoding.UTF8.GetString(value);
                    break;
                case 9 when ReadKeyValue(value) is { } attribute:
                    attributes[attribute.Key] = attribute.Value;
                    break;
            }
        }
        return new ReceivedSpan(service, scope, name, traceId, attributes);
    }

    /// <summary>A KeyValue whose AnyValue is a string; other value kinds read as "".</summary>
    private static (string Key, string Value)? ReadKeyValue(byte[] message)
    {
        string? key = null;
        var text = "";
        var reader = new WireReader(message);
        while (reader.Next(out var field, out var value))
        {
            if (field == 1)
            {
                key = Encoding.UTF8.GetString(value);
            }
            else if (field == 2)
            {
                var any = new WireReader(value);
                while (any.Next(out var anyField, out var anyValue))
                {
                    if (anyField == 1)
                    {
                        text = Encoding.UTF8.GetString(anyValue);
                    }
                }
            }
        }
        return key is null ? null : (key, text);
    }

    /// <summary>
    /// Protobuf's wire format: a varint tag (field number, wire type), then a varint, 8 or 4
    /// bytes, or a length-delimited payload. Only payloads are returned; numbers are skipped.
    /// </summary>
    private sealed class WireReader(byte[] buffer)
    {
        private int _position;

        public bool Next(out int field, out byte[] value)
        {
            while (_position < buffer.Length)
            {
                var tag = ReadVarint();
                field = (int)(tag >> 3);
                switch ((int)(tag & 7))
                {
                    case 0:
                        ReadVarint();
                        continue;
                    case 1:
                        _position += 8;
                        continue;
                    case 5:
                        _position += 4;
                        continue;
                    case 2:
                        var length = (int)ReadVarint();
                        if (length < 0 || _position + length > buffer.Length)
                        {
                            throw new InvalidDataException($"A length-delimited field {field} runs past the end of the message.");
                        }
                        value = buffer[_position..(_position + length)];
                        _position += length;
                        return true;
                    default:
                        throw new InvalidDataException($"Unsupported protobuf wire type {tag & 7} for field {field}.");
                }
            }
            field = 0;
            value = [];
            return false;
        }

        private ulong ReadVarint()
        {
            ulong result = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                if (_position >= buffer.Length)
                {
                    throw new InvalidDataException("A varint runs past the end of the message.");
                }
                var b = buffer[_position++];
                result |= (ulong)(b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                {
                    return result;
                }
            }
            throw new InvalidDataException("A varint is longer than 10 bytes.");
        }
    }
}
