using System.Globalization;
using ClusterSim.Model.Workloads.Traces;
using Xunit.Abstractions;

namespace ClusterSim.Model.Tests.Workloads;

[Collection(nameof(HeapMeasurement))]
public sealed class TraceMemoryTests(ITestOutputHelper output)
{
    [Fact]
    public void Streaming_replay_does_not_hold_the_trace_in_memory()
    {
        // 300,000 rows (about 10 MB of text): memory held while replaying must stay far below it.
        var file = Path.Combine(Path.GetTempPath(), $"clustersim-big-{Environment.ProcessId}.csv");
        using (var writer = new StreamWriter(file))
        {
            writer.WriteLine("TIMESTAMP,ContextTokens,GeneratedTokens");
            var start = new DateTime(2023, 11, 16, 18, 0, 0, DateTimeKind.Utc);
            for (var i = 0; i < 300_000; i++)
            {
                writer.WriteLine($"{start.AddTicks(i * 1_000_000L).ToString("yyyy-MM-dd HH:mm:ss.fffffff", CultureInfo.InvariantCulture)},{100 + i % 900},{1 + i % 300}");
            }
        }

        try
        {
            var size = new FileInfo(file).Length;
            var before = GC.GetTotalMemory(forceFullCollection: true);
            using var source = new AzureLlmTraceSource(file);
            long count = 0, maxHeld = 0;
            while (source.TryNext(out _))
            {
                if (++count % 50_000 == 0)
                {
                    maxHeld = Math.Max(maxHeld, GC.GetTotalMemory(forceFullCollection: true) - before);
                }
            }

            output.WriteLine($"held at most {maxHeld:N0} bytes while replaying a {size:N0}-byte trace");
            Assert.Equal(300_000, count);
            Assert.True(maxHeld < size / 20, $"held {maxHeld:N0} bytes while replaying a {size:N0}-byte trace");
        }
        finally
        {
            File.Delete(file);
        }
    }
}
