"""Measure what one GPU really reaches on the operations the roofline model prices.

bf16 GEMMs of a Llama-70B layer's shapes at many token counts (the M of a serving iteration), and a
device-to-device copy for HBM bandwidth. Writes CSV rows to the folder given as argv[1].
Run on the device machine: python3 tests/ClusterSim.Benchmarks/Device/gemm_bandwidth_probe.py "$OUT"
"""
import csv
import os
import sys

import torch


def timed(fn, reps=20, warmup=3):
    for _ in range(warmup):
        fn()
    torch.cuda.synchronize()
    start = torch.cuda.Event(enable_timing=True)
    end = torch.cuda.Event(enable_timing=True)
    start.record()
    for _ in range(reps):
        fn()
    end.record()
    torch.cuda.synchronize()
    return start.elapsed_time(end) / reps / 1e3  # seconds per call


def main(out):
    dev = torch.cuda.get_device_name(0)
    rows = []
    # Llama-2/3 70B at TP1: hidden 8192, FFN 28672 (gate and up fused: 2 x 28672), attention qkv 10240.
    shapes = {"qkv": (8192, 10240), "o_proj": (8192, 8192), "gate_up": (8192, 57344), "down": (28672, 8192)}
    for name, (k, n) in shapes.items():
        w = torch.randn(k, n, device="cuda", dtype=torch.bfloat16)
        for m in (1, 8, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192):
            x = torch.randn(m, k, device="cuda", dtype=torch.bfloat16)
            s = timed(lambda: x @ w)
            flops = 2.0 * m * k * n
            bytes_moved = 2.0 * (k * n + m * k + m * n)
            rows.append({"device": dev, "op": name, "m": m, "k": k, "n": n, "seconds": s,
                         "tflops": flops / s / 1e12, "gbs": bytes_moved / s / 1e9})
            del x
        del w
        torch.cuda.empty_cache()
    for gib in (1, 4):
        a = torch.empty(gib * 2**30, dtype=torch.uint8, device="cuda")
        b = torch.empty_like(a)
        s = timed(lambda: b.copy_(a))
        rows.append({"device": dev, "op": f"copy_{gib}GiB", "m": 0, "k": 0, "n": 0, "seconds": s,
                     "tflops": 0.0, "gbs": 2.0 * a.numel() / s / 1e9})
        del a, b
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "gemm_bandwidth_probe.csv"), "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        writer.writeheader()
        writer.writerows(rows)
    for r in rows:
        print(f"{r['op']:>10} m={r['m']:>5} {r['seconds']*1e3:9.4f} ms {r['tflops']:8.1f} TFLOP/s {r['gbs']:8.1f} GB/s")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
