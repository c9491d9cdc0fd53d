#!/usr/bin/env python3
"""PyTorch 1.13 peer of `Functional.Benchmarks infer`: eval-mode inference (torch.no_grad) of the book's fc
(ImageClassifier, 5 layers) or cnn (ConvolutionalClassifier) from fc_train.py, on random images, float32, 2 threads.
Each timed run classifies 256 images (one batch of 256, or 256 batches of 1). Prints `median_seconds S` (per 256 images).
Run with OPENBLAS_NUM_THREADS=1 (torch's own threads are set with --threads)."""
import argparse, os, statistics, sys, time
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fc_train  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--model", choices=["fc", "cnn"], default="fc")
ap.add_argument("--batch", type=int, default=256)
ap.add_argument("--reps", type=int, default=7)
ap.add_argument("--threads", type=int, default=2)
a = ap.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(0)
if a.model == "fc":
    model = fc_train.ImageClassifier(784, 10, fc_train.get_hidden_sizes(784, 10, 5))
    shape = (a.batch, 784)
else:
    model = fc_train.ConvolutionalClassifier(10)
    shape = (a.batch, 1, 28, 28)
model.eval()
calls = max(1, 256 // a.batch)
xs = [torch.rand(*shape) for _ in range(calls)]


def run():
    with torch.no_grad():
        for x in xs:
            model(x)


for _ in range(3):
    run()
times = []
for _ in range(a.reps):
    start = time.perf_counter()
    run()
    times.append(time.perf_counter() - start)
print("times " + " ".join(f"{t:.5f}" for t in times))
print(f"median_seconds {statistics.median(times):.6f}")
