using System.Text;
using ClusterSim.Analysis.Charts;
using ClusterSim.Analysis.Report;
using ClusterSim.Analysis.Summaries;
using ClusterSim.Analysis.Timeline;
using ClusterSim.Model.Runs;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Setup;

namespace ClusterSim.Analysis.Outputs;

/// <summary>
/// Writes a run's outputs (summary.json, requests.csv and a {kind}-requests.csv per other kind, power.csv, charts/,
/// report.html, timeline.json)
/// so that a reader never sees a half-written or mixed set, and nothing the run did not write is touched.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Open"/> takes the folder's lock (a second run into the same folder fails at once with
/// <see cref="OutputFolderBusyException"/>) and opens the streamed files in a staging folder inside the
/// output folder; <see cref="Observers"/> go to the run. <see cref="Commit"/> writes the rest to staging,
/// checks every destination, then renames each file over its own name. Disposing without a commit
/// (a failure, a cancellation) deletes the staging folder: the previous outputs stay as they were.
/// </para>
/// <para>
/// Owned files: a run replaces only the files it writes, by exact name. In charts/ that is the
/// chart files of this run; other files and folders there are kept, and so are chart files of an
/// earlier run that this run does not draw (say a video chart, after the video pool was removed):
/// they are never deleted, only replaced when a later run draws them again.
/// </para>
/// </remarks>
public sealed class RunOutputs : IDisposable
{
    private const string StagingPrefix = ".clustersim-staging-";
    private const string ChartsFolder = "charts";

    // Files earlier versions left as NAME.partial when killed; only these names, since ours.
    private static readonly string[] OwnedNames = ["summary.json", "requests.csv", "power.csv", "report.html", "timeline.json", ChartsFolder];

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    private readonly RunOutputOptions _options;
    private readonly OutputFolderLock _lock;
    private readonly string _staging;
    private readonly List<IRunObserver> _observers = [];
    private readonly CsvRequestLog? _requests;
    private readonly CsvKindRequestLog? _kindRequests;
    private readonly ChromeTraceRecorder? _timeline;
    private readonly UtilizationRecorder? _utilization;
    private readonly LatencyOverTimeRecorder? _latency;
    private bool _committed;
    private bool _disposed;

    private RunOutputs(RunOutputOptions options, OutputFolderLock folderLock)
    {
        _options = options;
        _lock = folderLock;
        _staging = Path.Combine(options.Directory, StagingPrefix + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_staging);
        if (options.Requests)
        {
            _requests = new CsvRequestLog(new StreamWriter(Staged("requests.csv"), false, Utf8NoBom, 1 << 16));
            _observers.Add(_requests);
            _kindRequests = new CsvKindRequestLog(kind => new StreamWriter(Staged(CsvKindRequestLog.FileName(kind)), false, Utf8NoBom, 1 << 16));
            _observers.Add(_kindRequests);
        }

        if (options.Charts || options.Report)
        {
            _utilization = new UtilizationRecorder();
            _latency = new LatencyOverTimeRecorder();
            _observers.Add(_utilization);
            _observers.Add(_latency);
        }

        if (options.Timeline)
        {
            _timeline = new ChromeTraceRecorder(File.Create(Staged("timeline.json")), options.TimelineEvents);
            _observers.Add(_timeline);
        }
    }

    /// <summary>The recorders to attach to the run (<see cref="ClusterRun"/>).</summary>
    public IReadOnlyList<IRunObserver> Observers => _observers;

    /// <summary>The timeline recorder when one was asked for (to say whether it hit its cap).</summary>
    public ChromeTraceRecorder? Timeline => _timeline;

    /// <summary>
    /// Creates the folder, takes its lock and opens the staging files. Throws
    /// <see cref="OutputFolderBusyException"/> when another run holds the folder; then nothing is written.
    /// </summary>
    public static RunOutputs Open(RunOutputOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Directory);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.TimelineEvents, 1);
        Directory.CreateDirectory(options.Directory);
        var folderLock = OutputFolderLock.Take(options.Directory);
        try
        {
            RemoveLeftovers(options.Directory);
            return new RunOutputs(options, folderLock);
        }
        catch
        {
            folderLock.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Writes what remains from <paramref name="result"/> and puts every file in place; returns the
    /// paths written (charts/ as the folder), in a fixed order. Cancellation is honoured until the
    /// first rename, never half-way through the renames.
    /// </summary>
    public IReadOnlyList<string> Commit(ServingResult result, CompiledScenario compiled, CancellationToken cancellation = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_committed)
        {
            throw new InvalidOperationException("the outputs are already committed");
        }

        _requests?.Dispose();
        _kindRequests?.Dispose();
        _timeline?.Complete(result);
        _timeline?.Dispose();
        var files = new List<string>(); // names relative to the folder, in the order they are reported
        if (_requests is not null)
        {
            files.Add("requests.csv");
        }

        // video-requests.csv, image-requests.csv: one per kind that had a request, in the order the run met them.
        files.AddRange(_kindRequests?.Kinds.Select(CsvKindRequestLog.FileName) ?? []);

        if (_timeline is not null)
        {
            files.Add("timeline.json");
        }

        File.WriteAllText(Staged("summary.json"), SummaryJson.Write(result, includeWallClock: !_options.Stable, measured: compiled.Scenario.Measured), Utf8NoBom);
        files.Add("summary.json");
        var chartFiles = new List<string>();
        var charts = _latency is null ? [] : RunCharts.Create(result, new RunChartOptions { Scenario = compiled.Scenario, Utilization = _utilization, LatencyOverTime = _latency });
        if (_options.Charts)
        {
            cancellation.ThrowIfCancellationRequested();
            foreach (var chart in charts)
            {
                chartFiles.AddRange(chart.Save(Staged(ChartsFolder)).Select(p => Path.Combine(ChartsFolder, Path.GetFileName(p))));
            }

            files.Add(ChartsFolder);
        }

        if (_options.Report)
        {
            cancellation.ThrowIfCancellationRequested();
            File.WriteAllText(Staged("report.html"), HtmlReport.Write(result, compiled.Scenario, charts, result.Notes), Utf8NoBom);
            files.Add("report.html");
        }

        if (result.Facility is { } facility)
        {
            File.WriteAllText(Staged("power.csv"), PowerCsv.Write(facility), Utf8NoBom);
            files.Add("power.csv");
        }

        cancellation.ThrowIfCancellationRequested();
        var moves = files.Where(f => f != ChartsFolder).Concat(chartFiles).ToList();
        CheckDestinations(moves, _options.Charts);
        if (_options.Charts)
        {
            Directory.CreateDirectory(Path.Combine(_options.Directory, ChartsFolder));
        }

        foreach (var name in moves)
        {
            File.Move(Path.Combine(_staging, name), Path.Combine(_options.Directory, name), overwrite: true);
        }

        _committed = true;
        DeleteQuietly(_staging);
        return files.Select(f => Path.Combine(_options.Directory, f)).ToList();
    }

    /// <summary>Without a commit: closes the streams and deletes the staging folder. Releases the lock.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_committed)
        {
            CloseQuietly(_requests);
            CloseQuietly(_kindRequests);
            CloseQuietly(_timeline);
            DeleteQuietly(_staging);
        }

        _lock.Dispose();
    }

    private string Staged(string name) => Path.Combine(_staging, name);

    /// <summary>
    /// Every destination must take a file before any is replaced: a folder where a file goes (or a file
    /// where charts/ goes) fails the run here, with every earlier output still as it was.
    /// </summary>
    private void CheckDestinations(IEnumerable<string> moves, bool charts)
    {
        var chartsPath = Path.Combine(_options.Directory, ChartsFolder);
        if (charts && File.Exists(chartsPath))
        {
            throw new IOException($"{chartsPath}: a file is in the way of the charts folder; move it away or use --no-charts");
        }

        foreach (var name in moves)
        {
            var path = Path.Combine(_options.Directory, name);
            if (Directory.Exists(path))
            {
                throw new IOException($"{path}: a folder is in the way of this run's file of that name; move it away");
            }
        }
    }

    /// <summary>Staging folders of runs that were killed, and the .partial files older versions left: ours to remove, under the lock.</summary>
    private static void RemoveLeftovers(string directory)
    {
        foreach (var stale in Directory.EnumerateDirectories(directory, StagingPrefix + "*"))
        {
            DeleteQuietly(stale);
        }

        foreach (var name in OwnedNames)
        {
            DeleteQuietly(Path.Combine(directory, name + ".partial"));
        }
    }

    private static void CloseQuietly(IDisposable? writer)
    {
        try
        {
            writer?.Dispose();
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException) // a second failure must not hide the first
        {
        }
    }

    private static void DeleteQuietly(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
            else if (File.Exists(path))
            {
                File.Delete(path);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Cleaning up must not hide the error that made it necessary.
        }
    }
}
