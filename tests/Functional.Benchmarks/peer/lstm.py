#!/usr/bin/env python3
"""PyTorch 1.13 peer of `Functional.Benchmarks lstm`: forward + backward of a bidirectional LSTM (4 layers,
hidden 128, dropout 0.3, train mode) on a batch of 256 x 28 steps x 28 features, many-to-one (out[:, -1]),
float32, 2 threads. Prints per-batch times and `median_seconds S`. Run with OPENBLAS_NUM_THREADS=1
(PyTorch's own threads are set to 2; oversubscription otherwise slows it down)."""
import argparse, statistics, time
import torch

ap = argparse.ArgumentParser()
ap.add_argument("--batch", type=int, default=256)
ap.add_argument("--hidden", type=int, default=128)
ap.add_argument("--reps", type=int, default=7)
a = ap.parse_args()
torch.set_num_threads(2)
torch.manual_seed(0)
lstm = torch.nn.LSTM(28, a.hidden, num_layers=4, batch_first=True, dropout=0.3, bidirectional=True)
lstm.train()
x = torch.randn(a.batch, 28, 28)
g = torch.randn(a.batch, 2 * a.hidden)


def step():
    lstm.zero_grad(set_to_none=True)
    out, _ = lstm(x)
    (out[:, -1] * g).sum().backward()


for _ in range(2):
    step()
times = []
for _ in range(a.reps):
    t0 = time.perf_counter()
    step()
    times.append(time.perf_counter() - t0)
print("pytorch %s, threads %d: %s ms" % (torch.__version__, torch.get_num_threads(), ", ".join("%.1f" % (t * 1e3) for t in times)))
print("median_seconds %.6f" % statistics.median(times))
