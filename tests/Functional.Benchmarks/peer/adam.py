"""The peer of `Functional.Benchmarks adam`: one torch.optim.Adam.step() (lr 1e-3, default betas, PyTorch 1.13's
default implementation) over the parameters of a 784-256-128-10 MLP in float32, gradients set once.
   /usr/bin/python3 tests/Functional.Benchmarks/peer/adam.py [--reps 2000] [--threads 1]
Prints the median and best microseconds per step and a machine-readable `median_us` line."""
import argparse
import time

import torch

p = argparse.ArgumentParser()
p.add_argument("--reps", type=int, default=2000)
p.add_argument("--threads", type=int, default=1)
a = p.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(1)

net = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 128), torch.nn.ReLU(),
                          torch.nn.Linear(128, 10))
for q in net.parameters():
    q.grad = torch.randn_like(q) * 0.01
opt = torch.optim.Adam(net.parameters(), lr=1e-3)

with torch.no_grad():
    for _ in range(max(50, a.reps // 10)):
        opt.step()
    times = []
    for _ in range(a.reps):
        start = time.perf_counter()
        opt.step()
        times.append((time.perf_counter() - start) * 1e6)
times.sort()
n = len(times)
median = times[n // 2] if n % 2 else (times[n // 2 - 1] + times[n // 2]) / 2
count = sum(q.numel() for q in net.parameters())
print(f"# Adam step, 784-256-128-10 float32 ({count:,} parameters), torch {torch.__version__}, "
      f"{torch.get_num_threads()} thread(s), median of {a.reps} reps after warm-up")
print(f"median {median:.1f} us, best {times[0]:.1f} us")
print(f"median_us {median:.3f}")
