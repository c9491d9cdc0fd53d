"""PyTorch 1.13 peer of `Functional.Benchmarks mlp`: 784-256-128-10, ReLU, cross-entropy, Adam 1e-3, batch 128.
Run: OPENBLAS_NUM_THREADS=1 /usr/bin/python3 peer/mlp.py [--epochs 3] [--threads 2] [--limit N]"""
import argparse, gzip, resource, struct, time
import numpy as np
import torch

p = argparse.ArgumentParser()
p.add_argument("--epochs", type=int, default=3)
p.add_argument("--threads", type=int, default=2)
p.add_argument("--limit", type=int, default=0, help="train on the first N images only (0: all)")
p.add_argument("--dir", default="/usr/share/datasets/fashion-mnist")
a = p.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(1)

def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    n = data[3]
    dims = struct.unpack(">" + "I" * n, data[4:4 + 4 * n])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * n).reshape(dims)

x = torch.tensor(idx(f"{a.dir}/train-images-idx3-ubyte.gz").reshape(-1, 784), dtype=torch.float32) / 255
y = torch.tensor(idx(f"{a.dir}/train-labels-idx1-ubyte.gz"), dtype=torch.long)
xt = torch.tensor(idx(f"{a.dir}/t10k-images-idx3-ubyte.gz").reshape(-1, 784), dtype=torch.float32) / 255
yt = torch.tensor(idx(f"{a.dir}/t10k-labels-idx1-ubyte.gz"), dtype=torch.long)
if a.limit > 0:
    x, y = x[:a.limit], y[:a.limit]

model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = torch.nn.CrossEntropyLoss()
times = []
for e in range(a.epochs):
    start = time.perf_counter()
    perm = torch.randperm(x.size(0))
    total, count = 0.0, 0
    for i in range(0, x.size(0), 128):
        idx_b = perm[i:i + 128]
        loss = loss_fn(model(x[idx_b]), y[idx_b])
        opt.zero_grad()
        loss.backward()
        opt.step()
        total += float(loss); count += 1
    times.append(time.perf_counter() - start)
    print(f"epoch {e + 1}: {times[-1]:.3f} s, train loss {total / count:.4f}")
with torch.no_grad():
    acc = (model(xt).argmax(1) == yt).float().mean().item()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3
print(f"pytorch: median epoch {sorted(times)[len(times) // 2]:.3f} s, test accuracy {acc:.4f}, peak rss {peak:.0f} MB, threads {a.threads}")
