"""Measure how a GPU's GEMM and attention efficiency depend on the shape a tensor-parallel shard gives them.

The roofline model prices a layer's GEMMs at one fraction of peak (a stack's compute efficiency, taken from the
best shape a matmul benchmark finds). A tensor-parallel shard of a 70B model has thin GEMMs (at TP8 the qkv
projection has N = 1,280, the down projection K = 3,584), which fill the chip in fewer, emptier waves. This
probe times, on one GPU:

- GEMMs (bf16 through torch.matmul, fp8 e4m3 through torch._scaled_mm with per-tensor scales, bf16 output) of
  Llama-3 8B, 70B and 405B layers sharded at TP 1 to 8, as nn.Linear lays them out (x @ W^T), at 1 to 16,384
  tokens. Weights rotate over enough copies to exceed the L2 twice, so every call streams them from HBM as a
  serving step does. Each point is a CUDA graph of R calls, replayed; the median replay over R.
- Attention through torch's scaled_dot_product_attention (flash backend where it applies): causal prefill of one
  sequence, and decode with the query heads of a KV group as the query rows (how engines run GQA decode).
- Device-to-device copies at 16 MiB to 4 GiB (bytes read plus written).

Writes kernel_shape_probe.csv (and environment.txt) to the folder given as argv[1]; rows are flushed as they are
measured so a run cut short keeps what it finished.
Run on the device machine: python3 tests/ClusterSim.Benchmarks/Device/kernel_shape_probe.py "$OUT"
"""
import csv
import math
import os
import subprocess
import sys
import time

import torch
import torch.nn.functional as F

L2_BYTES = 60 * 2**20  # H100/H200 L2 (50 MB on H100 PCIe; rotation below covers either)
FIELDS = ["device", "kind", "precision", "model", "tp", "op", "m", "k", "n", "batch", "heads", "kv_heads",
          "context", "seconds", "tflops", "gbs", "copies", "reps", "note"]

MODELS = {
    # hidden, intermediate, query heads, kv heads, head dim (config.json of each; see scenarios/catalog/models.yaml)
    "llama-3.1-8b": (4096, 14336, 32, 8, 128),
    "llama-3.1-70b": (8192, 28672, 64, 8, 128),
    "llama-3.1-405b": (16384, 53248, 128, 8, 128),
}
GEMM_CASES = [("llama-3.1-8b", tp) for tp in (1, 2, 4, 8)] + \
             [("llama-3.1-70b", tp) for tp in (1, 2, 4, 8)] + \
             [("llama-3.1-405b", tp) for tp in (4, 8)]
TOKENS = (1, 8, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384)


def layer_gemms(model, tp):
    h, f, q, kv, d = MODELS[model]
    kv_shard = max(1, kv // tp)
    return {  # op: (K, N) of the shard, as nn.Linear's weight (N, K)
        "qkv": (h, (q // tp + 2 * kv_shard) * d),
        "o_proj": (q // tp * d, h),
        "gate_up": (h, 2 * f // tp),
        "down": (f // tp, h),
    }


def graph_time(call, reps, replays=5):
    """Median seconds per call over `replays` replays of a graph of `reps` calls of call(i)."""
    stream = torch.cuda.Stream()
    stream.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(stream):
        for i in range(3):
            call(i)
    torch.cuda.current_stream().wait_stream(stream)
    torch.cuda.synchronize()
    graph = torch.cuda.CUDAGraph()
    with torch.cuda.graph(graph):
        for i in range(reps):
            call(i)
    graph.replay()
    torch.cuda.synchronize()
    times = []
    for _ in range(replays):
        start = torch.cuda.Event(enable_timing=True)
        end = torch.cuda.Event(enable_timing=True)
        start.record()
        graph.replay()
        end.record()
        end.synchronize()
        times.append(start.elapsed_time(end) / 1e3 / reps)
    del graph
    times.sort()
    return times[len(times) // 2]


def eager_estimate(call, n=5):
    call(0)
    torch.cuda.synchronize()
    start = torch.cuda.Event(enable_timing=True)
    end = torch.cuda.Event(enable_timing=True)
    start.record()
    for i in range(n):
        call(i)
    end.record()
    end.synchronize()
    return start.elapsed_time(end) / 1e3 / n


def measure(call, target=0.012):
    t = eager_estimate(call)
    reps = int(min(200, max(3, math.ceil(target / max(t, 1e-7)))))
    return graph_time(call, reps), reps


class Writer:
    def __init__(self, folder, device):
        os.makedirs(folder, exist_ok=True)
        self.file = open(os.path.join(folder, "kernel_shape_probe.csv"), "w", newline="")
        self.csv = csv.DictWriter(self.file, fieldnames=FIELDS)
        self.csv.writeheader()
        self.device = device

    def row(self, **kw):
        r = {k: "" for k in FIELDS}
        r.update(kw)
        r["device"] = self.device
        self.csv.writerow(r)
        self.file.flush()


def gemm_rows(out):
    fp8 = torch.float8_e4m3fn
    one = torch.tensor(1.0, device="cuda")
    for model, tp in GEMM_CASES:
        for op, (k, n) in layer_gemms(model, tp).items():
            wbytes = k * n * 2
            copies = max(1, math.ceil(4 * L2_BYTES / wbytes))
            w16 = [torch.randn(n, k, device="cuda", dtype=torch.bfloat16) * 0.02 for _ in range(copies)]
            w8 = [w.to(fp8) for w in w16]
            for m in TOKENS:
                x16 = torch.randn(m, k, device="cuda", dtype=torch.bfloat16)
                x8 = x16.to(fp8)
                for precision in ("bf16", "fp8"):
                    note = ""
                    try:
                        if precision == "bf16":
                            def call(i, x=x16):
                                return x @ w16[i % copies].t()
                        else:
                            def call(i, x=x8):
                                return torch._scaled_mm(x, w8[i % copies].t(), scale_a=one, scale_b=one,
                                                        out_dtype=torch.bfloat16)
                        try:
                            s, reps = measure(call)
                        except RuntimeError:
                            if precision != "fp8" or m % 16 == 0:
                                raise
                            padded = 16 * math.ceil(m / 16)  # fp8 matmuls want rows in multiples of 16
                            xp = torch.zeros(padded, k, device="cuda", dtype=torch.bfloat16)
                            xp[:m] = x16
                            xp8 = xp.to(fp8)

                            def call(i, x=xp8):
                                return torch._scaled_mm(x, w8[i % copies].t(), scale_a=one, scale_b=one,
                                                        out_dtype=torch.bfloat16)
                            s, reps = measure(call)
                            note = f"rows padded to {padded}"
                        elem = 2 if precision == "bf16" else 1
                        moved = elem * (k * n + m * k) + 2 * m * n
                        out.row(kind="gemm", precision=precision, model=model, tp=tp, op=op, m=m, k=k, n=n,
                                seconds=f"{s:.9g}", tflops=f"{2.0 * m * k * n / s / 1e12:.6g}",
                                gbs=f"{moved / s / 1e9:.6g}", copies=copies, reps=reps, note=note)
                    except Exception as e:  # keep going: one unsupported shape must not lose the rest
                        out.row(kind="gemm", precision=precision, model=model, tp=tp, op=op, m=m, k=k, n=n,
                                note=f"error: {type(e).__name__}: {str(e)[:120]}")
                del x16, x8
            del w16, w8
            torch.cuda.empty_cache()
        print(f"gemm {model} tp{tp} done {time.strftime('%H:%M:%S')}", flush=True)


def attention_rows(out):
    d = 128
    # Prefill: one causal sequence, query heads of a shard (kv heads expanded: compute-bound, their bytes are small).
    for model, tp in (("llama-3.1-70b", 8), ("llama-3.1-70b", 1), ("llama-3.1-8b", 1)):
        _, _, q, kv, _ = MODELS[model]
        hq = q // tp
        for length in (512, 1024, 2048, 4096, 8192, 16384):
            try:
                qt = torch.randn(1, hq, length, d, device="cuda", dtype=torch.bfloat16)
                kt = torch.randn(1, hq, length, d, device="cuda", dtype=torch.bfloat16)
                vt = torch.randn(1, hq, length, d, device="cuda", dtype=torch.bfloat16)

                def call(i):
                    return F.scaled_dot_product_attention(qt, kt, vt, is_causal=True)
                s, reps = measure(call)
                flops = 4.0 * hq * d * length * (length + 1) / 2  # QK^T and PV over the causal half
                out.row(kind="attn_prefill", precision="bf16", model=model, tp=tp, op="sdpa_causal", batch=1,
                        heads=hq, kv_heads=hq, context=length, seconds=f"{s:.9g}",
                        tflops=f"{flops / s / 1e12:.6g}", gbs=f"{4 * 2 * hq * length * d / s / 1e9:.6g}", reps=reps)
                del qt, kt, vt
            except Exception as e:
                out.row(kind="attn_prefill", model=model, tp=tp, context=length, note=f"error: {type(e).__name__}: {str(e)[:120]}")
    # Decode: one new token per sequence; the g query heads of a KV group are the query rows (non-causal).
    for model, tp in (("llama-3.1-70b", 8), ("llama-3.1-70b", 1), ("llama-3.1-8b", 1)):
        _, _, q, kv, _ = MODELS[model]
        hkv = max(1, kv // tp)
        g = q // kv
        for batch in (1, 8, 32, 128, 256):
            for context in (256, 1024, 4096, 16384):
                kv_bytes = 2 * batch * hkv * context * d * 2
                if kv_bytes > 12 * 2**30:
                    continue
                try:
                    copies = max(1, math.ceil(4 * L2_BYTES / kv_bytes))
                    qs = torch.randn(batch, hkv, g, d, device="cuda", dtype=torch.bfloat16)
                    ks = [torch.randn(batch, hkv, context, d, device="cuda", dtype=torch.bfloat16) for _ in range(copies)]
                    vs = [torch.randn(batch, hkv, context, d, device="cuda", dtype=torch.bfloat16) for _ in range(copies)]

                    def call(i):
                        return F.scaled_dot_product_attention(qs, ks[i % copies], vs[i % copies])
                    s, reps = measure(call)
                    out.row(kind="attn_decode", precision="bf16", model=model, tp=tp, op="sdpa_gqa_rows",
                            batch=batch, heads=hkv * g, kv_heads=hkv, context=context, seconds=f"{s:.9g}",
                            tflops=f"{4.0 * batch * hkv * g * context * d / s / 1e12:.6g}",
                            gbs=f"{kv_bytes / s / 1e9:.6g}", copies=copies, reps=reps)
                    del qs, ks, vs
                except Exception as e:
                    out.row(kind="attn_decode", model=model, tp=tp, batch=batch, context=context,
                            note=f"error: {type(e).__name__}: {str(e)[:120]}")
        torch.cuda.empty_cache()
    print(f"attention done {time.strftime('%H:%M:%S')}", flush=True)


def copy_rows(out):
    for mib in (16, 64, 256, 1024, 4096):
        n = mib * 2**20
        copies = max(1, math.ceil(4 * L2_BYTES / n))
        src = [torch.randint(0, 255, (n,), device="cuda", dtype=torch.uint8) for _ in range(copies)]
        dst = torch.empty(n, device="cuda", dtype=torch.uint8)

        def call(i):
            dst.copy_(src[i % copies])
        s, reps = measure(call)
        out.row(kind="copy", precision="u8", op=f"copy_{mib}MiB", seconds=f"{s:.9g}", tflops=0,
                gbs=f"{2.0 * n / s / 1e9:.6g}", copies=copies, reps=reps)
        del src, dst
        torch.cuda.empty_cache()


def environment(folder):
    lines = [f"torch {torch.__version__}, cuda {torch.version.cuda}, device {torch.cuda.get_device_name(0)}",
             f"sm count {torch.cuda.get_device_properties(0).multi_processor_count}",
             f"sdpa flash enabled {torch.backends.cuda.flash_sdp_enabled()}"]
    try:
        smi = subprocess.run(["nvidia-smi", "--query-gpu=name,driver_version,clocks.sm,clocks.max.sm,clocks.mem,"
                              "power.draw,power.limit,temperature.gpu", "--format=csv"],
                             capture_output=True, text=True, timeout=20)
        lines.append(smi.stdout.strip())
    except Exception as e:
        lines.append(f"nvidia-smi: {e}")
    with open(os.path.join(folder, "environment.txt"), "a") as f:
        f.write(time.strftime("%Y-%m-%dT%H:%M:%S") + "\n" + "\n".join(lines) + "\n")
    print("\n".join(lines), flush=True)


def main(folder):
    os.makedirs(folder, exist_ok=True)
    torch.manual_seed(0)
    environment(folder)
    out = Writer(folder, torch.cuda.get_device_name(0))
    copy_rows(out)
    gemm_rows(out)
    attention_rows(out)
    environment(folder)
    out.file.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
