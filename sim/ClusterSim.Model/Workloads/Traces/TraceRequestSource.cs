using System.Text;

namespace ClusterSim.Model.Workloads.Traces;

/// <summary>
/// Replays a trace file row by row: streamed (one line in memory at a time, however long the
/// trace), at a chosen speed and looped back to back. The first row arrives at time zero and
/// every later row keeps its offset from it, divided by the speed.
/// </summary>
/// <remarks>
/// <para>Looping: each pass starts one mean gap (span / (rows − 1)) after the previous pass's last
/// row, so passes neither overlap nor leave a hole, and the replayed rate stays the trace's
/// rate. A single-row trace has no gap to go by: its passes all arrive at time zero.</para>
/// <para>Rows must be in arrival order (equal times allowed). A row that cannot be read, or that
/// goes back in time, raises a <see cref="TraceFormatException"/> naming file, line and the
/// field's column; with <see cref="TraceOptions.SkipBadRows"/> it is counted in
/// <see cref="SkippedRows"/> instead (once per pass) and the first such error is kept in
/// <see cref="FirstSkippedError"/>. A bad header is always an error. Token counts of zero (failed
/// requests in BurstGPT) are replayed as one token.</para>
/// </remarks>
public abstract class TraceRequestSource : IRequestSource, IDisposable
{
    private const int BufferBytes = 1 << 16;

    private readonly string _path;
    private readonly TraceOptions _options;
    private readonly TraceRowParser _parser;
    private BoundedLineReader? _reader;
    private int _line;
    private int _pass;
    private long _dataLines;
    private bool _haveFirst;
    private long _firstNs;
    private long _lastNs;
    private long _rowsFirstPass;
    private long _passPeriodNs;
    private bool _havePrevious;
    private long _previousNs;

    private protected TraceRequestSource(string path, TraceOptions? options, TraceRowParser parser)
    {
        ArgumentNullException.ThrowIfNull(path);
        _path = path;
        _options = options ?? new TraceOptions();
        _parser = parser;
        if (!(_options.Speed > 0) || double.IsInfinity(_options.Speed) || _options.Loops < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "speed must be positive and finite, and loops at least 1");
        }

        Open(parseHeader: true);
    }

    public string Path => _path;

    public TraceOptions Options => _options;

    /// <summary>Requests replayed so far (all passes).</summary>
    public long Rows { get; private set; }

    /// <summary>Rows skipped as unreadable (only when <see cref="TraceOptions.SkipBadRows"/>).</summary>
    public long SkippedRows { get; private set; }

    /// <summary>The first row skipped, located, for reporting; null when none was.</summary>
    public TraceFormatException? FirstSkippedError { get; private set; }

    public bool TryNext(out TextRequestSpec request)
    {
        ObjectDisposedException.ThrowIf(_reader is null, this);
        while (true)
        {
            var text = ReadLine();
            if (text is null)
            {
                if (_pass == 0 && _rowsFirstPass == 0)
                {
                    throw NoRows();
                }

                if (!StartNextPass())
                {
                    request = default;
                    return false;
                }

                continue;
            }

            _line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            if (_pass == 0)
            {
                _dataLines++;
            }

            TraceRow row;
            try
            {
                if (!_parser.TryParse(text, out row))
                {
                    continue;
                }

                if (_havePrevious && row.TimeNs < _previousNs)
                {
                    throw new TraceFieldException(row.TimeColumn,
                        $"rows must be in arrival order: this row is {(_previousNs - row.TimeNs) / 1e9:0.#########} s before the previous one");
                }
            }
            catch (TraceFieldException ex)
            {
                var error = new TraceFormatException(_path, _line, ex.Column, ex.Message);
                if (!_options.SkipBadRows)
                {
                    throw error;
                }

                SkippedRows++;
                FirstSkippedError ??= error;
                continue;
            }

            _havePrevious = true;
            _previousNs = row.TimeNs;
            if (_pass == 0)
            {
                if (!_haveFirst)
                {
                    _haveFirst = true;
                    _firstNs = row.TimeNs;
                }

                _lastNs = row.TimeNs;
                _rowsFirstPass++;
            }

            if ((long)Math.Max(1, row.Prompt) + Math.Max(1, row.Output) > int.MaxValue)
            {
                // Context = prompt + output must fit the int the serving model counts tokens in.
                throw new TraceFormatException(_path, _line, 1,
                    $"prompt ({row.Prompt:N0}) plus output ({row.Output:N0}) tokens exceed {int.MaxValue:N0}, the most one request may hold");
            }

            var offsetNs = checked((_pass * _passPeriodNs) + (row.TimeNs - _firstNs));

            // Speed 1 stays in exact integers; otherwise divide once and round once (monotone).
            var at = _options.Speed == 1.0 ? offsetNs : (long)Math.Round(offsetNs / _options.Speed);
            request = new TextRequestSpec(at, Math.Max(1, row.Prompt), Math.Max(1, row.Output), row.Hashes);
            Rows++;
            return true;
        }
    }

    public void Dispose()
    {
        _reader?.Dispose();
        _reader = null;
        GC.SuppressFinalize(this);
    }

    /// <summary>The next line, or a located error when it is longer than any trace row can be.</summary>
    private string? ReadLine()
    {
        try
        {
            return _reader!.ReadLine();
        }
        catch (LineTooLongException ex)
        {
            Dispose();
            throw new TraceFormatException(_path, _line + 1, ex.MaxChars + 1, ex.Message);
        }
    }

    /// <summary>A trace that replays nothing is a mistake (a header-only file, or filters that keep no row), never an empty run.</summary>
    private TraceFormatException NoRows()
        => FirstSkippedError is { } first
            ? new TraceFormatException(_path, first.Line, first.Column, $"no row of the trace could be read ({SkippedRows:N0} skipped); the first: {first.Message}")
            : new TraceFormatException(_path, Math.Max(1, _line), 1, _dataLines > 0
                ? $"none of the trace's {_dataLines:N0} rows matches the filters"
                : _parser.HeaderLines > 0 ? "the trace has a header but no rows" : "the trace has no rows");

    private bool StartNextPass()
    {
        if (_pass + 1 >= _options.Loops || _rowsFirstPass == 0)
        {
            return false;
        }

        if (_pass == 0)
        {
            // One mean gap after the last row: span + span/(n − 1) = span·n/(n − 1).
            var span = _lastNs - _firstNs;
            _passPeriodNs = _rowsFirstPass > 1 ? (long)Math.Round(span * (double)_rowsFirstPass / (_rowsFirstPass - 1)) : 0;
        }

        _pass++;
        _reader!.Dispose();
        Open(parseHeader: false);
        _havePrevious = false;
        return true;
    }

    private void Open(bool parseHeader)
    {
        var stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferBytes, FileOptions.SequentialScan);
        _reader = new BoundedLineReader(new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, BufferBytes),
            BoundedLineReader.DefaultMaxChars);
        _line = 0;
        for (var i = 0; i < _parser.HeaderLines; i++)
        {
            var header = ReadLine();
            _line++;
            if (!parseHeader)
            {
                continue;
            }

            if (header is null)
            {
                Dispose();
                throw new TraceFormatException(_path, _line, 1, "expected a header line, found the end of the file");
            }

            try
            {
                _parser.ParseHeader(header);
            }
            catch (TraceFieldException ex)
            {
                Dispose();
                throw new TraceFormatException(_path, _line, ex.Column, ex.Message);
            }
        }
    }
}
