using System.Text;

namespace Tapline.Plugins.TapCsv;

/// <summary>
/// An RFC 4180 reader (quoted fields, doubled quotes, newlines inside quotes) that reuses its
/// field list and builders between rows.
/// </summary>
internal sealed class CsvReader(TextReader reader, char delimiter)
{
    private readonly List<string> _fields = [];
    private readonly StringBuilder _field = new();

    public long Row { get; private set; }

    /// <summary>The next row's fields; null at end of input. Valid until the next call.</summary>
    public List<string>? ReadRow()
    {
        _fields.Clear();
        _field.Clear();
        var inQuotes = false;
        var any = false;
        while (true)
        {
            var c = reader.Read();
            if (c < 0)
            {
                if (!any) return null;
                _fields.Add(_field.ToString());
                Row++;
                return _fields;
            }
            any = true;
            var ch = (char)c;
            if (inQuotes)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        _field.Append('"');
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    _field.Append(ch);
                }
                continue;
            }
            if (ch == '"' && _field.Length == 0) inQuotes = true;
            else if (ch == delimiter)
            {
                _fields.Add(_field.ToString());
                _field.Clear();
            }
            else if (ch == '\n' || ch == '\r')
            {
                if (ch == '\r' && reader.Peek() == '\n') reader.Read();
                _fields.Add(_field.ToString());
                Row++;
                return _fields;
            }
            else _field.Append(ch);
        }
    }
}
