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
(warm-up: JIT, allocator, oneDNN primitive creation). Peak resident memory is each child's ru_maxrss (os.wait4).

PyTorch runs with OPENBLAS_NUM_THREADS=1 and torch.set_num_threads(2) (its best configuration here), TorchSharp
with --threads 2 and OPENBLAS_NUM_THREADS=1, ours with the library's default threads. Everything else in the
environment is the same for all sides; OPENBLAS_CORETYPE is left as it is unless --coretype says otherwise.

Run through compare.sh (which builds Release first), or directly with /usr/bin/python3 after a Release build.
Standard library only.
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
MEMORY_TARGET = 1.5

# name -> description, default epochs per process, default training-image limit (0: all 60,000), time target.
WORKLOADS = {
    "mlp": ("MLP 784-256-128-10, Adam 1e-3, batch 128", 4, 0, 0.7),
    "fc": ("CLI fc (book ImageClassifier, 5 blocks), Adam, batch 256, 80/20 split, incl. validation", 3, 0, 1.0),
    "cnn": ("CLI cnn (book ConvolutionalClassifier), Adam, batch 256, 80/20 split, incl. validation", 2, 12000, 1.0),
    "rnn": ("CLI rnn (book SequenceClassifier, bi-LSTM 4x128, dropout 0.3), Adam, batch 256, 80/20 split, incl. validation", 2, 12000, 1.0),
}
RULE = ("s/epoch: median over all epochs of all rounds after dropping each process's first epoch (warm-up, JIT); "
        "ratio: ours / peer (below 1: ours faster); peak RSS: the largest ru_maxrss of the side's processes.")


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
    p.add_argument("--dry-run", action="store_true", help="print the commands and environments, run nothing")
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
    if a.write is None:
        a.write = a.full and not a.dry_run
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


def machine(ours_env, peer_env, peer_threads):
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
    }


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


def table(rows, torchsharp_state):
    head = ("| workload | settings | ours s/epoch | PyTorch s/epoch | ours / PyTorch | TorchSharp s/epoch | ours / TorchSharp "
            "| ours peak RSS | PyTorch peak RSS | memory ours / PyTorch | TorchSharp peak RSS | test accuracy ours; PyTorch; TorchSharp |")
    out = [head, "|" + "---|" * (head.count("|") - 1)]
    for name, setting, ours, torch, ts in rows:
        target = WORKLOADS[name][3]
        ratio = ours.median / torch.median if ours.median and torch.median else None
        ts_ratio = ours.median / ts.median if ours.median and ts.median else None
        mem = ours.peak_kib / torch.peak_kib if ours.peak_kib and torch.peak_kib else None
        out.append("| " + " | ".join([
            f"{name}: {WORKLOADS[name][0]}", setting, ours.cell_time(), torch.cell_time(), verdict(ratio, target),
            ts.cell_time(), (f"{ts_ratio:.2f}" if ts_ratio else ts.missing or "—"),
            ours.cell_rss(), torch.cell_rss(), verdict(mem, MEMORY_TARGET), ts.cell_rss(),
            f"{ours.accuracies()}; {torch.accuracies()}; {ts.missing or ts.accuracies()}",
        ]) + " |")
    return out


def report(a, facts, env_note, load_before, load_after, started, elapsed, rows, torchsharp_state):
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
        f"- {RULE} Targets (issue 9): MLP ≤ 0.7, fc/cnn/rnn ≤ 1.0, memory ≤ {MEMORY_TARGET}.",
        "",
    ]
    lines += table(rows, torchsharp_state)
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


def main(argv):
    a = parse_args(argv)
    a.argv = argv
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
    facts = machine(ours_env, peer_env, a.peer_threads)
    print(f"machine: {facts['model']}, {facts['cores']} cores; ours {facts['ours_blas']}; PyTorch {facts['torch']['torch']} "
          f"OpenBLAS kernel {facts['torch']['core']}; {env_note}; load {load_before[0]:.2f}", file=sys.stderr)
    print(RULE, file=sys.stderr)

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

    lines = report(a, facts, env_note, load_before, os.getloadavg(), started, time.perf_counter() - clock, rows, ts_state)
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
