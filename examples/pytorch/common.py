"""Shared pieces of the PyTorch 1.13 counterparts of the Functional examples (run from the repository root).

The loop is the book's: each epoch shuffles the training set (torch.randperm), keeps the last partial batch,
reports the mean batch loss, evaluates the validation loss, keeps a copy of the weights whenever
valid <= lowest, and stops after `patience` epochs in a row without improvement; the best weights are restored.
"""
import argparse
import copy
import gzip
import time

import numpy as np
import torch

torch.set_num_threads(2)


def args(**defaults):
    p = argparse.ArgumentParser()
    for k, v in defaults.items():
        p.add_argument("--" + k.replace("_", "-"), type=type(v), default=v)
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()
    torch.manual_seed(a.seed)
    return a


def read_split(path):
    """The row indices of each part, as written by the C# example (one line per part: name i0 i1 ...)."""
    with open(path) as f:
        return {line.split()[0]: np.array([int(i) for i in line.split()[1:]]) for line in f}


def load_fashion(kind, directory="/usr/share/datasets/fashion-mnist"):
    with gzip.open(f"{directory}/{kind}-images-idx3-ubyte.gz") as f:
        images = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 1, 28, 28)
    with gzip.open(f"{directory}/{kind}-labels-idx1-ubyte.gz") as f:
        labels = np.frombuffer(f.read(), np.uint8, offset=8)
    return torch.tensor(images, dtype=torch.float32) / 255.0, torch.tensor(labels, dtype=torch.long)


def evaluate(model, loss_fn, x, y, batch):
    model.eval()
    with torch.no_grad():
        losses = [loss_fn(model(xb), yb).item() for xb, yb in zip(x.split(batch), y.split(batch))]
    return sum(losses) / len(losses)


def predict(model, x, batch=1024):
    model.eval()
    with torch.no_grad():
        return torch.cat([model(xb) for xb in x.split(batch)])


def fit(model, loss_fn, opt, x, y, xv, yv, epochs, batch, patience=None, eval_batch=None, log_every=1):
    """Returns (history of (train, valid) per epoch, best epoch (0-based)); the model holds the best weights."""
    history, lowest, best, best_epoch, waited = [], float("inf"), None, -1, 0
    start = time.time()
    for epoch in range(epochs):
        model.train()
        perm = torch.randperm(len(x))
        losses = []
        for idx in perm.split(batch):
            opt.zero_grad()
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            opt.step()
            losses.append(loss.item())
        train = sum(losses) / len(losses)
        valid = evaluate(model, loss_fn, xv, yv, eval_batch or batch)
        history.append((train, valid))
        if (epoch + 1) % log_every == 0:
            print(f"Epoch {epoch + 1}: train {train:.4f}, valid {valid:.4f}  ({time.time() - start:.0f} s)", flush=True)
        if valid <= lowest:
            lowest, best, best_epoch, waited = valid, copy.deepcopy(model.state_dict()), epoch, 0
        else:
            waited += 1
            if patience is not None and waited >= patience:
                print(f"early stop after epoch {epoch + 1}: no improvement in {patience} epochs")
                break
    model.load_state_dict(best)
    return history, best_epoch
