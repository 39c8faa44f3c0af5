namespace ClusterSim.Cli.Bench;

/// <summary>
/// The standard whole-simulator benchmark cases of `clustersim bench`, as scenario text so they run
/// through exactly the path a user's scenario takes.
/// </summary>
internal static class BenchScenarios
{
    /// <summary>(b) One million chat requests, Poisson, on 64 H100 replicas with continuous batching.</summary>
    public const string Chat1M = """
        name: bench-chat-1m
        workloads:
          chat:
            kind: text
            model: llama-3.1-8b
            arrival: {kind: poisson, rate: 640}
            prompt_tokens: {kind: lognormal, mean: 1000, cv: 1.0, min: 4, max: 8192}
            output_tokens: {kind: lognormal, mean: 250, cv: 1.0, min: 1, max: 2048}
        hardware:
          nodes:
            h100: {count: 8, accelerator: h100-sxm, per_node: 8}
        deployments:
          llama-8b: {model: llama-3.1-8b, nodes: h100, tp: 1, replicas: 64}
        policies:
          batching: continuous
        run:
          requests: 1000000
          seed: 1
        """;

    /// <summary>
    /// (c) Ten million requests on 1,000 accelerators (125 nodes of 8) over a simulated day of
    /// diurnal traffic (mean 115.7 req/s, peak-to-trough 4).
    /// </summary>
    public const string Day10M = """
        name: bench-day-10m
        models:
          llama-70b-fp8: {from: llama-3.1-70b, weight_precision: fp8, kv_precision: fp8}
        workloads:
          chat:
            kind: text
            model: llama-70b-fp8
            arrival: {kind: diurnal, mean_rate: 115.75, peak_to_trough: 4, period: 24h, peak_at: 14h}
            prompt_tokens: {kind: lognormal, mean: 1000, cv: 1.0, min: 4, max: 8192}
            output_tokens: {kind: lognormal, mean: 250, cv: 1.0, min: 1, max: 2048}
        hardware:
          nodes:
            h100: {count: 125, accelerator: h100-sxm, per_node: 8}
        deployments:
          llama-70b: {model: llama-70b-fp8, nodes: h100, tp: 8, replicas: 125}
        policies:
          routing: power_of_two
          batching: continuous
        execution_model: {name: roofline, stack: trtllm-fp8}
        run:
          requests: 10000000
          seed: 1
        """;

    /// <summary>(d) The Azure conversation trace (19,366 requests, one hour) looped 50 times on 8 H100 replicas.</summary>
    public const string AzureLoop = """
        name: bench-azure-loop
        workloads:
          conversation:
            kind: text
            model: llama-3.1-8b
            arrival: {kind: poisson, rate: 5.53}
            prompt_tokens: {kind: constant, value: 1}
            output_tokens: {kind: constant, value: 1}
        hardware:
          nodes:
            h100: {count: 1, accelerator: h100-sxm, per_node: 8}
        deployments:
          llama-8b: {model: llama-3.1-8b, nodes: h100, tp: 1, replicas: 8}
        policies:
          batching: continuous
        run:
          requests: 968300   # 50 x 19,366; the trace source replaces the Poisson stand-in above
          seed: 1
        """;

    /// <summary>
    /// (e) <see cref="Chat1M"/> scaled to 10,000 H100 replicas (1,250 nodes of 8) at the same 10 requests/s
    /// per replica, under least-outstanding routing; the bench turns on the central queue (the scenario
    /// format has no field for it), so every dispatch and completion goes through the with-room sets.
    /// </summary>
    public static readonly IReadOnlyList<string> Replicas10K =
    [
        "name=bench-replicas-10k", "workloads.chat.arrival.rate=100000", "hardware.nodes.h100.count=1250",
        "deployments.llama-8b.replicas=10000", "policies.routing=least_outstanding",
    ];

    /// <summary>
    /// (f) One million chat requests on 1,000 H100 replicas (125 nodes of 8 in 25 racks of 5) with a
    /// facility and a 25 kW rack power cap (a loaded rack draws about 30-40 kW), so the facility's sums
    /// and the cap's throttling run on every iteration. 10 requests/s per replica, as chat-1m.
    /// </summary>
    public const string Facility1K = """
        name: bench-facility-1k
        workloads:
          chat:
            kind: text
            model: llama-3.1-8b
            arrival: {kind: poisson, rate: 10000}
            prompt_tokens: {kind: lognormal, mean: 1000, cv: 1.0, min: 4, max: 8192}
            output_tokens: {kind: lognormal, mean: 250, cv: 1.0, min: 1, max: 2048}
        hardware:
          nodes:
            h100: {count: 125, accelerator: h100-sxm, per_node: 8}
          racks:
            row: {count: 25, nodes: [h100]}
        deployments:
          llama-8b: {model: llama-3.1-8b, nodes: h100, tp: 1, replicas: 1000}
        policies:
          batching: continuous
        facility:
          cooling: {kind: air}
          power_cap: {rack_kw: 25}
        run:
          requests: 1000000
          seed: 1
        """;
}
