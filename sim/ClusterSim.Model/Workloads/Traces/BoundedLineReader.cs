using System.Text;

namespace ClusterSim.Model.Workloads.Traces;

/// <summary>
/// Reads lines of at most a given length. <see cref="StreamReader.ReadLine"/> holds a whole line in
/// memory however long it is, so a file without line breaks (a binary file, <c>/dev/zero</c>) grows
/// until the machine runs out; here such a line fails as soon as it passes the limit.
/// </summary>
internal sealed class BoundedLineReader(TextReader reader, int maxChars) : IDisposable
{
    /// <summary>Longest trace line read: far beyond any real row (a Mooncake row with 10,000 block ids is ~80 KB).</summary>
    public const int DefaultMaxChars = 1 << 20;

    private readonly char[] _buffer = new char[1 << 14];
    private readonly StringBuilder _long = new();
    private int _pos;
    private int _len;

    public int MaxChars => maxChars;

    /// <summary>The next line without its line break; null at the end; throws <see cref="LineTooLongException"/> past the limit.</summary>
    public string? ReadLine()
    {
        _long.Clear();
        var any = false;
        while (true)
        {
            if (_pos == _len)
            {
                _len = reader.Read(_buffer, 0, _buffer.Length);
                _pos = 0;
                if (_len == 0)
                {
                    return any ? _long.ToString() : null;
                }
            }

            any = true;
            var span = _buffer.AsSpan(_pos, _len - _pos);
            var nl = span.IndexOfAny('\n', '\r');
            if (nl < 0)
            {
                Append(span);
                _pos = _len;
                continue;
            }

            string line;
            if (_long.Length == 0)
            {
                if (nl > maxChars)
                {
                    throw new LineTooLongException(maxChars);
                }

                line = new string(span[..nl]);
            }
            else
            {
                Append(span[..nl]);
                line = _long.ToString();
            }

            var terminator = span[nl];
            _pos += nl + 1;
            if (terminator == '\r')
            {
                // \r\n counts as one break; the \n may sit at the start of the next buffer.
                if (_pos == _len)
                {
                    _len = reader.Read(_buffer, 0, _buffer.Length);
                    _pos = 0;
                }

                if (_pos < _len && _buffer[_pos] == '\n')
                {
                    _pos++;
                }
            }

            return line;
        }
    }

    private void Append(ReadOnlySpan<char> part)
    {
        if (_long.Length + part.Length > maxChars)
        {
            throw new LineTooLongException(maxChars);
        }

        _long.Append(part);
    }

    public void Dispose() => reader.Dispose();
}
