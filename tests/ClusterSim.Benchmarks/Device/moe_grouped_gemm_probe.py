"""Time the routed-expert GEMMs of a mixture-of-experts layer as a grouped GEMM, at the token counts a serving step has.

The roofline prices a MoE layer's experts as the FLOPs of the tokens each expert receives, rounded up to whole tiles of
64 rows, at the stack's compute rate, plus the weights of the experts the batch touches. This probe gives the kernels to
check that against: Mixtral 8x7B (8 experts, top-2, hidden 4,096, expert FFN 14,336, cut by TP 1/2/4/8) and DeepSeek-V3
(256 experts, top-8, hidden 7,168, expert FFN 2,048, 32 experts per rank at EP 8) at 1 to 16,384 tokens, routing drawn
uniformly at random (seeded). Each case times the fused gate/up GEMM (K = hidden, N = 2 x FFN per rank) and the down GEMM
(K = FFN per rank, N = hidden) with torch._grouped_mm (BF16, one launch over all experts), falling back to one torch.mm
per expert where it is missing. Writes moe_grouped_gemm_probe.csv to argv[1].
Run on the device machine: python3 tests/ClusterSim.Benchmarks/Device/moe_grouped_gemm_probe.py "$OUT"
"""
import csv
import math
import os
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kernel_shape_probe import L2_BYTES, measure  # noqa: E402

CASES = [  # name, experts on the rank, top-k, hidden, expert ffn on the rank, experts in the model
    ("mixtral-tp1", 8, 2, 4096, 14336, 8),
    ("mixtral-tp2", 8, 2, 4096, 7168, 8),
    ("mixtral-tp4", 8, 2, 4096, 3584, 8),
    ("mixtral-tp8", 8, 2, 4096, 1792, 8),
    ("deepseek-ep8", 32, 8, 7168, 2048, 256),
]
TOKENS = (1, 8, 32, 128, 512, 2048, 8192, 16384)


def counts_for(tokens, k, experts_model, experts_rank, generator):
    """Assignments per expert on this rank: each token picks k distinct experts of the model uniformly."""
    scores = torch.rand(tokens, experts_model, generator=generator)
    picks = scores.topk(k, dim=1).indices.flatten()
    picks = picks[picks < experts_rank]
    return torch.bincount(picks, minlength=experts_rank)


def main(folder):
    os.makedirs(folder, exist_ok=True)
    generator = torch.Generator().manual_seed(7)
    out = open(os.path.join(folder, "moe_grouped_gemm_probe.csv"), "w", newline="")
    fields = ["device", "case", "gemm", "tokens", "assignments", "touched", "experts", "k", "n", "method", "seconds",
              "tflops", "counts"]
    writer = csv.DictWriter(out, fieldnames=fields)
    writer.writeheader()
    device = torch.cuda.get_device_name(0)
    for name, experts, topk, hidden, ffn, experts_model in CASES:
        for gemm, (k, n) in (("gate_up", (hidden, 2 * ffn)), ("down", (ffn, hidden))):
            wbytes = experts * k * n * 2
            copies = max(1, math.ceil(4 * L2_BYTES / wbytes))
            weights = [torch.randn(experts, k, n, device="cuda", dtype=torch.bfloat16) * 0.02 for _ in range(copies)]
            for tokens in TOKENS:
                counts = counts_for(tokens, topk, experts_model, experts, generator)
                assignments = int(counts.sum())
                touched = int((counts > 0).sum())
                row = {"device": device, "case": name, "gemm": gemm, "tokens": tokens, "assignments": assignments,
                       "touched": touched, "experts": experts, "k": k, "n": n,
                       "counts": " ".join(str(int(c)) for c in counts)}
                if assignments == 0:
                    writer.writerow({**row, "method": "none", "seconds": 0, "tflops": 0})
                    continue
                x = torch.randn(assignments, k, device="cuda", dtype=torch.bfloat16)
                offs = torch.cumsum(counts, 0).to(device="cuda", dtype=torch.int32)
                method = "grouped_mm"
                try:
                    def call(i, x=x, offs=offs):
                        return torch._grouped_mm(x, weights[i % copies], offs=offs, out_dtype=torch.bfloat16)
                    call(0)
                    torch.cuda.synchronize()
                except Exception as e:  # older torch, or a shape it refuses: one GEMM per expert
                    method = f"mm_loop ({type(e).__name__})"
                    bounds = [0] + torch.cumsum(counts, 0).tolist()
                    spans = [(e_, bounds[e_], bounds[e_ + 1]) for e_ in range(experts) if bounds[e_ + 1] > bounds[e_]]

                    def call(i, x=x, spans=spans):
                        w = weights[i % copies]
                        return [x[a:b] @ w[e_] for e_, a, b in spans]
                try:
                    s, _ = measure(call)
                    flops = 2.0 * assignments * k * n
                    writer.writerow({**row, "method": method, "seconds": f"{s:.9g}", "tflops": f"{flops / s / 1e12:.6g}"})
                except Exception as e:
                    writer.writerow({**row, "method": f"error: {type(e).__name__}: {str(e)[:100]}", "seconds": "", "tflops": ""})
                out.flush()
                del x
            del weights
            torch.cuda.empty_cache()
        print(f"{name} done {time.strftime('%H:%M:%S')}", flush=True)
    out.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
