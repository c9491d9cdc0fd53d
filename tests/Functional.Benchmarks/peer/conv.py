"""PyTorch 1.13 peer of `Functional.Benchmarks conv`: float32 Conv2d forward and forward+backward at the book
CNN's first block, batch 256. Run with Debian's python3-torch:

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 tests/Functional.Benchmarks/peer/conv.py [--reps N] [--batch N]

torch uses 2 threads (torch.set_num_threads(2)); figures are median / best ms and GFLOPS, counted as in the C# side.
"""
import argparse, os, statistics, time
import torch

p = argparse.ArgumentParser()
p.add_argument("--reps", type=int, default=15)
p.add_argument("--batch", type=int, default=256)
a = p.parse_args()
torch.set_num_threads(2)
print(f"# Conv2d float32, batch {a.batch} — PyTorch {torch.__version__}, {torch.get_num_threads()} threads, "
      f"mkldnn {torch.backends.mkldnn.is_available()}, OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', '(unset)')}")
print()
print("| layer | input | forward ms | forward GFLOPS | fwd+backward ms | fwd+backward GFLOPS |")
print("|---|---|---|---|---|---|")



def row(conv, size, need_input):
    torch.manual_seed(0)
    x = torch.rand(a.batch, conv.in_channels, size, size) * 2 - 1
    x.requires_grad_(need_input)
    with torch.no_grad():
        out = conv(x)
    dy = torch.rand_like(out) * 2 - 1
    n, oc, oh, ow = out.shape
    products = n * oc * oh * ow * conv.in_channels * conv.kernel_size[0] * conv.kernel_size[1]
    fwd_flop = 2 * products
    all_flop = fwd_flop * (3 if need_input else 2)

    def forward():
        with torch.no_grad():
            conv(x)

    def both():
        conv.zero_grad(set_to_none=True)
        x.grad = None
        conv(x).backward(dy)

    # alternate the two, as the C# side does
    f, b = [], []
    for _ in range(2):
        forward(); both()
    for _ in range(a.reps):
        t = time.perf_counter(); forward(); f.append(time.perf_counter() - t)
        t = time.perf_counter(); both(); b.append(time.perf_counter() - t)
    fs, bs = (statistics.median(f), min(f)), (statistics.median(b), min(b))
    ms = lambda s: f"{s[0] * 1e3:.1f} / {s[1] * 1e3:.1f}"
    gf = lambda s, fl: f"{fl / s[0] / 1e9:.1f} / {fl / s[1] / 1e9:.1f}"
    print(f"| {conv} | {list(x.shape)} | {ms(fs)} | {gf(fs, fwd_flop)} | {ms(bs)} | {gf(bs, all_flop)} |")


row(torch.nn.Conv2d(1, 32, 3, padding=1), 28, False)
row(torch.nn.Conv2d(32, 32, 3, stride=2, padding=1), 28, True)
