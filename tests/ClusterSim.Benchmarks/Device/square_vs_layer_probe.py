"""Tie the layer-shape GEMM table (kernel_shape_probe.py) to the square-matmul benchmarks the catalog's matmul shares
come from (MAMF, Azure's cuBLASLt 16384^3 and 32768^3), under the same clocks: square products, then a few layer
shards, then the squares again (to see drift), with nvidia-smi's clock and power sampled every 100 ms beside.
Writes square_vs_layer.csv and dmon.csv to argv[1].
Run on the device machine: python3 tests/ClusterSim.Benchmarks/Device/square_vs_layer_probe.py "$OUT"
"""
import csv
import math
import os
import subprocess
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kernel_shape_probe import L2_BYTES, measure  # noqa: E402

SQUARES = (4096, 8192, 16384, 32768)
LAYERS = [  # (label, m, k, n): shards of the validation rows' layers at their per-step token counts
    ("70b-tp8-gate_up", 2048, 8192, 7168), ("70b-tp8-down", 2048, 3584, 8192), ("70b-tp8-qkv", 2048, 8192, 1280),
    ("70b-tp8-o_proj", 2048, 1024, 8192), ("405b-tp8-gate_up", 2048, 16384, 13312), ("8b-tp1-gate_up", 2048, 4096, 28672),
    ("70b-tp1-gate_up", 8192, 8192, 57344),
]


def gemm(precision, m, k, n):
    one = torch.tensor(1.0, device="cuda")
    copies = max(1, math.ceil(4 * L2_BYTES / (k * n * 2)))
    w = [torch.randn(n, k, device="cuda", dtype=torch.bfloat16) * 0.02 for _ in range(copies)]
    x = torch.randn(m, k, device="cuda", dtype=torch.bfloat16)
    if precision == "fp8":
        w = [t.to(torch.float8_e4m3fn) for t in w]
        x = x.to(torch.float8_e4m3fn)

        def call(i):
            return torch._scaled_mm(x, w[i % copies].t(), scale_a=one, scale_b=one, out_dtype=torch.bfloat16)
    else:
        def call(i):
            return x @ w[i % copies].t()
    s, reps = measure(call, target=0.05)
    del w, x
    torch.cuda.empty_cache()
    return s, reps


def main(folder):
    os.makedirs(folder, exist_ok=True)
    dmon = subprocess.Popen(["nvidia-smi", "--query-gpu=timestamp,clocks.sm,power.draw,temperature.gpu,clocks_throttle_reasons.active",
                             "--format=csv", "-lms", "100"], stdout=open(os.path.join(folder, "dmon.csv"), "w"),
                            stderr=subprocess.DEVNULL)
    rows = []
    try:
        for precision in ("bf16", "fp8"):
            for phase in ("square-before", "layer", "square-after"):
                cases = [(f"square-{s}", s, s, s) for s in SQUARES] if phase != "layer" else LAYERS
                for label, m, k, n in cases:
                    s, reps = gemm(precision, m, k, n)
                    tf = 2.0 * m * k * n / s / 1e12
                    rows.append({"time": time.strftime("%H:%M:%S"), "precision": precision, "phase": phase, "label": label,
                                 "m": m, "k": k, "n": n, "seconds": f"{s:.9g}", "tflops": f"{tf:.6g}", "reps": reps})
                    print(f"{precision} {phase:13} {label:18} {tf:8.1f} TFLOP/s", flush=True)
    finally:
        dmon.terminate()
    with open(os.path.join(folder, "square_vs_layer.csv"), "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        writer.writeheader()
        writer.writerows(rows)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
