#!/usr/bin/python3
"""End-to-end comparison on Fashion-MNIST in float32: ours against PyTorch 1.13 (and TorchSharp, when built).

Workloads (select with --only):
  mlp  the PERF.md MLP 784-256-128-10, ReLU, cross-entropy, Adam 1e-3, batch 128
       (ours: `Functional.Benchmarks mlp`; PyTorch: peer/mlp.py)
  fc   the CLI's fc model with the book's settings (ImageClassifier, 5 blocks, batch 256, Adam, 80/20 split,
       epoch time includes validation) (ours: `Functional.Cli train --model fc`; PyTorch: peer/fc_train.py)
  cnn  the same for the book's ConvolutionalClassifier (`--model cnn`)
  rnn  the same for the book's SequenceClassifier, bi-LSTM 4 x 128, dropout 0.3 (`--model rnn --n-layers 4`)

For each workload, --rounds rounds run one process per contender in turn: ours, PyTorch, [TorchSharp], ours, ...
A contender's s/epoch is the median over all its epochs after dropping the first epoch of each process
(warm-up: JIT, allocator, oneDNN primitive creation). A second table counts every epoch, the first included (mean
s/epoch and the ratio of the means), so a lead that rests on dropping warm-up shows. Peak resident memory is each
child's ru_maxrss (os.wait4). A roofline table gives each side's achieved GFLOPS (the epoch's GEMM FLOP, counted from
the model definitions, over the median s/epoch) against the machine's single-precision peak (cores × FLOP/cycle × clock
from lscpu, or --peak-gflops). Targets are issue 18's.

PyTorch runs with OPENBLAS_NUM_THREADS=1 and torch.set_num_threads(2) (its best configuration here), TorchSharp
with --threads 2 and OPENBLAS_NUM_THREADS=1, ours with the library's default threads. Everything else in the
environment is the same for all sides; OPENBLAS_CORETYPE is left as it is unless --coretype says otherwise.

Run through compare.sh (which builds Release first), or directly with /usr/bin/python3 after a Release build.
`--dry-run` prints the commands, the FLOP per epoch and the peak; `--selftest` checks the parsing, the FLOP counts, the
peak rule and the report on canned outputs (the recorded run of docs/performance.md). Standard library only.
"""
import argparse
import datetime
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PYTHON = "/usr/bin/python3"
BENCH_DLL = os.path.join(HERE, "bin", "Release", "net10.0", "Functional.Benchmarks.dll")
CLI_DLL = os.path.join(ROOT, "src", "Functional.Cli", "bin", "Release", "net10.0", "Functional.Cli.dll")
TORCHSHARP_DLL = os.path.join(HERE, "torchsharp", "bin", "Release", "net10.0", "TorchSharpPeer.dll")
DOC = os.path.join(ROOT, "docs", "performance.md")
BEGIN, END = "<!-- compare:begin -->", "<!-- compare:end -->"
SECTION = "## End-to-end comparison (compare.sh)"
MEMORY_TARGET = 1.0  # peak RSS ours / PyTorch (issue 18)
TARGET_ISSUE = "issue 18"

# name -> description, default epochs per process, default training-image limit (0: all 60,000), s/epoch target
# (ours / PyTorch, issue 18).
WORKLOADS = {
    "mlp": ("MLP 784-256-128-10, Adam 1e-3, batch 128", 4, 0, 0.5),
    "fc": ("CLI fc (book ImageClassifier, 5 blocks), Adam, batch 256, 80/20 split, incl. validation", 3, 0, 0.4),
    "cnn": ("CLI cnn (book ConvolutionalClassifier), Adam, batch 256, 80/20 split, incl. validation", 2, 12000, 0.75),
    "rnn": ("CLI rnn (book SequenceClassifier, bi-LSTM 4x128, dropout 0.3), Adam, batch 256, 80/20 split, incl. validation", 2, 12000, 0.6),
}
# Workloads whose target also applies with every epoch counted, the first included (issue 18: "cnn ≤ 0.75, also
# counting the first epoch").
ALL_EPOCHS_TARGETS = {"cnn": 0.75}
RULE = ("s/epoch: median over all epochs of all rounds after dropping each process's first epoch (warm-up, JIT); "
        "ratio: ours / peer (below 1: ours faster); every epoch counted: the mean over every epoch of every process, "
        "the first included, and the ratio of those means (the ratio of total epoch time when both sides ran the same "
        "epochs); peak RSS: the largest ru_maxrss of the side's processes.")


def targets_text():
    times = ", ".join(f"{name} ≤ {WORKLOADS[name][3]}" + (" (median and every epoch counted)" if name in ALL_EPOCHS_TARGETS else "")
                      for name in WORKLOADS)
    return f"Targets ({TARGET_ISSUE}), ours / PyTorch: s/epoch {times}; memory ≤ {MEMORY_TARGET}."


def per_workload(text, name, default):
    """`--epochs 3` applies to every workload; `--epochs mlp=4,cnn=2` to the named ones."""
    if text is None:
        return default
    if "=" not in text:
        return int(text)
    for part in text.split(","):
        key, _, value = part.partition("=")
        if key.strip() not in WORKLOADS:
            raise SystemExit(f"compare.py: unknown workload {key!r} in {text!r}")
        if key.strip() == name:
            return int(value)
    return default


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter,
                                epilog=RULE)
    p.add_argument("--only", help="comma-separated workloads (default: mlp,fc,cnn,rnn)")
    p.add_argument("--rounds", type=int, help="processes per contender per workload, alternating (default 2)")
    p.add_argument("--epochs", help="epochs per process, N or name=N,... (default: mlp 4, fc 3, cnn 2, rnn 2; at least 2)")
    p.add_argument("--limit", help="first N training images, N or name=N,...; 0 = all 60,000 (default: cnn and rnn 12000)")
    p.add_argument("--coretype", default="env",
                   help="OPENBLAS_CORETYPE for every side: env (leave the environment as is, default), "
                        "auto (unset it: OpenBLAS detects the processor) or a kernel name such as Haswell")
    p.add_argument("--ours-threads", type=int, help="--threads for ours (default: the library's default)")
    p.add_argument("--peer-threads", type=int, default=2, help="torch / TorchSharp threads (default 2)")
    p.add_argument("--torchsharp", help=f"TorchSharp peer (a .dll run with dotnet, or an executable); default: {rel(TORCHSHARP_DLL)} if built")
    p.add_argument("--no-torchsharp", action="store_true", help="leave TorchSharp out even if it is built")
    w = p.add_mutually_exclusive_group()
    w.add_argument("--write", dest="write", action="store_true", default=None,
                   help=f"replace the compare section of docs/performance.md (default for a full run: no --only/--rounds/--epochs/--limit)")
    w.add_argument("--no-write", dest="write", action="store_false", help="only print")
    p.add_argument("--doc", default=DOC, help="the Markdown file --write updates (default docs/performance.md)")
    p.add_argument("--peak-gflops", type=float,
                   help="the machine's single-precision peak for the roofline (default: cores × FLOP/cycle × clock from lscpu)")
    p.add_argument("--dry-run", action="store_true",
                   help="print the commands and environments, the FLOP per epoch and the peak; run nothing")
    p.add_argument("--selftest", action="store_true",
                   help="check the parsing, FLOP counts, peak rule and report on canned outputs; run nothing")
    p.add_argument("-v", "--verbose", action="store_true", help="echo every child's output to stderr")
    a = p.parse_args(argv)
    a.full = a.only is None and a.rounds is None and a.epochs is None and a.limit is None
    a.rounds = 2 if a.rounds is None else a.rounds
    if a.rounds < 1:
        p.error("--rounds must be at least 1")
    a.selected = (a.only or ",".join(WORKLOADS)).split(",")
    for name in a.selected:
        if name not in WORKLOADS:
            p.error(f"unknown workload {name!r}; choose from {', '.join(WORKLOADS)}")
        if per_workload(a.epochs, name, WORKLOADS[name][1]) < 2:
            p.error(f"{name}: at least 2 epochs per process are needed (the first is dropped as warm-up)")
    if a.peak_gflops is not None and a.peak_gflops <= 0:
        p.error("--peak-gflops must be positive")
    if a.write is None:
        a.write = a.full and not a.dry_run and not a.selftest
    return a


# ---------------------------------------------------------------------------------------------------------------------
# Contenders: command lines and output parsing


def ours_command(name, epochs, limit, model_fn, threads):
    if name == "mlp":
        cmd = ["dotnet", BENCH_DLL, "mlp", "--epochs", str(epochs)]
        if limit:
            cmd += ["--limit", str(limit)]
        return cmd  # the benchmark uses the library's default threads; --ours-threads does not apply
    cmd = ["dotnet", CLI_DLL, "train", "--model", name, "--model-fn", model_fn, "--n-epochs", str(epochs), "--verbose", "0"]
    if name == "rnn":
        cmd += ["--n-layers", "4"]
    if limit:
        cmd += ["--limit", str(limit)]
    if threads:
        cmd += ["--threads", str(threads)]
    return cmd


def torch_command(name, epochs, limit, threads):
    if name == "mlp":
        cmd = [PYTHON, os.path.join(HERE, "peer", "mlp.py"), "--epochs", str(epochs), "--threads", str(threads)]
    else:
        cmd = [PYTHON, os.path.join(HERE, "peer", "fc_train.py"), "--model", name, "--n-epochs", str(epochs),
               "--threads", str(threads)]
        if name == "rnn":
            cmd += ["--n-layers", "4"]
    if limit:
        cmd += ["--limit", str(limit)]
    return cmd


def torchsharp_command(path, name, epochs, limit, threads):
    cmd = (["dotnet", path] if path.endswith(".dll") else [path]) + ["--model", name, "--epochs", str(epochs)]
    if limit:
        cmd += ["--limit", str(limit)]
    return cmd + ["--threads", str(threads)]


EPOCH_PATTERNS = [
    re.compile(r"^epoch_seconds\s+([0-9.]+)"),          # peer/fc_train.py, TorchSharp peer
    re.compile(r"^epoch \d+: ([0-9.]+) s\b"),           # Functional.Benchmarks mlp, peer/mlp.py
]
CLI_EPOCHS = re.compile(r"^Epoch seconds:((?:\s+[0-9.]+)+)\s*$")  # Functional.Cli train
ACCURACY = re.compile(r"(?:test accuracy|^Accuracy:)\s*([0-9.]+)", re.IGNORECASE)


def epoch_seconds(lines):
    seconds = []
    for line in lines:
        m = CLI_EPOCHS.match(line)
        if m:
            seconds += [float(s) for s in m.group(1).split()]
            continue
        for pattern in EPOCH_PATTERNS:
            m = pattern.match(line)
            if m:
                seconds.append(float(m.group(1)))
                break
    return seconds


def accuracy(lines):
    found = [float(m.group(1)) for m in (ACCURACY.search(l) for l in lines) if m]
    return found[-1] if found else None


# ---------------------------------------------------------------------------------------------------------------------
# Running a child: live output, wall time, exit status and peak RSS from wait4


class Result:
    def __init__(self, cmd, lines, code, maxrss_kib, wall):
        self.cmd, self.lines, self.code, self.maxrss_kib, self.wall = cmd, lines, code, maxrss_kib, wall
        self.epochs = epoch_seconds(lines)
        self.accuracy = accuracy(lines)

    @property
    def ok(self):
        return self.code == 0 and len(self.epochs) >= 2


def run(cmd, env, label, verbose):
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                            text=True, bufsize=1, cwd=ROOT)
    lines = []
    for line in proc.stdout:
        lines.append(line.rstrip("\n"))
        if verbose:
            print(f"  [{label}] {lines[-1]}", file=sys.stderr, flush=True)
    proc.stdout.close()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here; tell Popen so it does not wait again
    return Result(cmd, lines, proc.returncode, usage.ru_maxrss, time.perf_counter() - start)


def capture(cmd, env):
    try:
        return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120, cwd=ROOT).stdout
    except (OSError, subprocess.SubprocessError) as e:
        return f"({' '.join(cmd[:2])}: {e})"


# ---------------------------------------------------------------------------------------------------------------------
# Machine facts

TORCH_PROBE = r"""
import ctypes, json, os, sys
import torch
torch.set_num_threads(int(sys.argv[1]))
torch.mm(torch.ones(64, 64), torch.ones(64, 64))
libs = sorted({l.split()[-1] for l in open('/proc/self/maps') if 'blas' in l.lower() or 'dnnl' in l.lower()})
core = config = None
for path in libs:
    try:
        lib = ctypes.CDLL(path)
        lib.openblas_get_corename.restype = ctypes.c_char_p
        lib.openblas_get_config.restype = ctypes.c_char_p
        core, config = lib.openblas_get_corename().decode(), lib.openblas_get_config().decode()
        break
    except (OSError, AttributeError):
        pass
print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "libs": libs, "core": core, "config": config}))
"""


def machine(ours_env, peer_env, peer_threads, peak_override):
    lscpu = capture(["lscpu"], ours_env)
    field = lambda key: next((l.split(":", 1)[1].strip() for l in lscpu.splitlines() if l.startswith(key + ":")), "?")
    cores = field("Core(s) per socket")
    sockets = field("Socket(s)")
    try:
        cores = str(int(cores) * int(sockets))
    except ValueError:
        pass
    info = capture(["dotnet", CLI_DLL, "info"], ours_env).splitlines()
    ours_blas = next((l for l in info if l.startswith("blas:")), "blas: ? (`Functional.Cli info` failed)")
    dotnet = next((l.split(":", 1)[1].strip() for l in info if l.startswith(".net:")), "?")
    probe = capture([PYTHON, "-c", TORCH_PROBE, str(peer_threads)], peer_env).strip().splitlines()
    try:
        torch = json.loads(probe[-1])
    except (IndexError, ValueError):
        torch = {"torch": "? (probe failed)", "threads": "?", "libs": [], "core": None, "config": None}
    commit = capture(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], ours_env).strip() or "?"
    dirty = capture(["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no"], ours_env).strip()
    return {
        "model": field("Model name"), "cpus": field("CPU(s)"), "cores": cores,
        "ours_blas": ours_blas[len("blas: "):], "dotnet": dotnet, "torch": torch,
        "commit": commit + (" (with uncommitted changes)" if dirty else ""),
        "peak": machine_peak(lscpu, peak_override),
    }


# ---------------------------------------------------------------------------------------------------------------------
# Roofline: the GEMM work of an epoch, counted from the model definitions, and the machine's peak

IMAGE, CLASSES, RNN_LAYERS, RNN_HIDDEN = 28, 10, 4, 128  # Fashion-MNIST 28x28, 10 classes; compare passes --n-layers 4


def split(name, limit):
    """(training images, validation images) of one epoch: the mlp trains on every image and does not validate; the CLI
    and fc_train.py split floor(0.8·n) / the rest (Dataset.RandomSplit, `int(n * 0.8)`)."""
    n = limit or 60000
    if name == "mlp":
        return n, 0
    return int(n * 0.8), n - int(n * 0.8)


def fc_hidden_sizes(inputs, outputs, layers):
    """The book's get_hidden_sizes (FcModel.HiddenSizes): 784 -> 10 in 5 layers gives 630, 476, 322, 168."""
    step = (inputs - outputs) // layers
    return [inputs - step * i for i in range(1, layers)]


def conv_out(size, kernel, stride, padding):
    return (size + 2 * padding - kernel) // stride + 1


def gemms(name):
    """Every GEMM of one image's forward: (what, multiply-adds, reads the images). A GEMM that reads the images needs no
    input gradient. Element-wise work (bias, activations, BatchNorm, dropout, LogSoftmax, loss, Adam) is not counted."""
    out = []
    if name in ("mlp", "fc"):
        sizes = [IMAGE * IMAGE] + ([256, 128] if name == "mlp" else fc_hidden_sizes(IMAGE * IMAGE, CLASSES, 5)) + [CLASSES]
        for i, (a, b) in enumerate(zip(sizes, sizes[1:])):
            out.append((f"Linear {a}-{b}", a * b, i == 0))
    elif name == "cnn":
        h, c = IMAGE, 1
        for o in (32, 64, 128, 256, 512):  # CnnModel.Block: 3x3 pad 1, then 3x3 stride 2 pad 1
            for stride in (1, 2):
                hout = conv_out(h, 3, stride, 1)
                out.append((f"Conv2d {c}-{o} s{stride} {h}->{hout}", hout * hout * o * c * 9, not out))
                h, c = hout, o
        out += [(f"Linear {c * h * h}-50", c * h * h * 50, False), (f"Linear 50-{CLASSES}", 50 * CLASSES, False)]
    elif name == "rnn":
        gates = 4 * RNN_HIDDEN
        for layer in range(RNN_LAYERS):  # bidirectional: layer > 0 reads both directions' outputs, 2·hidden wide
            inputs = IMAGE if layer == 0 else 2 * RNN_HIDDEN
            out.append((f"LSTM l{layer} W_ih x2 dirs x{IMAGE} steps", 2 * IMAGE * inputs * gates, layer == 0))
            out.append((f"LSTM l{layer} W_hh x2 dirs x{IMAGE} steps", 2 * IMAGE * RNN_HIDDEN * gates, False))
        out.append((f"Linear {2 * RNN_HIDDEN}-{CLASSES}", 2 * RNN_HIDDEN * CLASSES, False))  # many-to-one: output[:, -1]
    else:
        raise ValueError(name)
    return out


def epoch_flop(name, limit):
    """FLOP of one epoch's GEMMs, 2 per multiply-add: (counted, plain ×3 rule). Counted: each training image runs every
    GEMM's forward, weight gradient and input gradient (3 × forward), except the input gradient of a GEMM that reads the
    images (2 ×), which neither side computes; each validation image runs the forward once."""
    train, valid = split(name, limit)
    g = gemms(name)
    forward = sum(m for _, m, _ in g)
    counted = 2 * (train * sum(m * (2 if data else 3) for _, m, data in g) + valid * forward)
    return counted, 2 * (train * 3 * forward + valid * forward)


def lscpu_fields(text):
    fields = {}
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip() not in fields:
            fields[key.strip()] = value.strip()
    return fields


def flop_per_cycle(f):
    """Single-precision FLOP per cycle per core from the vendor, family and ISA flags: FMA pipes × fp32 lanes × 2."""
    flags = set(f.get("Flags", "").split())
    vendor = f.get("Vendor ID", "?")
    try:
        family, model = int(f.get("CPU family", "")), int(f.get("Model", ""), 0)
    except ValueError:
        family = model = -1
    fma = "fma" in flags
    where = f"{vendor} family {family} model {model}"
    if vendor == "AuthenticAMD" and "avx512f" in flags:
        if family == 25:
            return 32, f"{where} (Zen 4): avx512f executed as 2 × 256-bit, 2 FMA pipes × 8 fp32 lanes × 2"
        mobile = family == 26 and (0x20 <= model <= 0x2F or 0x60 <= model <= 0x6F)
        if family >= 26 and not mobile:
            return 64, f"{where} (Zen 5, server/desktop): avx512f on a native 512-bit datapath, 2 FMA pipes × 16 fp32 lanes × 2"
        return 32, f"{where} (Zen 5 mobile or unknown AMD): avx512f on 256-bit pipes, 2 FMA pipes × 8 fp32 lanes × 2"
    if "avx512f" in flags:
        return 64, f"{where}: avx512f, assumed 2 FMA pipes × 16 fp32 lanes × 2 (parts with one 512-bit FMA unit have half)"
    if vendor == "AuthenticAMD" and family == 23 and model < 0x30 and fma:
        return 16, f"{where} (Zen 1): AVX2+FMA on 128-bit pipes, 2 FMA pipes × 4 fp32 lanes × 2"
    if "avx2" in flags and fma:
        return 32, f"{where}: AVX2+FMA, 2 FMA pipes × 8 fp32 lanes × 2"
    if "avx" in flags:
        return 16, f"{where}: AVX without FMA, 1 add + 1 multiply × 8 fp32 lanes"
    return 8, f"{where}: SSE, 1 add + 1 multiply × 4 fp32 lanes"


def clock_ghz(f):
    """The highest clock lscpu gives, and where it came from."""
    for key in ("CPU max MHz", "CPU MHz"):
        try:
            return float(f[key]) / 1000, f"lscpu '{key}' {f[key]}"
        except (KeyError, ValueError):
            pass
    m = re.search(r"([0-9.]+)\s*GHz", f.get("Model name", ""))
    if m:
        return float(m.group(1)), f"the model name's {m.group(1)} GHz (base clock; boost is higher)"
    try:
        bogo = float(f["BogoMIPS"])
        return bogo / 2000, (f"BogoMIPS {f['BogoMIPS']} / 2 (lscpu gives no MHz): the TSC's nominal rate, not the boost "
                             f"clock, so the true peak is higher and the % of peak here overstated")
    except (KeyError, ValueError):
        return None, "no clock in lscpu (no MHz, GHz in the model name or BogoMIPS)"


def machine_peak(lscpu_text, override=None):
    """(peak GFLOPS or None, how it was derived): physical cores × FLOP/cycle × clock, or --peak-gflops."""
    if override:
        return override, f"{override:g} GFLOPS (--peak-gflops)"
    f = lscpu_fields(lscpu_text)
    try:
        cores = int(f["Core(s) per socket"]) * int(f.get("Socket(s)", "1"))
    except (KeyError, ValueError):
        return None, "unknown (lscpu gives no core count; pass --peak-gflops)"
    per_cycle, isa = flop_per_cycle(f)
    ghz, source = clock_ghz(f)
    if ghz is None:
        return None, f"unknown: {source}; {cores} cores × {per_cycle} FLOP/cycle ({isa}); pass --peak-gflops"
    peak = cores * per_cycle * ghz
    return peak, (f"{cores} cores × {per_cycle} FLOP/cycle × {ghz:.3f} GHz = {peak:.0f} GFLOPS single precision; "
                  f"FLOP/cycle: {isa}; clock: {source}")


# ---------------------------------------------------------------------------------------------------------------------
# Formatting


def rel(path):
    """A path relative to the repository when it lies inside it."""
    path = os.path.abspath(path)
    return os.path.relpath(path, ROOT) if path.startswith(ROOT + os.sep) else path


def fmt_s(x):
    return "—" if x is None else f"{x:.2f}" if x < 100 else f"{x:.0f}"


def mib(kib):
    return kib / 1024


def verdict(ratio, target):
    if ratio is None:
        return "—"
    return f"**{ratio:.2f}** (≤ {target}: {'met' if ratio <= target else 'not met'})"


def settings(name, epochs, limit, rounds):
    if limit:
        images = f"first {limit:,} images"
        if name != "mlp":
            images += f" ({int(limit * 0.8):,} train / {limit - int(limit * 0.8):,} valid)"
    else:
        images = "60,000 images" if name == "mlp" else "60,000 images (48,000 train / 12,000 valid)"
    return f"{images}; {epochs} epochs × {rounds} round{'s' if rounds != 1 else ''}"


class Side:
    """One contender's processes on one workload."""

    def __init__(self, label):
        self.label, self.results, self.missing = label, [], None

    @property
    def timed(self):
        return [s for r in self.results if r.ok for s in r.epochs[1:]]

    @property
    def median(self):
        return statistics.median(self.timed) if self.timed else None

    @property
    def every(self):
        """Every epoch of every successful process, the first included."""
        return [s for r in self.results if r.ok for s in r.epochs]

    @property
    def mean_every(self):
        return statistics.fmean(self.every) if self.every else None

    @property
    def peak_kib(self):
        ok = [r.maxrss_kib for r in self.results if r.code == 0]
        return max(ok) if ok else None

    @property
    def failed(self):
        return [r for r in self.results if not r.ok]

    def cell_time(self):
        if self.missing:
            return self.missing
        if self.median is None:
            return "failed" if self.results else "—"
        return fmt_s(self.median) + (f" ({len(self.failed)} run(s) failed)" if self.failed else "")

    def cell_every(self):
        if self.missing:
            return self.missing
        if self.mean_every is None:
            return "failed" if self.results else "—"
        return f"{fmt_s(self.mean_every)} ({len(self.every)} epochs, {fmt_s(sum(self.every))} s in all)"

    def gflops(self, flop):
        return flop / self.median / 1e9 if self.median else None

    def cell_rss(self):
        if self.missing:
            return self.missing
        return "—" if self.peak_kib is None else f"{mib(self.peak_kib):.0f} MiB"

    def accuracies(self):
        acc = [r.accuracy for r in self.results if r.accuracy is not None]
        return "/".join(f"{a:.4f}" for a in acc) if acc else "—"

    def detail(self):
        if self.missing:
            return f"{self.label}: {self.missing}"
        runs = []
        for r in self.results:
            if r.code != 0:
                runs.append(f"exit {r.code}")
            elif len(r.epochs) < 2:
                runs.append("no epoch times parsed")
            else:
                runs.append(f"({r.epochs[0]:.2f}) " + " ".join(f"{s:.2f}" for s in r.epochs[1:]))
        return f"{self.label}: " + " | ".join(runs)


def ratio_of(x, y):
    return x / y if x and y else None


def table(rows, torchsharp_state):
    head = ("| workload | settings | ours s/epoch | PyTorch s/epoch | ours / PyTorch | TorchSharp s/epoch | ours / TorchSharp "
            "| ours peak RSS | PyTorch peak RSS | memory ours / PyTorch | TorchSharp peak RSS | test accuracy ours; PyTorch; TorchSharp |")
    out = [head, "|" + "---|" * (head.count("|") - 1)]
    for name, setting, ours, torch, ts in rows:
        target = WORKLOADS[name][3]
        ts_ratio = ratio_of(ours.median, ts.median)
        out.append("| " + " | ".join([
            f"{name}: {WORKLOADS[name][0]}", setting, ours.cell_time(), torch.cell_time(),
            verdict(ratio_of(ours.median, torch.median), target),
            ts.cell_time(), (f"{ts_ratio:.2f}" if ts_ratio else ts.missing or "—"),
            ours.cell_rss(), torch.cell_rss(), verdict(ratio_of(ours.peak_kib, torch.peak_kib), MEMORY_TARGET), ts.cell_rss(),
            f"{ours.accuracies()}; {torch.accuracies()}; {ts.missing or ts.accuracies()}",
        ]) + " |")
    return out


def every_epoch_table(rows):
    """The second table: every epoch counted, the first included, so a lead that rests on dropping warm-up shows."""
    head = ("| workload | ours mean s/epoch, every epoch | PyTorch mean s/epoch, every epoch | ours / PyTorch, every epoch "
            "| TorchSharp mean s/epoch, every epoch | ours / TorchSharp, every epoch |")
    out = [head, "|" + "---|" * (head.count("|") - 1)]
    for name, _, ours, torch, ts in rows:
        ratio = ratio_of(ours.mean_every, torch.mean_every)
        ts_ratio = ratio_of(ours.mean_every, ts.mean_every)
        cell = (verdict(ratio, ALL_EPOCHS_TARGETS[name]) if name in ALL_EPOCHS_TARGETS
                else "—" if ratio is None else f"{ratio:.2f} (target on the median only)")
        out.append("| " + " | ".join([
            name, ours.cell_every(), torch.cell_every(), cell, ts.cell_every(),
            f"{ts_ratio:.2f}" if ts_ratio else ts.missing or "—",
        ]) + " |")
    return out


def pct(gflops, peak):
    return "—" if gflops is None or not peak else f"{100 * gflops / peak:.0f} %"


def roofline_table(rows, peak, ts_present):
    """Achieved GFLOPS: the epoch's counted GEMM FLOP over the median s/epoch, against the machine's peak."""
    head = "| workload | GFLOP per epoch | ours GFLOPS | ours % of peak | PyTorch GFLOPS | PyTorch % of peak |"
    if ts_present:
        head += " TorchSharp GFLOPS | TorchSharp % of peak |"
    out = [head, "|" + "---|" * (head.count("|") - 1)]
    for name, _, ours, torch, ts, flop in rows:
        cells = [name, f"{flop / 1e9:,.1f}"]
        for side in (ours, torch) + ((ts,) if ts_present else ()):
            g = side.gflops(flop)
            cells += ["—" if g is None else f"{g:.1f}", pct(g, peak)]
        out.append("| " + " | ".join(cells) + " |")
    return out


def flop_note(plans):
    """How the FLOP per epoch was counted, with each workload's figures."""
    parts = []
    for name, _, limit in plans:
        counted, rule3 = epoch_flop(name, limit)
        train, valid = split(name, limit)
        forward = sum(m for _, m, _ in gemms(name))
        parts.append(f"{name} {forward * 2 / 1e6:.2f} MFLOP per image forward, {train:,} train"
                     + (f" + {valid:,} valid" if valid else "") + f" images: {counted / 1e9:,.1f} GFLOP"
                     + f" (plain ×3 rule {rule3 / 1e9:,.1f})")
    return ("GFLOP per epoch counts the GEMMs only (Linear, Conv2d as im2col GEMM with the full 3×3 kernel at every "
            "output, LSTM input and recurrent products of all 4 gates, both directions, all 28 steps), 2 FLOP per "
            "multiply-add: each training image runs forward, weight gradient and input gradient (3 × forward) except the "
            "input gradient of the first GEMM, which reads the images and which neither side computes (2 × there); each "
            "validation image one forward. Element-wise work (bias, activations, BatchNorm, dropout, LogSoftmax, loss, "
            "Adam) is not counted. GFLOPS = GFLOP per epoch / median s/epoch. " + "; ".join(parts) + ".")


def fmt_peak(peak):
    return "unknown" if not peak else f"{peak:.0f} GFLOPS"


def report(a, facts, env_note, load_before, load_after, started, elapsed, rows, torchsharp_state, plans):
    """The Markdown report. rows[i] is the run of plans[i] = (name, epochs, limit)."""
    peak, peak_note = facts["peak"]
    plans = plans[:len(rows)]  # an interrupted run reports the workloads that ran
    t = facts["torch"]
    lines = [
        f"Run {started:%Y-%m-%d %H:%M %z}, {elapsed / 60:.1f} min, commit {facts['commit']}: "
        f"`compare.py {' '.join(a.argv) if a.argv else '(defaults)'}`.",
        "",
        f"- Machine: {facts['model']}, {facts['cores']} cores ({facts['cpus']} CPUs); load average before "
        f"{load_before[0]:.2f} / {load_before[1]:.2f} / {load_before[2]:.2f}, after "
        f"{load_after[0]:.2f} / {load_after[1]:.2f} / {load_after[2]:.2f} (1 / 5 / 15 min).",
        f"- Environment (the same for every side): {env_note}",
        f"- Ours: {facts['dotnet']}; {facts['ours_blas']}; the library's default threads"
        + (f" (train --threads {a.ours_threads} for fc/cnn/rnn)" if a.ours_threads else "") + ".",
        f"- PyTorch {t['torch']} (`/usr/bin/python3`, Debian python3-torch), `torch.set_num_threads({a.peer_threads})` "
        f"(reports {t['threads']}), `OPENBLAS_NUM_THREADS=1`; OpenBLAS kernel {t['core'] or '?'}"
        + (f" ({t['config']})" if t['config'] else "") + f"; libraries: {', '.join(os.path.basename(l) for l in t['libs']) or '?'}.",
        f"- TorchSharp: {torchsharp_state}.",
        f"- {RULE} {targets_text()}",
        f"- Machine peak: {peak_note}.",
        "",
    ]
    lines += table(rows, torchsharp_state)
    lines += ["", "Every epoch counted, the first included (mean s/epoch over every epoch of every process; ratio of the "
                  "means):", ""]
    lines += every_epoch_table(rows)
    lines += ["", f"Roofline: achieved GFLOPS against the machine's peak ({fmt_peak(peak)}). {flop_note(plans)}", ""]
    ts_present = any(not ts.missing for _, _, _, _, ts in rows)
    lines += roofline_table([row + (epoch_flop(row[0], limit)[0],) for row, (_, _, limit) in zip(rows, plans)], peak, ts_present)
    lines += ["", "Epoch seconds per process, first (dropped) epoch in parentheses, rounds separated by `|`:", ""]
    for name, _, ours, torch, ts in rows:
        lines.append(f"- {name}: {ours.detail()}; {torch.detail()}" + (f"; {ts.detail()}" if not ts.missing else ""))
    return lines


def write_doc(path, lines):
    text = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
    block = BEGIN + "\n" + "\n".join(lines) + "\n" + END
    if BEGIN in text and END in text and text.index(BEGIN) < text.index(END):
        text = text[:text.index(BEGIN)] + block + text[text.index(END) + len(END):]
    else:
        text = text.rstrip("\n") + ("\n\n" if text else "") + SECTION + "\n\n" + block + "\n"
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(path + ".tmp", path)


# ---------------------------------------------------------------------------------------------------------------------
# --selftest: the parsing, counting and report code on canned outputs (no child runs)

# Epoch times of the recorded run in docs/performance.md (2026-12-01, commit ec4145a), first epoch of each process first.
RECORDED = {
    "mlp": ([[0.87, 0.64, 0.65, 0.67], [0.86, 0.66, 0.64, 0.64]], [[1.03, 1.02, 1.02, 1.01], [1.05, 1.02, 1.01, 1.00]],
            [[1.74, 0.97, 0.94, 0.93], [1.75, 0.89, 0.90, 0.87]], 0.64),
    "fc": ([[2.82, 2.56, 2.50], [2.78, 2.52, 2.49]], [[5.35, 5.66, 5.41], [5.22, 5.30, 5.16]],
           [[3.67, 3.45, 3.47], [3.72, 3.08, 3.08]], 0.47),
    "cnn": ([[19.59, 16.24], [16.78, 16.27]], [[12.02, 15.84], [14.08, 18.55]], [[21.77, 20.53], [23.13, 21.28]], 0.95),
    "rnn": ([[32.39, 30.23], [30.59, 27.80]], [[38.42, 37.46], [42.82, 40.70]], [[69.79, 63.87], [61.62, 63.69]], 0.74),
}

LSCPU_HERE = """Vendor ID:                               AuthenticAMD
Model name:                              AMD EPYC
CPU family:                              26
Model:                                   2
Thread(s) per core:                      1
Core(s) per socket:                      2
Socket(s):                               1
BogoMIPS:                                4191.98
Flags:                                   fpu sse sse2 avx fma avx2 avx512f avx512dq avx512bw avx512vl
"""
LSCPU_ZEN4 = """Vendor ID: AuthenticAMD
Model name: AMD Ryzen 7 7700X 8-Core Processor
CPU family: 25
Model: 97
Core(s) per socket: 8
Socket(s): 1
CPU max MHz: 5573.0000
Flags: sse avx fma avx2 avx512f
"""
LSCPU_INTEL = """Vendor ID: GenuineIntel
Model name: Intel(R) Xeon(R) Gold 6230 CPU @ 2.10GHz
CPU family: 6
Model: 85
Core(s) per socket: 20
Socket(s): 2
BogoMIPS: 4200.00
Flags: sse avx fma avx2 avx512f
"""
LSCPU_AVX2 = """Vendor ID: GenuineIntel
Model name: Intel(R) Core(TM) i7-8700 CPU @ 3.20GHz
CPU family: 6
Model: 158
Core(s) per socket: 6
Socket(s): 1
CPU max MHz: 4600.0000
Flags: sse avx fma avx2
"""


def canned(name, side, epochs, acc):
    """A process's output in the format of the program that side runs for the workload."""
    if side == "ours" and name != "mlp":  # Functional.Cli train --verbose 0 (accuracy comes from `predict`)
        lines = [f"Epoch({i + 1}/{len(epochs)}): train_loss=5.0000e-01  valid_loss=4.0000e-01" for i in range(len(epochs))]
        return lines + ["Epoch seconds: " + " ".join(f"{s:.3f}" for s in epochs)]
    if side == "ours":  # Functional.Benchmarks mlp
        return ([f"epoch {i + 1}: {s:.3f} s, train loss 0.5000" for i, s in enumerate(epochs)]
                + [f"ours: median epoch {sorted(epochs)[len(epochs) // 2]:.3f} s, test accuracy {acc:.4f}, gen0 GCs 3"])
    if side == "PyTorch" and name == "mlp":  # peer/mlp.py
        return ([f"epoch {i + 1}: {s:.3f} s, train loss 0.5000" for i, s in enumerate(epochs)]
                + [f"pytorch: median epoch {sorted(epochs)[len(epochs) // 2]:.3f} s, test accuracy {acc:.4f}, peak rss 589 MB, threads 2"])
    lines = []  # peer/fc_train.py and the TorchSharp peer
    for i, s in enumerate(epochs):
        lines += [f"Epoch({i + 1}/{len(epochs)}): train_loss=5.0000e-01  valid_loss=4.0000e-01  lowest_loss=4.0000e-01",
                  f"epoch_seconds {s:.3f}"]
    return lines + [f"Accuracy: {acc:.4f}", "peak_rss_mb 900"]


def selftest():
    import argparse as _argparse
    failures, count = [], [0]

    def check(what, got, want):
        count[0] += 1
        ok = abs(got - want) <= 1e-9 * max(1.0, abs(want)) if isinstance(want, float) else got == want
        if not ok:
            failures.append(f"{what}: got {got!r}, want {want!r}")

    # Parsing, each contender's format.
    check("CLI epoch line", epoch_seconds(["Epoch seconds: 19.590 16.240"]), [19.59, 16.24])
    check("bench mlp lines", epoch_seconds(["epoch 1: 0.870 s, train loss 0.5735", "epoch 2: 0.640 s, train loss 0.4"]), [0.87, 0.64])
    check("not an epoch line", epoch_seconds(["pytorch: median epoch 1.010 s, test accuracy 0.8706"]), [])
    check("fc_train lines", epoch_seconds(["Epoch(1/2): train_loss=1e-01", "epoch_seconds 12.020", "epoch_seconds 15.840"]), [12.02, 15.84])
    check("accuracy, predict", accuracy(["Accuracy: 0.8169", "0: 9 (9)"]), 0.8169)
    check("accuracy, mlp", accuracy(["ours: median epoch 0.650 s, test accuracy 0.8705, gen0 GCs 3"]), 0.8705)
    check("accuracy, none", accuracy(["epoch 1: 0.870 s"]), None)

    # FLOP counts against the figures docs/performance.md quotes, and the models' shapes.
    check("fc hidden sizes", fc_hidden_sizes(784, 10, 5), [630, 476, 322, 168])
    sizes = [int(w.split("->")[1]) for w, _, _ in gemms("cnn") if w.startswith("Conv2d")]
    check("cnn output sizes", sizes, [28, 14, 14, 7, 7, 4, 4, 2, 2, 1])
    check("cnn head input", gemms("cnn")[-2][0], "Linear 512-50")
    check("mlp forward MAC/image", sum(m for _, m, _ in gemms("mlp")), 784 * 256 + 256 * 128 + 128 * 10)
    check("mlp GFLOP/epoch = the 60.4 GFLOP GEMM of performance.md", round(epoch_flop("mlp", 0)[0] / 1e8) / 10, 60.4)
    check("mlp epoch has no validation", split("mlp", 0), (60000, 0))
    check("cnn forward GFLOP at batch 256 = performance.md's 14.1", round(256 * 2 * sum(m for _, m, _ in gemms("cnn")) / 1e8) / 10, 14.1)
    rnn = 2 * 28 * 4 * 128 * ((28 + 128) + 3 * (256 + 128)) + 256 * 10
    check("rnn forward MAC/image", sum(m for _, m, _ in gemms("rnn")), rnn)
    check("split of 12,000", split("cnn", 12000), (9600, 2400))
    check("split of 60,000", split("fc", 0), (48000, 12000))
    fwd = sum(m for _, m, _ in gemms("fc"))
    check("fc counted FLOP", epoch_flop("fc", 0)[0], 2 * (48000 * (3 * fwd - 784 * 630) + 12000 * fwd))
    check("fc ×3 rule FLOP", epoch_flop("fc", 0)[1], 2 * (48000 * 3 * fwd + 12000 * fwd))

    # The peak rule.
    check("peak here", round(machine_peak(LSCPU_HERE)[0], 3), round(2 * 64 * 4191.98 / 2000, 3))
    check("peak here says BogoMIPS", "BogoMIPS 4191.98 / 2" in machine_peak(LSCPU_HERE)[1], True)
    check("peak Zen 4", machine_peak(LSCPU_ZEN4)[0], 8 * 32 * 5.573)
    check("peak Intel avx512f, GHz from the model name", machine_peak(LSCPU_INTEL)[0], 40 * 64 * 2.1)
    check("peak AVX2", machine_peak(LSCPU_AVX2)[0], 6 * 32 * 4.6)
    check("peak override", machine_peak(LSCPU_HERE, 440.0), (440.0, "440 GFLOPS (--peak-gflops)"))
    check("peak without lscpu", machine_peak("(lscpu: not found)")[0], None)

    # The recorded run, fed through the report: medians reproduce the published ratios.
    rows, plans = [], []
    for name, (ours_runs, torch_runs, ts_runs, published) in RECORDED.items():
        sides = (Side("ours"), Side("PyTorch"), Side("TorchSharp"))
        for side, runs, acc in zip(sides, (ours_runs, torch_runs, ts_runs), (0.87, 0.86, 0.85)):
            for r, epochs in enumerate(runs):
                res = Result(["canned"], canned(name, side.label, epochs, acc), 0, (400 + 100 * r) * 1024, sum(epochs))
                check(f"{name} {side.label} parsed", res.epochs, epochs)
                if side.label == "ours" and name != "mlp":
                    res.accuracy = accuracy(["Accuracy: 0.8700"])
                side.results.append(res)
        ours, torch, ts = sides
        check(f"{name} median ratio as published", round(ours.median / torch.median, 2), published)
        limit = WORKLOADS[name][2]
        plans.append((name, len(ours_runs[0]), limit))
        rows.append((name, settings(name, len(ours_runs[0]), limit, 2), ours, torch, ts))
    cnn_ours, cnn_torch = rows[2][2], rows[2][3]
    check("cnn every-epoch mean, ours", cnn_ours.mean_every, (19.59 + 16.24 + 16.78 + 16.27) / 4)
    check("cnn every-epoch ratio (performance.md: about 1.1)", round(cnn_ours.mean_every / cnn_torch.mean_every, 2), 1.14)

    a = _argparse.Namespace(argv=[], ours_threads=None, peer_threads=2)
    facts = {"model": "AMD EPYC", "cpus": "2", "cores": "2", "ours_blas": "openblas, 2 thread(s)", "dotnet": ".NET 10",
             "torch": {"torch": "1.13", "threads": 2, "libs": [], "core": "Haswell", "config": None},
             "commit": "selftest", "peak": machine_peak(LSCPU_HERE)}
    now = datetime.datetime(2026, 12, 5, tzinfo=datetime.timezone.utc)
    lines = report(a, facts, "`OPENBLAS_CORETYPE=Haswell`", (2.0, 2.0, 2.0), (2.0, 2.0, 2.0), now, 60, rows,
                   "TorchSharp peer", plans)
    text = "\n".join(lines)
    check("targets named", "Targets (issue 18)" in text and "issue 9" not in text, True)
    check("memory target", "memory ≤ 1.0." in text, True)
    row = lambda prefix: next((l for l in lines if l.startswith(prefix)), "")
    check("mlp verdict", "**0.64** (≤ 0.5: not met)" in row("| mlp: "), True)
    check("fc verdict", "**0.47** (≤ 0.4: not met)" in row("| fc: "), True)
    check("cnn median verdict", "**0.95** (≤ 0.75: not met)" in row("| cnn: "), True)
    check("cnn every-epoch verdict", "**1.14** (≤ 0.75: not met)" in row("| cnn | "), True)
    check("rnn every-epoch ratio", "(target on the median only)" in row("| rnn | "), True)
    peak = machine_peak(LSCPU_HERE)[0]
    mlp_gflops = epoch_flop("mlp", 0)[0] / rows[0][2].median / 1e9
    check("mlp roofline row", row("| mlp | 60.4 |"), f"| mlp | 60.4 | {mlp_gflops:.1f} | {100 * mlp_gflops / peak:.0f} % | "
          f"{epoch_flop('mlp', 0)[0] / rows[0][3].median / 1e9:.1f} | "
          f"{100 * epoch_flop('mlp', 0)[0] / rows[0][3].median / 1e9 / peak:.0f} % | "
          f"{epoch_flop('mlp', 0)[0] / rows[0][4].median / 1e9:.1f} | "
          f"{100 * epoch_flop('mlp', 0)[0] / rows[0][4].median / 1e9 / peak:.0f} % |")
    check("detail block kept", "- cnn: ours: (19.59) 16.24 | (16.78) 16.27; PyTorch: (12.02) 15.84 | (14.08) 18.55" in text, True)
    failed = Side("ours")
    failed.results.append(Result(["canned"], ["boom"], 1, 1024, 1.0))
    check("failed side", (failed.cell_time(), failed.cell_every(), failed.gflops(1e9)), ("failed", "failed", None))

    # The doc rewrite keeps what lies outside the markers and replaces the block.
    with tempfile.TemporaryDirectory() as d:
        doc = os.path.join(d, "performance.md")
        with open(doc, "w", encoding="utf-8") as f:
            f.write(f"# Performance\n\nbefore\n\n{BEGIN}\nold table\n{END}\n\nafter\n")
        write_doc(doc, lines)
        once = open(doc, encoding="utf-8").read()
        write_doc(doc, lines)
        check("doc block replaced", once.startswith("# Performance\n\nbefore\n\n" + BEGIN + "\nRun ") and
              once.endswith(END + "\n\nafter\n") and "old table" not in once, True)
        check("doc rewrite idempotent", open(doc, encoding="utf-8").read(), once)
        check("no temporary left", os.listdir(d), ["performance.md"])

    for f in failures:
        print("FAIL " + f, file=sys.stderr)
    print(f"selftest: {count[0] - len(failures)} of {count[0]} checks passed")
    return 1 if failures else 0


# ---------------------------------------------------------------------------------------------------------------------


def main(argv):
    a = parse_args(argv)
    a.argv = argv
    if a.selftest:
        return selftest()
    base = dict(os.environ)
    if a.coretype == "auto":
        base.pop("OPENBLAS_CORETYPE", None)
    elif a.coretype != "env":
        base["OPENBLAS_CORETYPE"] = a.coretype
    core = base.get("OPENBLAS_CORETYPE")
    env_note = (f"`OPENBLAS_CORETYPE={core}`" if core is not None else "`OPENBLAS_CORETYPE` unset (OpenBLAS detects the processor)") + \
               {"env": " (as the environment sets it)", "auto": " (`--coretype auto`)"}.get(a.coretype, f" (`--coretype {a.coretype}`)")
    ours_env = dict(base)
    peer_env = dict(base, OPENBLAS_NUM_THREADS="1")
    if "OPENBLAS_NUM_THREADS" in base:
        env_note += f"; `OPENBLAS_NUM_THREADS={base['OPENBLAS_NUM_THREADS']}` is set for ours too"

    ts_path = None if a.no_torchsharp else (a.torchsharp or TORCHSHARP_DLL)
    if a.no_torchsharp:
        ts_state = "left out (--no-torchsharp)"
    elif ts_path and os.path.exists(ts_path):
        ts_state = (f"TorchSharp peer `{rel(ts_path)}`, `--threads {a.peer_threads}`, `OPENBLAS_NUM_THREADS=1`")
    else:
        ts_state = f"not built (no {rel(ts_path)})"
        ts_path = None

    for dll in (BENCH_DLL, CLI_DLL):
        if not os.path.exists(dll) and not a.dry_run:
            raise SystemExit(f"compare.py: {rel(dll)} is missing; build Release first (compare.sh does)")

    tmp = tempfile.mkdtemp(prefix="compare-")
    plans = []
    for name in a.selected:
        epochs = per_workload(a.epochs, name, WORKLOADS[name][1])
        limit = per_workload(a.limit, name, WORKLOADS[name][2])
        plans.append((name, epochs, limit))

    if a.dry_run:
        print(f"# environment: {env_note}; peers also get OPENBLAS_NUM_THREADS=1")
        print(f"# machine peak: {machine_peak(capture(['lscpu'], ours_env), a.peak_gflops)[1]}")
        print(f"# {flop_note(plans)}")
        for name, epochs, limit in plans:
            print(f"# {name}: {settings(name, epochs, limit, a.rounds)}")
            print("  ours:       " + " ".join(ours_command(name, epochs, limit, os.path.join(tmp, f"{name}.safetensors"), a.ours_threads)))
            if name != "mlp":
                print("  (accuracy:  " + " ".join(["dotnet", CLI_DLL, "predict", "--model-fn", os.path.join(tmp, f"{name}.safetensors"), "--n", "1"]) + ")")
            print("  pytorch:    OPENBLAS_NUM_THREADS=1 " + " ".join(torch_command(name, epochs, limit, a.peer_threads)))
            print("  torchsharp: " + ("OPENBLAS_NUM_THREADS=1 " + " ".join(torchsharp_command(ts_path, name, epochs, limit, a.peer_threads)) if ts_path else ts_state))
        shutil.rmtree(tmp, ignore_errors=True)
        return 0

    started = datetime.datetime.now().astimezone()
    clock = time.perf_counter()
    load_before = os.getloadavg()
    facts = machine(ours_env, peer_env, a.peer_threads, a.peak_gflops)
    print(f"machine: {facts['model']}, {facts['cores']} cores; ours {facts['ours_blas']}; PyTorch {facts['torch']['torch']} "
          f"OpenBLAS kernel {facts['torch']['core']}; {env_note}; load {load_before[0]:.2f}", file=sys.stderr)
    print(RULE, file=sys.stderr)
    print(f"machine peak: {facts['peak'][1]}", file=sys.stderr)

    rows = []
    try:
        for name, epochs, limit in plans:
            ours, torch, ts = Side("ours"), Side("PyTorch"), Side("TorchSharp")
            if not ts_path:
                ts.missing = "not built" if not a.no_torchsharp else "left out"
            for r in range(1, a.rounds + 1):
                label = f"{name} {r}/{a.rounds}"
                model_fn = os.path.join(tmp, f"{name}-{r}.safetensors")
                contenders = [(ours, ours_command(name, epochs, limit, model_fn, a.ours_threads), ours_env),
                              (torch, torch_command(name, epochs, limit, a.peer_threads), peer_env)]
                if ts_path:
                    contenders.append((ts, torchsharp_command(ts_path, name, epochs, limit, a.peer_threads), peer_env))
                for side, cmd, env in contenders:
                    res = run(cmd, env, f"{label} {side.label}", a.verbose)
                    if side is ours and name != "mlp" and res.code == 0:
                        pred = run(["dotnet", CLI_DLL, "predict", "--model-fn", model_fn, "--n", "1",
                                    "--image-out", os.path.join(tmp, f"{name}-{r}.png")], ours_env, f"{label} ours predict", a.verbose)
                        res.accuracy = accuracy(pred.lines)
                    side.results.append(res)
                    status = "ok" if res.ok else f"FAILED (exit {res.code}, {len(res.epochs)} epoch times parsed)"
                    print(f"[{label}] {side.label}: epochs {' '.join(f'{s:.2f}' for s in res.epochs)} s; "
                          f"peak RSS {mib(res.maxrss_kib):.0f} MiB; accuracy {res.accuracy if res.accuracy is not None else '—'}; "
                          f"{res.wall:.0f} s wall; {status}", file=sys.stderr, flush=True)
                    if not res.ok:
                        print("  last lines: " + "\n  ".join(res.lines[-15:]), file=sys.stderr)
            rows.append((name, settings(name, epochs, limit, a.rounds), ours, torch, ts))
    except KeyboardInterrupt:
        print("interrupted; reporting what ran", file=sys.stderr)
        a.write = False
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    lines = report(a, facts, env_note, load_before, os.getloadavg(), started, time.perf_counter() - clock, rows, ts_state, plans)
    print("\n".join(lines))
    if a.write:
        write_doc(a.doc, lines)
        print(f"\nwrote {rel(a.doc)}", file=sys.stderr)
    else:
        why = "a shortened run (--only/--rounds/--epochs/--limit); --write records it" if a.full is False else "--no-write"
        print(f"\n(not written to {rel(a.doc)}: {why})", file=sys.stderr)
    bad = any(not side.results or side.failed for _, _, ours, torch, _ in rows for side in (ours, torch))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
