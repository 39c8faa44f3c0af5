using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ClusterSim.Analysis.Tests.Report;

/// <summary>
/// Opens a page in a real headless Chromium and reports what a person would see: every console
/// message, uncaught exception and browser log entry, every network request, and the laid-out size
/// of each element the caller asks about. Talks to the browser over the DevTools protocol on the
/// loopback interface only.
/// </summary>
internal sealed partial class HeadlessChromium : IAsyncDisposable
{
    public const string Path = "/usr/bin/chromium";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly DirectoryInfo _profile;
    private readonly List<string> _stderr = new();
    private readonly ClientWebSocket _socket = new();
    private readonly Dictionary<int, TaskCompletionSource<JsonNode>> _pending = new();
    private readonly List<JsonNode> _events = new();
    private readonly CancellationTokenSource _stop = new();
    private Task? _reader;
    private int _nextId;

    private HeadlessChromium(Process process, DirectoryInfo profile)
    {
        _process = process;
        _profile = profile;
    }

    /// <summary>Problems a page logged: console errors and warnings, uncaught exceptions, browser log errors and warnings.</summary>
    public List<string> Problems { get; } = new();

    /// <summary>URLs the page requested (its own included).</summary>
    public List<string> Requests { get; } = new();

    public static async Task<HeadlessChromium> Start()
    {
        if (!File.Exists(Path))
        {
            throw new InvalidOperationException($"{Path} is missing: .ci/run installs Debian's chromium (apt-get install chromium)");
        }

        var profile = Directory.CreateTempSubdirectory("clustersim-chromium-");
        var info = new ProcessStartInfo(Path)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--disable-default-apps", "--disable-extensions", "--mute-audio",
                     $"--user-data-dir={profile.FullName}", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                     "--enable-logging=stderr", "--v=0", "--window-size=1200,900", "about:blank",
                 })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("chromium did not start");
        var browser = new HeadlessChromium(process, profile);
        var endpoint = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (browser._stderr)
            {
                browser._stderr.Add(e.Data);
            }

            if (DevToolsLine().Match(e.Data) is { Success: true } m)
            {
                endpoint.TrySetResult(m.Groups[1].Value);
            }
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();

        var started = await Task.WhenAny(endpoint.Task, Task.Delay(Timeout));
        if (started != endpoint.Task)
        {
            await browser.DisposeAsync();
            throw new TimeoutException("chromium printed no DevTools address within 60 s:\n" + string.Join("\n", browser.StderrTail()));
        }

        // The browser's endpoint gives the port; attach to the blank page it opened.
        var port = new Uri(endpoint.Task.Result).Port;
        using var http = new HttpClient { Timeout = Timeout };
        var targets = JsonNode.Parse(await http.GetStringAsync($"http://127.0.0.1:{port}/json/list"))!.AsArray();
        var page = targets.First(t => (string?)t!["type"] == "page")!;
        await browser._socket.ConnectAsync(new Uri((string)page["webSocketDebuggerUrl"]!), CancellationToken.None);
        browser._reader = Task.Run(browser.ReadLoop);
        await browser.Send("Runtime.enable");
        await browser.Send("Log.enable");
        await browser.Send("Network.enable");
        await browser.Send("Page.enable");
        return browser;
    }

    /// <summary>Navigates to <paramref name="url"/> and waits for its load event.</summary>
    public async Task Open(string url)
    {
        var loaded = WaitForEvent("Page.loadEventFired");
        var result = await Send("Page.navigate", new JsonObject { ["url"] = url });
        if (result["errorText"] is { } error)
        {
            throw new InvalidOperationException($"navigation to {url} failed: {error}");
        }

        await loaded;
    }

    /// <summary>Evaluates a JavaScript expression in the page (DevTools, not the page's own script) and returns its JSON value.</summary>
    public async Task<JsonNode?> Evaluate(string expression)
    {
        var result = await Send("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true });
        if (result["exceptionDetails"] is { } ex)
        {
            throw new InvalidOperationException("evaluation failed: " + ex.ToJsonString());
        }

        return result["result"]?["value"];
    }

    /// <summary>A PNG screenshot of the whole page.</summary>
    public async Task<byte[]> Screenshot()
    {
        var result = await Send("Page.captureScreenshot", new JsonObject { ["format"] = "png", ["captureBeyondViewport"] = true });
        return Convert.FromBase64String((string)result["data"]!);
    }

    /// <summary>Console lines Chromium printed on stderr (--enable-logging=stderr), as a second witness.</summary>
    public List<string> StderrConsoleLines()
    {
        lock (_stderr)
        {
            return _stderr.Where(l => l.Contains(":CONSOLE", StringComparison.Ordinal)).ToList();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                try
                {
                    await SendRaw("Browser.close", null, quick.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or WebSocketException or InvalidOperationException)
                {
                    // Closing is best effort: the process is ended below either way.
                }
            }
        }
        finally
        {
            _stop.Cancel();
            if (!_process.WaitForExit(5000))
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }

            _process.Dispose();
            _socket.Dispose();
            try
            {
                _profile.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A helper process may still hold a file for a moment; the temp folder is harmless.
            }
        }
    }

    private IEnumerable<string> StderrTail()
    {
        lock (_stderr)
        {
            return _stderr.TakeLast(20).ToList();
        }
    }

    private async Task<JsonNode> Send(string method, JsonObject? parameters = null)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        return await SendRaw(method, parameters, timeout.Token);
    }

    private async Task<JsonNode> SendRaw(string method, JsonObject? parameters, CancellationToken token)
    {
        var id = Interlocked.Increment(ref _nextId);
        var reply = new TaskCompletionSource<JsonNode>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_pending)
        {
            _pending[id] = reply;
        }

        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, token);
        var done = await Task.WhenAny(reply.Task, Task.Delay(Timeout, token));
        if (done != reply.Task)
        {
            throw new TimeoutException($"no reply to {method} within 60 s");
        }

        var answer = await reply.Task;
        if (answer["error"] is { } error)
        {
            throw new InvalidOperationException($"{method} failed: {error.ToJsonString()}");
        }

        return answer["result"] ?? new JsonObject();
    }

    private async Task WaitForEvent(string method)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (DateTime.UtcNow < deadline)
        {
            lock (_events)
            {
                if (_events.Any(e => (string?)e["method"] == method))
                {
                    return;
                }
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"no {method} within 60 s");
    }

    private async Task ReadLoop()
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        while (!_stop.IsCancellationRequested && _socket.State == WebSocketState.Open)
        {
            WebSocketReceiveResult received;
            try
            {
                received = await _socket.ReceiveAsync(buffer, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException)
            {
                return;
            }

            if (received.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            message.Write(buffer, 0, received.Count);
            if (!received.EndOfMessage)
            {
                continue;
            }

            var node = JsonNode.Parse(message.ToArray())!;
            message.SetLength(0);
            if (node["id"] is { } idNode)
            {
                TaskCompletionSource<JsonNode>? reply;
                lock (_pending)
                {
                    _pending.Remove((int)idNode, out reply);
                }

                reply?.TrySetResult(node);
                continue;
            }

            Observe(node);
            lock (_events)
            {
                _events.Add(node);
            }
        }
    }

    private void Observe(JsonNode e)
    {
        var p = e["params"];
        switch ((string?)e["method"])
        {
            case "Runtime.consoleAPICalled" when (string?)p!["type"] is "error" or "warning" or "assert":
                lock (Problems)
                {
                    Problems.Add($"console.{(string?)p!["type"]}: {p["args"]?.ToJsonString()}");
                }

                break;
            case "Runtime.exceptionThrown":
                lock (Problems)
                {
                    Problems.Add("uncaught exception: " + p!["exceptionDetails"]?.ToJsonString());
                }

                break;
            case "Log.entryAdded" when (string?)p!["entry"]!["level"] is "error" or "warning":
                lock (Problems)
                {
                    Problems.Add($"browser log {(string?)p!["entry"]!["level"]} ({(string?)p["entry"]!["source"]}): {(string?)p["entry"]!["text"]}");
                }

                break;
            case "Network.requestWillBeSent":
                lock (Requests)
                {
                    Requests.Add((string)p!["request"]!["url"]!);
                }

                break;
        }
    }

    [GeneratedRegex(@"DevTools listening on (ws://\S+)")]
    private static partial Regex DevToolsLine();
}
