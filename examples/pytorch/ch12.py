"""PyTorch 1.13 counterpart of examples/ch12-early-stopping.cs, on the SAME split (run the C# example first: it
writes runs/ch12-split.txt).   /usr/bin/python3 examples/pytorch/ch12.py [--epochs 2000 --patience 50 --seed 0]"""
import math

import numpy as np
import torch
from sklearn.preprocessing import StandardScaler
from torch import nn

from common import args, evaluate, fit, read_split

a = args(epochs=2000, patience=50)
x = np.loadtxt("data/diabetes_data_raw.csv.gz")
y = np.loadtxt("data/diabetes_target.csv.gz").reshape(-1, 1)
split = read_split("runs/ch12-split.txt")
xs, ys = StandardScaler().fit(x[split["train"]]), StandardScaler().fit(y[split["train"]])
parts = {k: (torch.tensor(xs.transform(x[i]), dtype=torch.float32), torch.tensor(ys.transform(y[i]), dtype=torch.float32))
         for k, i in split.items()}
print(f"diabetes: train {len(split['train'])}, valid {len(split['valid'])}, test {len(split['test'])}")

model = nn.Sequential(nn.Linear(10, 32), nn.LeakyReLU(), nn.Linear(32, 16), nn.LeakyReLU(), nn.Linear(16, 1))
mse = nn.MSELoss()
history, best = fit(model, mse, torch.optim.Adam(model.parameters(), lr=1e-3), *parts["train"], *parts["valid"],
                    a.epochs, 256, a.patience, log_every=max(1, a.epochs // 20))
loss = {k: evaluate(model, mse, *parts[k], len(parts[k][0])) for k in parts}
print(f"best epoch {best + 1} of {len(history)}")
print(f"MSE (standardized target) with the best weights: train {loss['train']:.4f}, valid {loss['valid']:.4f}, test {loss['test']:.4f}")
print(f"test RMSE: {math.sqrt(loss['test']) * ys.scale_[0]:.2f} progression units")
