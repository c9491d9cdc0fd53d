#!/usr/bin/env python3
"""Extra optimizer/schedule/clip reference cases (PyTorch 1.13, float64) covering options the public golden set
leaves at their defaults: amsgrad, centered RMSprop with momentum, Adagrad lr_decay, SGD dampening, LinearLR,
MultiStepLR, ReduceLROnPlateau max/abs/cooldown/min_lr, the infinity norm. Same format as shared/golden/FORMAT.md.
Usage: /usr/bin/python3 generate.py OUT_DIR
"""
import json, os, struct, sys
import numpy as np
import torch

torch.set_default_dtype(torch.float64)
torch.manual_seed(7)
out = sys.argv[1]
items = []


def write(name, kind, spec, tensors, rtol=1e-7, atol=1e-9):
    header, blobs, off = {}, [], 0
    for k in sorted(tensors):
        b = np.ascontiguousarray(tensors[k].detach().numpy(), dtype="<f8").tobytes()
        header[k] = {"dtype": "F64", "shape": list(tensors[k].shape), "data_offsets": [off, off + len(b)]}
        blobs.append(b)
        off += len(b)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(os.path.join(out, name + ".safetensors"), "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))
    items.append({"name": name, "kind": kind, "spec": spec, "file": name + ".safetensors", "rtol": rtol, "atol": atol})


def opt(name, spec, shapes=((3, 4), (4,)), steps=8):
    ps = [torch.randn(*s, requires_grad=True) for s in shapes]
    t = {"param/p%d" % i: p.detach().clone() for i, p in enumerate(ps)}
    o = getattr(torch.optim, spec["type"])(ps, **{k: v for k, v in spec.items() if k != "type"})
    for s in range(steps):
        for i, p in enumerate(ps):
            p.grad = torch.randn_like(p)
            t["grad/%d/p%d" % (s, i)] = p.grad.clone()
        o.step()
        for i, p in enumerate(ps):
            t["expected/%d/p%d" % (s, i)] = p.detach().clone()
    write(name, "optimizer", dict(spec, steps=steps), t, rtol=1e-12, atol=1e-14)


def sched(name, spec, epochs, metrics=None):
    p = torch.zeros(1, requires_grad=True)
    o = torch.optim.SGD([p], lr=spec["lr"])
    s = getattr(torch.optim.lr_scheduler, spec["type"])(o, **{k: v for k, v in spec.items() if k not in ("type", "lr")})
    lrs = []
    for e in range(epochs):
        lrs.append(o.param_groups[0]["lr"])
        o.step()
        s.step(float(metrics[e])) if metrics is not None else s.step()
    t = {"expected/lr": torch.tensor(lrs)}
    if metrics is not None:
        t["metric"] = torch.tensor(metrics)
    write(name, "schedule", dict(spec, epochs=epochs), t, rtol=1e-12, atol=1e-15)


def clip(name, max_norm, norm_type, shapes):
    ps = [torch.randn(*s, requires_grad=True) for s in shapes]
    t = {}
    for i, p in enumerate(ps):
        p.grad = torch.randn_like(p) * 3
        t["grad/p%d" % i] = p.grad.clone()
    total = torch.nn.utils.clip_grad_norm_(ps, max_norm, norm_type=norm_type)
    for i, p in enumerate(ps):
        t["expected/p%d" % i] = p.grad.clone()
    t["expected/total_norm"] = total.reshape(1)
    write(name, "clip", {"type": "clip_grad_norm", "max_norm": max_norm, "norm_type": "Infinity" if norm_type == float("inf") else norm_type}, t,
          rtol=1e-12, atol=1e-14)


os.makedirs(out, exist_ok=True)
opt("x_sgd_dampening_wd", {"type": "SGD", "lr": 0.05, "momentum": 0.9, "dampening": 0.3, "weight_decay": 0.02})
opt("x_sgd_nesterov_wd", {"type": "SGD", "lr": 0.05, "momentum": 0.7, "nesterov": True, "weight_decay": 0.1})
opt("x_adagrad_decay", {"type": "Adagrad", "lr": 0.1, "lr_decay": 0.01, "weight_decay": 0.05, "initial_accumulator_value": 0.1, "eps": 1e-6})
opt("x_rmsprop_centered_momentum", {"type": "RMSprop", "lr": 0.01, "alpha": 0.9, "momentum": 0.5, "centered": True, "weight_decay": 0.01})
opt("x_rmsprop_momentum", {"type": "RMSprop", "lr": 0.01, "momentum": 0.3})
opt("x_adam_amsgrad_l2", {"type": "Adam", "lr": 0.02, "betas": [0.8, 0.99], "eps": 1e-6, "weight_decay": 0.1, "amsgrad": True})
opt("x_adamw_amsgrad", {"type": "AdamW", "lr": 0.01, "weight_decay": 0.1, "amsgrad": True})
opt("x_adamw_default", {"type": "AdamW"})
opt("x_adam_large", {"type": "Adam", "lr": 0.003}, shapes=((37, 19), (131,), (5,)))
sched("x_multistep", {"type": "MultiStepLR", "lr": 0.1, "milestones": [2, 5, 5, 9], "gamma": 0.3}, 12)
sched("x_linear", {"type": "LinearLR", "lr": 0.1, "start_factor": 0.25, "end_factor": 1.0, "total_iters": 4}, 8)
sched("x_linear_decay", {"type": "LinearLR", "lr": 0.05, "start_factor": 1.0, "end_factor": 0.1, "total_iters": 5}, 9)
sched("x_cosine_long", {"type": "CosineAnnealingLR", "lr": 0.3, "T_max": 5, "eta_min": 0.01}, 31)
sched("x_exponential_long", {"type": "ExponentialLR", "lr": 0.7, "gamma": 0.93}, 60)
m = [1.0, 0.9, 0.91, 0.92, 0.93, 0.5, 0.51, 0.52, 0.53, 0.54, 0.55, 0.56, 0.57, 0.58, 0.2, 0.21, 0.22, 0.23, 0.24, 0.25]
sched("x_plateau_min_cooldown", {"type": "ReduceLROnPlateau", "lr": 0.1, "factor": 0.5, "patience": 2, "cooldown": 2, "min_lr": 0.02}, len(m), m)
sched("x_plateau_max_abs", {"type": "ReduceLROnPlateau", "lr": 0.1, "mode": "max", "factor": 0.3, "patience": 1,
                            "threshold": 0.05, "threshold_mode": "abs"}, len(m), [-x for x in m])
sched("x_plateau_eps", {"type": "ReduceLROnPlateau", "lr": 1e-7, "factor": 0.5, "patience": 0, "eps": 1e-8}, len(m), m)
clip("x_clip_inf", 0.5, float("inf"), [(2, 2), (3,)])
clip("x_clip_norm3", 2.0, 3.0, [(3, 4), (5,)])
clip("x_clip_noop", 100.0, 2.0, [(3, 4), (5,)])
with open(os.path.join(out, "manifest.json"), "w") as f:
    json.dump({"format": 1, "set": "optim-extra", "source": "PyTorch %s, float64, CPU" % torch.__version__, "cases": items}, f, indent=1)
print(len(items), "cases")
