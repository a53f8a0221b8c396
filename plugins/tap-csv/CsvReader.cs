namespace Tapline.Plugins.TapCsv;

/// <summary>
/// An RFC 4180 reader (quoted fields, doubled quotes, newlines inside quotes) that scans a
/// char buffer and copies each row's unescaped fields into one reusable array, so reading a
/// row allocates nothing; callers get fields as spans.
/// </summary>
internal sealed class CsvReader(TextReader reader, char delimiter)
{
    private readonly char[] _buffer = new char[1 << 16];
    private int _pos;
    private int _len;
    private bool _eof;
    private char[] _row = new char[1024];
    private int _rowLength;
    private int[] _starts = new int[64];
    private int[] _lengths = new int[64];

    public long Row { get; private set; }

    public int FieldCount { get; private set; }

    public ReadOnlySpan<char> Field(int i) => _row.AsSpan(_starts[i], _lengths[i]);

    public string[] FieldsAsStrings()
    {
        var result = new string[FieldCount];
        for (var i = 0; i < FieldCount; i++) result[i] = Field(i).ToString();
        return result;
    }

    /// <summary>Reads the next row; false at end of input.</summary>
    public bool ReadRow()
    {
        _rowLength = 0;
        FieldCount = 0;
        var fieldStart = 0;
        var inQuotes = false;
        var any = false;
        while (true)
        {
            if (_pos == _len && !Fill())
            {
                if (!any) return false;
                EndField(ref fieldStart);
                Row++;
                return true;
            }
            var c = _buffer[_pos++];
            any = true;
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (Peek() == '"')
                    {
                        _pos++;
                        Append('"');
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    Append(c);
                }
                continue;
            }
            if (c == '"' && _rowLength == fieldStart)
            {
                inQuotes = true;
            }
            else if (c == delimiter)
            {
                EndField(ref fieldStart);
            }
            else if (c == '\n' || c == '\r')
            {
                if (c == '\r' && Peek() == '\n') _pos++;
                EndField(ref fieldStart);
                Row++;
                return true;
            }
            else
            {
                Append(c);
            }
        }
    }

    private int Peek() => _pos < _len || Fill() ? _buffer[_pos] : -1;

    private bool Fill()
    {
        if (_eof) return false;
        _len = reader.Read(_buffer, 0, _buffer.Length);
        _pos = 0;
        if (_len == 0) _eof = true;
        return _len > 0;
    }

    private void Append(char c)
    {
        if (_rowLength == _row.Length) Array.Resize(ref _row, _row.Length * 2);
        _row[_rowLength++] = c;
    }

    private void EndField(ref int fieldStart)
    {
        if (FieldCount == _starts.Length)
        {
            Array.Resize(ref _starts, _starts.Length * 2);
            Array.Resize(ref _lengths, _lengths.Length * 2);
        }
        _starts[FieldCount] = fieldStart;
        _lengths[FieldCount] = _rowLength - fieldStart;
        FieldCount++;
        fieldStart = _rowLength;
    }
}
