"""Time Mixtral's routed-expert GEMMs as FP8 grouped GEMMs, beside the same GEMMs in BF16 and a dense FP8 GEMM of the
same total rows, at the token counts a serving step has.

Why: the simulated Mixtral-8x7B step at the measured MLPerf operating points is about 10 % short on Hopper (README, known
gaps) while the dense Llama-2-70B step is within a few per cent, and BF16 grouped GEMMs (moe_grouped_gemm_probe.py) come
within 8 % of the model. What no stored measurement covers is the FP8 grouped GEMM TensorRT-LLM runs: this probe times
torch._scaled_grouped_mm (FP8 e4m3, row-wise scales, BF16 out, one launch over the experts) for Mixtral's experts cut by
TP 1 and 2, at 128 to 16,384 tokens, routing drawn uniformly at random (seeded), and for comparison the BF16 grouped GEMM
and one dense FP8 GEMM (torch._scaled_mm) over the same total rows. Where the FP8 grouped kernel refuses a shape (group
offsets not a multiple of 16 rows on some builds), each expert's rows are padded to 16 and the row says so.
Untested when written (2026-12-05: no GPU and no torch on the machine it was written on): read its error column first.
Writes moe_fp8_grouped_gemm_probe.csv to argv[1].
Run on the device machine: python3 tests/ClusterSim.Benchmarks/Device/moe_fp8_grouped_gemm_probe.py "$OUT"
"""
import csv
import math
import os
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kernel_shape_probe import L2_BYTES, measure  # noqa: E402
from moe_grouped_gemm_probe import counts_for  # noqa: E402

CASES = [  # name, experts, top-k, hidden, expert ffn per rank
    ("mixtral-tp1", 8, 2, 4096, 14336),
    ("mixtral-tp2", 8, 2, 4096, 7168),
]
TOKENS = (128, 512, 1024, 2048, 4096, 8192, 16384)
FP8 = torch.float8_e4m3fn
FIELDS = ["device", "case", "gemm", "tokens", "assignments", "padded_rows", "experts", "k", "n", "method", "seconds",
          "tflops", "error"]


def padded(counts, multiple):
    return ((counts + multiple - 1) // multiple) * multiple


def grouped_fp8(x, weights_t, counts, copies):
    """FP8 grouped GEMM: x (rows, K) row-major, weights_t[i] (E, K, N) column-major per expert, row-wise scales."""
    offs = torch.cumsum(counts, 0).to(device="cuda", dtype=torch.int32)
    scale_a = torch.ones(x.shape[0], device="cuda", dtype=torch.float32)
    scale_b = torch.ones(weights_t[0].shape[0], weights_t[0].shape[2], device="cuda", dtype=torch.float32)

    def call(i):
        return torch._scaled_grouped_mm(x, weights_t[i % copies], scale_a, scale_b, offs=offs, out_dtype=torch.bfloat16)
    return call


def main(folder):
    os.makedirs(folder, exist_ok=True)
    generator = torch.Generator().manual_seed(7)
    out = open(os.path.join(folder, "moe_fp8_grouped_gemm_probe.csv"), "w", newline="")
    writer = csv.DictWriter(out, fieldnames=FIELDS)
    writer.writeheader()
    device = torch.cuda.get_device_name(0)
    for name, experts, topk, hidden, ffn in CASES:
        for gemm, (k, n) in (("gate_up", (hidden, 2 * ffn)), ("down", (ffn, hidden))):
            copies = max(1, math.ceil(4 * L2_BYTES / (experts * k * n)))
            # (E, N, K) as nn.Linear stores weights, viewed transposed: (E, K, N) column-major, as the FP8 kernel wants.
            w8 = [(torch.randn(experts, n, k, device="cuda") * 0.02).to(FP8).transpose(-2, -1) for _ in range(copies)]
            w16 = [t.to(torch.bfloat16).contiguous() for t in w8[:max(1, copies // 2)]]
            dense8 = (torch.randn(n, k, device="cuda") * 0.02).to(FP8).t()
            for tokens in TOKENS:
                counts = counts_for(tokens, topk, experts, experts, generator)
                assignments = int(counts.sum())
                base = {"device": device, "case": name, "gemm": gemm, "tokens": tokens, "assignments": assignments,
                        "experts": experts, "k": k, "n": n}

                def record(method, call, rows, flops_rows):
                    try:
                        call(0)
                        torch.cuda.synchronize()
                        s, _ = measure(call)
                        writer.writerow({**base, "padded_rows": rows, "method": method, "seconds": f"{s:.9g}",
                                         "tflops": f"{2.0 * flops_rows * k * n / s / 1e12:.6g}", "error": ""})
                        return True
                    except Exception as e:  # record and go on: the next session reads this column first
                        writer.writerow({**base, "padded_rows": rows, "method": method, "seconds": "", "tflops": "",
                                         "error": f"{type(e).__name__}: {str(e)[:160]}"})
                        return False

                x8 = (torch.randn(assignments, k, device="cuda") * 0.5).to(FP8)
                if not record("scaled_grouped_mm", grouped_fp8(x8, w8, counts, copies), assignments, assignments):
                    rows = padded(counts, 16)
                    xp = (torch.randn(int(rows.sum()), k, device="cuda") * 0.5).to(FP8)
                    record("scaled_grouped_mm padded to 16", grouped_fp8(xp, w8, rows, copies), int(rows.sum()), assignments)
                x16 = torch.randn(assignments, k, device="cuda", dtype=torch.bfloat16)
                offs = torch.cumsum(counts, 0).to(device="cuda", dtype=torch.int32)
                record("grouped_mm bf16", lambda i: torch._grouped_mm(x16, w16[i % len(w16)], offs=offs, out_dtype=torch.bfloat16),
                       assignments, assignments)
                one = torch.ones((), device="cuda", dtype=torch.float32)
                record("scaled_mm dense fp8", lambda i: torch._scaled_mm(x8, dense8, one, one, out_dtype=torch.bfloat16),
                       assignments, assignments)
                out.flush()
            del w8, w16, dense8
            torch.cuda.empty_cache()
        print(f"{name} done {time.strftime('%H:%M:%S')}", flush=True)
    out.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
