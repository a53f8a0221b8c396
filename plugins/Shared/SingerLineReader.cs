namespace Tapline.Plugins;

/// <summary>
/// Reads newline-separated messages from a stream into one reusable buffer, so the hot loop
/// allocates nothing per line (a line longer than the buffer grows it).
/// </summary>
internal sealed class SingerLineReader(Stream input, int bufferSize = 1 << 20)
{
    private byte[] _buffer = new byte[bufferSize];
    private int _start;
    private int _end;
    private bool _eof;

    public long LineNumber { get; private set; }

    /// <summary>The next line without its terminator; false at end of input.</summary>
    public bool TryReadLine(out ReadOnlyMemory<byte> line)
    {
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                var lineEnd = newline > _start && _buffer[newline - 1] == '\r' ? newline - 1 : newline;
                line = _buffer.AsMemory(_start, lineEnd - _start);
                _start = newline + 1;
                LineNumber++;
                return true;
            }
            if (_eof)
            {
                if (_end > _start)
                {
                    line = _buffer.AsMemory(_start, _end - _start);
                    _start = _end;
                    LineNumber++;
                    return true;
                }
                line = default;
                return false;
            }
            Fill();
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
        var read = input.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0) _eof = true;
        _end += read;
    }
}
