namespace ClusterSim.Scenarios.Tests;

/// <summary>
/// Malformed scenarios, each with the exact errors the loader must give (line:col: message), and
/// whether the JSON Schema can tell too (references, physics, files and key order are beyond JSON Schema).
/// </summary>
public static class MalformedCases
{
    /// <summary>A valid scenario on the fixture catalog; the cases edit it. Line numbers matter.</summary>
    public static readonly string Base = """
        workloads:
          chat:
            kind: text
            model: small-llm
            arrival: {kind: poisson, rate: 10}
            prompt_tokens: {kind: lognormal, mean: 500, cv: 1.0}
            output_tokens: 200
            slo: {ttft: 500ms, tpot: 50ms}
        hardware:
          nodes:
            dgx: {count: 2, accelerator: gpu-80, per_node: 8}
        deployments:
          serve:
            model: small-llm
            nodes: dgx
            tp: 2
            replicas: 4
        run:
          duration: 60s
          seed: 1
        """ + "\n";

    /// <summary>A folder with a small Azure-format trace, for the cases that name files.</summary>
    public static string Folder { get; } = MakeFolder();

    public sealed record Case(string Name, string Yaml, string[] Errors, bool SchemaRejects);

    public static IReadOnlyList<Case> All { get; } =
    [
        new("unknown key", Edit(("    replicas: 4", "    replica: 4")),
            ["17:5: deployments.serve: unknown key 'replica'; did you mean 'replicas'?"],
            true),
        new("unknown top-level key and missing section", Edit(("run:\n", "runs:\n")),
            ["1:1: missing required key 'run'", "18:1: unknown key 'runs'; did you mean 'run'?"],
            true),
        new("duplicate key", Edit(("    tp: 2\n", "    tp: 2\n    tp: 4\n")),
            ["17:5: duplicate key 'tp' (first defined at line 16, column 5)"],
            false),
        new("wrong type: word for a number", Edit(("rate: 10}", "rate: ten}")),
            ["5:36: workloads.chat.arrival.rate: expected a number, got 'ten'"],
            true),
        new("wrong type: quoted number", Edit(("output_tokens: 200", "output_tokens: \"200\"")),
            ["7:20: workloads.chat.output_tokens: expected an integer, got the string '200' (remove the quotes)"],
            true),
        new("wrong type: fraction for an integer", Edit(("    tp: 2", "    tp: 2.5")),
            ["16:9: deployments.serve.tp: expected an integer, got '2.5'"],
            true),
        new("wrong type: scalar for a mapping", Edit(("    dgx: {count: 2, accelerator: gpu-80, per_node: 8}", "    dgx: big")),
            ["11:10: hardware.nodes.dgx: expected a mapping, got 'big'"],
            true),
        new("wrong type: list for the whole file", "- workloads\n- hardware\n",
            ["1:1: expected a mapping, got a list"],
            true),
        new("missing required key", Edit(("kind: text\n    model: small-llm\n", "kind: text\n    priority: 1\n")),
            ["2:3: workloads.chat: missing required key 'model'"],
            true),
        new("missing value", Edit(("    tp: 2", "    tp:")),
            ["16:5: deployments.serve.tp: expected an integer, got nothing"],
            true),
        new("out of range: below minimum", Edit(("    replicas: 4", "    replicas: 0")),
            ["17:15: deployments.serve.replicas: must be at least 1, got 0"],
            true),
        new("out of range: not positive", Edit(("rate: 10}", "rate: -5}")),
            ["5:36: workloads.chat.arrival.rate: must be greater than 0, got -5"],
            true),
        new("out of range: above maximum", Edit(("    replicas: 4", "    memory_fraction: 1.5")),
            ["17:22: deployments.serve.memory_fraction: must be at most 1, got 1.5"],
            true),
        new("misspelt kind", Edit(("kind: text", "kind: txt")),
            ["3:11: workloads.chat.kind: 'txt' is not one of text, video, avatar, image; did you mean 'text'?"],
            true),
        new("misspelt arrival process, other keys still checked", Edit(("{kind: poisson, rate: 10}", "{kind: poison, rate: 0}")),
            ["5:21: workloads.chat.arrival.kind: 'poison' is not one of poisson, gamma, constant, diurnal, mmpp, trace, closed; did you mean 'poisson'?",
             "5:35: workloads.chat.arrival.rate: must be greater than 0, got 0"],
            true),
        new("key of another kind", Edit(("    output_tokens: 200\n", "    output_tokens: 200\n    session_length: 60s\n")),
            ["8:5: workloads.chat: 'session_length' does not apply to kind 'text' (it belongs to kind avatar)"],
            true),
        new("unknown model, did you mean", Edit(("serve:\n    model: small-llm", "serve:\n    model: smal-llm")),
            ["14:12: deployments.serve.model: unknown model 'smal-llm'; did you mean 'small-llm'?"],
            false),
        new("unknown node group", Edit(("    nodes: dgx\n", "    nodes: dgz\n")),
            ["15:12: deployments.serve.nodes: unknown node group 'dgz'; did you mean 'dgx'?"],
            false),
        new("unknown accelerator, shortened name", Edit(("accelerator: gpu-80", "accelerator: gpu")),
            ["11:34: hardware.nodes.dgx.accelerator: unknown accelerator 'gpu'; did you mean 'gpu-24' or 'gpu-80'?"],
            false),
        new("model of the wrong kind", Edit(("kind: text\n    model: small-llm", "kind: text\n    model: tiny-video")),
            ["4:12: workloads.chat.model: 'tiny-video' is a video model; a text workload needs an llm model"],
            false),
        new("no deployment serves the model", Edit(("kind: text\n    model: small-llm", "kind: text\n    model: big-llm")),
            ["4:12: workloads.chat.model: no deployment serves 'big-llm'; add one under 'deployments'"],
            false),
        new("weights do not fit the tensor-parallel group", Edit(("serve:\n    model: small-llm", "serve:\n    model: big-llm"), ("kind: text\n    model: small-llm", "kind: text\n    model: big-llm")),
            ["16:9: deployments.serve.tp: the bf16 weights of 'big-llm' need 800 GB but tp 2 x pp 1 x 80 GiB (gpu-80) x memory_fraction 0.9 holds 154.6 GB; raise tp or pp, or use a smaller weight_precision"],
            false),
        new("more accelerators than the node group has", Edit(("    replicas: 4", "    replicas: 9")),
            ["17:15: deployments.serve.replicas: node group 'dgx' has 16 accelerators (2 nodes x 8) but its deployments need 18 (serve: 9 x tp 2 x pp 1 = 18)"],
            false),
        new("tensor parallelism that does not divide the heads", Edit(("    tp: 2", "    tp: 3")),
            ["16:9: deployments.serve.tp: tp 3 does not divide the 32 attention heads of 'small-llm'"],
            false),
        new("expert parallelism on a dense model", Edit(("    tp: 2", "    tp: 2\n    ep: 2")),
            ["17:9: deployments.serve.ep: ep 2 spreads routed experts over ranks, but 'small-llm' is not a mixture of experts; drop ep or use tp"],
            false),
        new("attention dp on a dense model", Edit(("    tp: 2", "    tp: 2\n    attention: dp")),
            ["17:16: deployments.serve.attention: attention dp runs each rank's own sequences with whole weights and spreads the routed experts over the ranks, but 'small-llm' is not a mixture of experts; for a dense model use replicas"],
            false),
        new("a front batcher without its wait", Edit(("    slo: {ttft: 500ms, tpot: 50ms}", "    slo: {ttft: 500ms, tpot: 50ms}\n    front_batcher: {max_size: 0}")),
            ["9:5: workloads.chat.front_batcher: missing required key 'max_wait'",
             "9:31: workloads.chat.front_batcher.max_size: must be at least 1, got 0"],
            true),
        new("max_tokens of nothing", Edit(("    output_tokens: 200", "    output_tokens: 200\n    max_tokens: 0")),
            ["8:17: workloads.chat.max_tokens: must be at least 1, got 0"],
            true),
        new("max_tokens of a word it does not know", Edit(("    output_tokens: 200", "    output_tokens: 200\n    max_tokens: contxt")),
            ["8:17: workloads.chat.max_tokens: expected an integer or 'context', got 'contxt'; did you mean 'context'?"],
            true),
        new("prefill without decode", Edit(("    replicas: 4", "    role: prefill")),
            ["4:12: workloads.chat.model: the deployments serving 'small-llm' have prefill replicas but no decode replicas"],
            false),
        new("sizes given with a trace", Edit(("{kind: poisson, rate: 10}", "{kind: trace, file: trace.csv, format: azure}")),
            ["6:5: workloads.chat: 'prompt_tokens' cannot be used with a trace arrival: the trace gives each request's size",
             "7:5: workloads.chat: 'output_tokens' cannot be used with a trace arrival: the trace gives each request's size"],
            false),
        new("trace file not found", Edit(("{kind: poisson, rate: 10}", "{kind: trace, file: missing.csv, format: azure}"), ("    prompt_tokens: {kind: lognormal, mean: 500, cv: 1.0}\n    output_tokens: 200\n", "")),
            [$"5:34: workloads.chat.arrival.file: file not found: 'missing.csv' (looked for {Path.Combine(Folder, "missing.csv")})"],
            false),
        new("trace of the wrong format", Edit(("{kind: poisson, rate: 10}", "{kind: trace, file: trace.csv, format: mooncake}"), ("    prompt_tokens: {kind: lognormal, mean: 500, cv: 1.0}\n    output_tokens: 200\n", "")),
            ["5:34: workloads.chat.arrival.file: 'trace.csv' does not look like a mooncake trace: expected JSON lines with \"timestamp\", found 'TIMESTAMP,ContextTokens,GeneratedTokens'"],
            false),
        new("trace with only a header", Edit(("{kind: poisson, rate: 10}", "{kind: trace, file: header-only.csv, format: azure}"), ("    prompt_tokens: {kind: lognormal, mean: 500, cv: 1.0}\n    output_tokens: 200\n", "")),
            ["5:34: workloads.chat.arrival.file: 'header-only.csv' has a header but no rows"],
            false),
        new("csv trace column misspelt", Edit(("{kind: poisson, rate: 10}", "{kind: trace, file: trace.csv, format: csv, columns: {time: TIMESTAMP, prompt: ContextToken, output: GeneratedTokens, time_unit: datetime}}"), ("    prompt_tokens: {kind: lognormal, mean: 500, cv: 1.0}\n    output_tokens: 200\n", "")),
            ["5:93: workloads.chat.arrival.columns.prompt: 'trace.csv' has no column 'ContextToken'; did you mean 'ContextTokens'? (columns: 'TIMESTAMP', 'ContextTokens', 'GeneratedTokens')"],
            false),
        new("csv trace without columns", Edit(("{kind: poisson, rate: 10}", "{kind: trace, file: trace.csv, format: csv}"), ("    prompt_tokens: {kind: lognormal, mean: 500, cv: 1.0}\n    output_tokens: 200\n", "")),
            ["5:5: workloads.chat.arrival: format csv needs 'columns' naming the time, prompt and output columns, e.g. columns: {time: arrival_s, prompt: in_tokens, output: out_tokens}"],
            false),
        new("burstgpt filter on an azure trace", Edit(("{kind: poisson, rate: 10}", "{kind: trace, file: trace.csv, format: azure, model: gpt-4}"), ("    prompt_tokens: {kind: lognormal, mean: 500, cv: 1.0}\n    output_tokens: 200\n", "")),
            ["5:60: workloads.chat.arrival: 'model' filters a burstgpt trace; format azure has no such column"],
            false),
        new("a binary file as a trace", Edit(("{kind: poisson, rate: 10}", "{kind: trace, file: zeros.bin, format: azure}"), ("    prompt_tokens: {kind: lognormal, mean: 500, cv: 1.0}\n    output_tokens: 200\n", "")),
            ["5:34: workloads.chat.arrival.file: 'zeros.bin' does not look like an azure trace: expected a CSV header TIMESTAMP,ContextTokens,GeneratedTokens, found '????????????????????????????????????????????????????????????...'"],
            false),
        new("empirical column misspelt", Edit(("{kind: lognormal, mean: 500, cv: 1.0}", "{kind: empirical, file: trace.csv, column: ContextToken}")),
            ["6:63: workloads.chat.prompt_tokens.column: no column 'ContextToken' in 'trace.csv'; did you mean 'ContextTokens'? (columns: TIMESTAMP, ContextTokens, GeneratedTokens)"],
            false),
        new("min above max", Edit(("{kind: lognormal, mean: 500, cv: 1.0}", "{kind: uniform, min: 900, max: 100}")),
            ["6:51: workloads.chat.prompt_tokens: 'max' (100) must be at least 'min' (900)"],
            false),
        new("duration without a known unit", Edit(("  duration: 60s", "  duration: 60 sec")),
            ["19:13: run.duration: expected a duration (seconds, or a string such as 250ms, 1.5s, 2m, 1h), got '60 sec'"],
            true),
        new("in-flight bound of zero", Edit(("  seed: 1", "  seed: 1\n  max_in_flight: 0")),
            ["21:18: run.max_in_flight: must be at least 1, got 0"],
            true),
        new("in-flight bound beyond memory", Edit(("  seed: 1", "  seed: 1\n  max_in_flight: 1e9")),
            ["21:18: run.max_in_flight: must be at most 100000000, got 1e9"],
            true),
        new("run with neither duration nor request count", Edit(("  duration: 60s", "  warmup: 5s")),
            ["18:1: run: needs 'duration' or 'requests' (or both)"],
            true),
        new("misspelt policy", Base + "policies: {batching: continous}\n",
            ["21:22: policies.batching: 'continous' is not one of static, dynamic, continuous, chunked_prefill, inflight; did you mean 'continuous'?"],
            true),
        new("policy that needs parameters", Base + "policies: {admission: queue_limit}\n",
            ["21:23: policies.admission: 'queue_limit' needs parameters (max_queue); write {name: queue_limit, max_queue: ...}"],
            true),
        new("unknown policy parameter", Base + "policies:\n  admission: {name: queue_limit, max_queu: 5}\n",
            ["22:3: policies.admission: missing required key 'max_queue'",
             "22:34: policies.admission: unknown key 'max_queu'; did you mean 'max_queue'?"],
            true),
        new("override of an unknown catalog entry", Base + "models:\n  mine: {from: smol-llm, layers: 3}\n",
            ["22:16: models.mine.from: unknown catalog model 'smol-llm'; did you mean 'small-llm'?"],
            false),
        new("override with a misspelt key", Base + "models:\n  mine: {from: small-llm, layerz: 3}\n",
            ["22:27: models.mine: unknown key 'layerz'; did you mean 'layers'?"],
            true),
        new("a mixed checkpoint given two ways, and one given neither", Base + "models:\n  mine: {from: small-llm, weight_precision: fp8, mixed_weights: {precision: bf16, share: 0.1, effective_bits: 8.75}}\n  yours: {from: small-llm, weight_precision: fp8, mixed_weights: {precision: bf16}}\n",
            ["22:95: models.mine.mixed_weights: give only one of 'share' or 'effective_bits', not both",
             "23:66: models.yours.mixed_weights: needs one of 'share' or 'effective_bits' (or part: dense, for the layers outside the routed experts)"],
            true),
        new("a mixed checkpoint's bits outside its two formats, its share at one, its second precision its own", Base + "models:\n  mine: {from: small-llm, weight_precision: fp8, mixed_weights: {precision: bf16, effective_bits: 17}}\n  yours: {from: small-llm, weight_precision: fp8, mixed_weights: {precision: bf16, share: 1}}\n  theirs: {from: small-llm, weight_precision: fp8, mixed_weights: {precision: fp8, share: 0.2}}\n",
            ["22:99: models.mine.mixed_weights.effective_bits: effective_bits 17 must lie strictly between the fp8 weights' 8 bits and the bf16 share's 16",
             "23:91: models.yours.mixed_weights.share: a share of 1 puts every layer weight at bf16: set weight_precision: bf16 instead",
             "24:79: models.theirs.mixed_weights.precision: the second precision is the weights' own fp8: give a wider or narrower one, or drop mixed_weights"],
            false),
        new("override that changes the kind", Base + "models:\n  mine: {from: small-llm, kind: video}\n",
            ["22:27: models.mine: 'kind' comes from the catalog entry named by 'from' and cannot be overridden"],
            true),
        new("invalid YAML: unclosed flow mapping", Edit(("rate: 10}", "rate: 10")),
            ["5:30: invalid YAML: cannot read on from here (an unclosed '{' or '[', or a stray ':'?)"],
            false),
        new("invalid YAML: bad indentation", Edit(("  seed: 1", "   seed: 1")),
            ["20:8: invalid YAML: While scanning a plain scalar value, found invalid mapping."],
            false),
        new("empty file", "",
            ["1:1: the file is empty; expected a mapping of scenario keys"],
            false),
        new("unknown alias", Edit(("rate: 10}", "rate: *r}")),
            ["5:36: unknown alias '*r' (no '&r' before it)"],
            false),
        new("node group in two racks", Edit(("per_node: 8}\n", "per_node: 8}\n  racks:\n    a: {nodes: [dgx]}\n    b: {nodes: [dgx]}\n")),
            ["14:17: hardware.racks.b.nodes[0]: node group 'dgx' is already in rack 'a'"],
            false),
        new("electricity periods out of order", Base + "facility:\n  electricity:\n    kind: time_of_use\n    periods:\n      - {start: 0h, usd_per_kwh: 0.1}\n      - {start: 18h, usd_per_kwh: 0.2}\n      - {start: 7h, usd_per_kwh: 0.1}\n",
            ["27:17: facility.electricity.periods[2].start: periods must be in order of start: 7h does not come after 18h"],
            false),
        new("plant capital on a rent", Base + "facility:\n  costs: {mode: rent, network_usd: 100000}\n",
            ["22:36: facility.costs.network_usd: network_usd is capital of an owned cluster, and facility.costs.mode is rent, whose price includes it: leave it out, or give mode: own"],
            false),
        new("video length given twice", """
            workloads:
              clip:
                kind: video
                model: tiny-video
                arrival: {kind: poisson, rate: 0.1}
                seconds: 5
                frames: 81
            hardware:
              nodes:
                n: {count: 1, accelerator: gpu-80, per_node: 8}
            deployments:
              v: {model: tiny-video, nodes: n, tp: 8}
            run: {duration: 1h}
            """,
            ["7:5: workloads.clip: give only one of 'seconds' or 'frames', not both"],
            true),
        new("video resolution that splits into no whole patches", """
            workloads:
              clip:
                kind: video
                model: tiny-video
                arrival: {kind: poisson, rate: 0.1}
                frames: 81
                resolution: [1000, 700]
            hardware:
              nodes:
                n: {count: 1, accelerator: gpu-80, per_node: 8}
            deployments:
              v: {model: tiny-video, nodes: n, tp: 8}
            run: {duration: 1h}
            """,
            ["7:17: workloads.clip.resolution: 1000x700 does not split into whole latent patches of 'tiny-video': width must be a multiple of 16 and height of 16 (VAE compression x patch size)"],
            false),
        new("avatar model split over accelerators", """
            workloads:
              live:
                kind: avatar
                model: tiny-avatar
                arrival: {kind: poisson, rate: 0.1}
                session_length: 5m
            hardware:
              nodes:
                n: {count: 1, accelerator: gpu-24, per_node: 4}
            deployments:
              a: {model: tiny-avatar, nodes: n, tp: 2}
            run: {duration: 1h}
            """,
            ["11:41: deployments.a.tp: 'tiny-avatar' is an avatar model, which runs on one accelerator per replica: set tp and pp to 1"],
            false),
        new("video patch whose pixel size overflows an int", """
            workloads:
              clip:
                kind: video
                model: huge-patch
                arrival: {kind: poisson, rate: 0.1}
                frames: 81
                resolution: [1280, 720]
            hardware:
              nodes:
                n: {count: 1, accelerator: gpu-80, per_node: 8}
            models:
              huge-patch: {from: tiny-video, patch: [1, 65536, 65536], vae_compression: [4, 65536, 65536]}
            deployments:
              v: {model: huge-patch, nodes: n, tp: 8}
            run: {duration: 1h}
            """,
            ["12:45: models.huge-patch.patch[1]: must be at most 64, got 65536",
             "12:52: models.huge-patch.patch[2]: must be at most 64, got 65536",
             "12:81: models.huge-patch.vae_compression[1]: must be at most 64, got 65536",
             "12:88: models.huge-patch.vae_compression[2]: must be at most 64, got 65536"],
            true),
        new("integer too large for an int", Edit(("    replicas: 4", "    max_batch: 1e10")),
            ["17:16: deployments.serve.max_batch: must be at most 2147483647, got 1e10"],
            true),
        new("seed too large to be exact", Edit(("  seed: 1", "  seed: 1e23")),
            ["20:9: run.seed: must be at most 9007199254740992, got 1e23"],
            true),
        new("request count too large to be exact", Edit(("  seed: 1", "  requests: 1e16")),
            ["20:13: run.requests: must be at most 9007199254740992, got 1e16"],
            true),
        new("list item too large for an int", """
            workloads:
              clip:
                kind: video
                model: tiny-video
                arrival: {kind: poisson, rate: 0.1}
                frames: 81
                resolution: [1e10, 720]
            hardware:
              nodes:
                n: {count: 1, accelerator: gpu-80, per_node: 8}
            deployments:
              v: {model: tiny-video, nodes: n, tp: 8}
            run: {duration: 1h}
            """,
            ["7:18: workloads.clip.resolution[0]: must be at most 2147483647, got 1e10"],
            true),
        new("from inside an override's nested mapping", Edit(("hardware:\n", "hardware:\n  accelerators:\n    fast: {from: gpu-80, tflops: {from: 3, fp8: 10}}\n")),
            ["11:35: hardware.accelerators.fast.tflops: unknown key 'from'; expected one of: fp32, fp16, bf16, fp8, int8, int4, fp4"],
            true),
        // A part's peaks are per arithmetic: mxfp4 multiplies at the fp4 peak, so a peak of its own is an error, not a figure ignored.
        new("an mxfp4 peak", Edit(("hardware:\n", "hardware:\n  accelerators:\n    fast: {from: gpu-80, tflops: {mxfp4: 9000}}\n")),
            ["11:35: hardware.accelerators.fast.tflops: unknown key 'mxfp4'; did you mean 'fp4'?"],
            true),
        new("measured shares out of range, misspelt", Edit(("hardware:\n", "hardware:\n  accelerators:\n    fast: {from: gpu-80, bandwidth_share: 1.5, matmul_share_fp8: 0, matmul_shar: 0.8}\n")),
            ["11:43: hardware.accelerators.fast.bandwidth_share: must be at most 1, got 1.5",
             "11:66: hardware.accelerators.fast.matmul_share_fp8: must be greater than 0, got 0",
             "11:69: hardware.accelerators.fast: unknown key 'matmul_shar'; did you mean 'matmul_share'?"],
            true),
        new("a measured FP4 share above one, and misspelt", Edit(("hardware:\n", "hardware:\n  accelerators:\n    fast: {from: gpu-80, matmul_share_fp4: 1.2, matmul_share_fp44: 0.5}\n")),
            ["11:44: hardware.accelerators.fast.matmul_share_fp4: must be at most 1, got 1.2",
             "11:49: hardware.accelerators.fast: unknown key 'matmul_share_fp44'; did you mean 'matmul_share_fp4'?"],
            true),
        new("a link share above one, a mesh of no peers, and a misspelt peers", Edit(("hardware:\n", "hardware:\n  accelerators:\n    fast: {from: gpu-80, link_share: 1.2, scale_up: {kind: roce, bidir_gbs: 525, peers: 0, peer: 7}}\n")),
            ["11:38: hardware.accelerators.fast.link_share: must be at most 1, got 1.2",
             "11:89: hardware.accelerators.fast.scale_up.peers: must be at least 1, got 0",
             "11:92: hardware.accelerators.fast.scale_up: unknown key 'peer'; did you mean 'peers'?"],
            true),
        new("a measured all-reduce curve out of order and one bandwidth short", Edit(("hardware:\n", "hardware:\n  accelerators:\n    fast: {from: gpu-80, all_reduce: {gpus: 4, bytes: [1024, 4096, 2048], bus_gbs: [1, 2, 3]}}\n    slow: {from: gpu-80, all_reduce: {gpus: 4, bytes: [1024, 2048, 4096], bus_gbs: [1, 2]}}\n")),
            ["11:68: hardware.accelerators.fast.all_reduce.bytes[2]: message sizes must rise, got 2048 after 4096",
             "12:84: hardware.accelerators.slow.all_reduce.bus_gbs: expected one bus bandwidth per message size (3), got 2"],
            false),
        new("an engine all-reduce curve out of order, one time short and a group size twice", Edit(("hardware:\n", "hardware:\n  accelerators:\n    fast: {from: gpu-80, engine_all_reduce: {source: probe, curves: [{gpus: 2, bytes: [1024, 4096, 2048], us: [5, 6, 7]}]}}\n    slow: {from: gpu-80, engine_all_reduce: {source: probe, curves: [{gpus: 4, bytes: [1024, 2048, 4096], us: [5, 6]}]}}\n    twice: {from: gpu-80, engine_all_reduce: {source: probe, curves: [{gpus: 2, bytes: [1024, 2048], us: [5, 6]}, {gpus: 2, bytes: [1024, 2048], us: [5, 6]}]}}\n")),
            ["11:100: hardware.accelerators.fast.engine_all_reduce.curves[0].bytes[2]: message sizes must rise, got 2048 after 4096",
             "12:111: hardware.accelerators.slow.engine_all_reduce.curves[0].us: expected one time per message size (3), got 2",
             "13:122: hardware.accelerators.twice.engine_all_reduce.curves[1].gpus: a second curve for 2 accelerators; give one curve per group size"],
            false),
        new("a decode attention floor of zero, and one with a misspelt key and no source", Edit(("hardware:\n", "hardware:\n  accelerators:\n    fast: {from: gpu-80, decode_attention: {floor_us: 0, source: probe}}\n    slow: {from: gpu-80, decode_attention: {floor_ms: 0.013}}\n")),
            ["11:55: hardware.accelerators.fast.decode_attention.floor_us: must be greater than 0, got 0",
             "12:26: hardware.accelerators.slow.decode_attention: missing required key 'floor_us'",
             "12:26: hardware.accelerators.slow.decode_attention: missing required key 'source'",
             "12:45: hardware.accelerators.slow.decode_attention: unknown key 'floor_ms'; did you mean 'floor_us'?"],
            true),
        new("a shared-prefix pool of no groups, and a misspelt key", Edit(("    output_tokens: 200", "    output_tokens: 200\n    shared_prefix: {groups: 0, prompts_per_grop: 4}")),
            ["8:29: workloads.chat.shared_prefix.groups: must be at least 1, got 0",
             "8:32: workloads.chat.shared_prefix: unknown key 'prompts_per_grop'; did you mean 'prompts_per_group'?"],
            true),
        new("a request path misspelt, and one with a misspelt latency", Edit(("    replicas: 4", "    replicas: 4\n    request_path: htp\n  other: {model: small-llm, nodes: dgx, request_path: {latncy: 5ms}}")),
            ["18:19: deployments.serve.request_path: 'htp' is not one of http, in_process; did you mean 'http'?",
             "19:41: deployments.other.request_path: missing required key 'latency'",
             "19:56: deployments.other.request_path: unknown key 'latncy'; did you mean 'latency'?"],
            true),
        new("a KV cache below one block, and one not a number", Edit(("    replicas: 4", "    replicas: 4\n    kv_cache_tokens: 8\n  other: {model: small-llm, nodes: dgx, kv_cache_tokens: lots}")),
            ["18:22: deployments.serve.kv_cache_tokens: a KV cache of 8 tokens holds no whole block of kv_block_tokens 16; give the engine's reported size in tokens",
             "19:58: deployments.other.kv_cache_tokens: expected an integer, got 'lots'"],
            true),
        // A token count beyond any context would overflow a request's prompt plus output (found by the run fuzzer).
        new("token counts beyond a billion", Edit(("    output_tokens: 200", "    output_tokens: {kind: lognormal, mean: 1e308, cv: 0.5, max: 3000000000}")),
            ["7:44: workloads.chat.output_tokens.mean: must be at most 1000000000, got 1e308",
             "7:65: workloads.chat.output_tokens.max: must be at most 1000000000, got 3000000000"],
            true),
    ];

    public static IEnumerable<object[]> Names => All.Select(c => new object[] { c.Name });

    public static Case Get(string name) => All.Single(c => c.Name == name);

    private static string Edit(params (string Old, string New)[] edits)
    {
        var text = Base;
        foreach (var (old, replacement) in edits)
        {
            var at = text.IndexOf(old, StringComparison.Ordinal);
            if (at < 0 || text.IndexOf(old, at + 1, StringComparison.Ordinal) >= 0)
            {
                throw new InvalidOperationException($"'{old}' must occur exactly once in the base scenario");
            }

            text = text[..at] + replacement + text[(at + old.Length)..];
        }

        return text;
    }

    private static string MakeFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "clustersim-scenario-tests");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "trace.csv"),
            "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.6805900,374,44\n2023-11-16 18:15:50.9951690,396,109\n");
        File.WriteAllText(Path.Combine(folder, "header-only.csv"), "TIMESTAMP,ContextTokens,GeneratedTokens\n\n");
        File.WriteAllText(Path.Combine(folder, "zeros.bin"), new string('\0', 1 << 20)); // /dev/zero in small: no line break
        return folder;
    }
}
