using ClusterSim.Engine.Core;

namespace ClusterSim.Model.Workloads.Traces;

/// <summary>
/// Replays a trace file row by row: streamed, never held in memory, with speed-up and looping.
/// Subclasses parse one line into (seconds since the trace's start, prompt, output, hashes).
/// </summary>
public abstract class TraceRequestSource : IRequestSource, IDisposable
{
    private readonly string _path;
    private readonly TraceOptions _options;
    private TextReader? _reader;
    private int _line;
    private int _loop;
    private double _loopOffsetSeconds;
    private double _lastSeconds;
    private double? _firstSeconds;

    protected TraceRequestSource(string path, TraceOptions? options)
    {
        _path = path;
        _options = options ?? new TraceOptions();
        if (!(_options.Speed > 0) || _options.Loops < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "speed must be positive and loops at least 1");
        }

        Open();
    }

    /// <summary>Rows skipped as unreadable (only when <see cref="TraceOptions.SkipBadRows"/>).</summary>
    public long SkippedRows { get; private set; }

    public long Rows { get; private set; }

    public string Path => _path;

    /// <summary>Lines to skip at the top of the file (a CSV header).</summary>
    protected virtual int HeaderLines => 0;

    public bool TryNext(out TextRequestSpec request)
    {
        while (true)
        {
            var text = _reader!.ReadLine();
            if (text is null)
            {
                if (++_loop >= _options.Loops)
                {
                    request = default;
                    return false;
                }

                // The next loop starts one mean gap after the last row, so loops do not overlap.
                var span = _lastSeconds - (_firstSeconds ?? 0);
                _loopOffsetSeconds += span + (Rows > 1 ? span / (Rows / _loop - 1) : 0);
                _reader.Dispose();
                Open();
                continue;
            }

            _line++;
            if (_line <= HeaderLines || text.Length == 0)
            {
                continue;
            }

            try
            {
                var (seconds, prompt, output, hashes) = ParseLine(text.TrimEnd('\r'));
                _firstSeconds ??= seconds;
                _lastSeconds = seconds;
                var t = (_loopOffsetSeconds + seconds - _firstSeconds.Value) / _options.Speed;
                request = new TextRequestSpec(SimTime.FromSeconds(Math.Max(0, t)), Math.Max(1, prompt), Math.Max(1, output), hashes);
                Rows++;
                return true;
            }
            catch (FormatException ex) when (_options.SkipBadRows)
            {
                _ = ex;
                SkippedRows++;
            }
            catch (FormatException ex)
            {
                throw new TraceFormatException(_path, _line, 1, ex.Message);
            }
        }
    }

    protected abstract (double Seconds, int Prompt, int Output, long[]? Hashes) ParseLine(string line);

    public void Dispose()
    {
        _reader?.Dispose();
        GC.SuppressFinalize(this);
    }

    private void Open()
    {
        _reader = new StreamReader(_path);
        _line = 0;
    }
}
