"""PyTorch 1.13 counterpart of examples/ch13-binary.cs, on the SAME split (run the C# example first: it writes
runs/ch13-binary-split.txt).   /usr/bin/python3 examples/pytorch/ch13_binary.py [--epochs 1000 --patience 50 --seed 0]"""
import numpy as np
import torch
from sklearn.metrics import roc_auc_score
from sklearn.preprocessing import StandardScaler
from torch import nn

from common import args, evaluate, fit, predict, read_split

a = args(epochs=1000, patience=50)
data = np.loadtxt("data/breast_cancer.csv", delimiter=",", skiprows=1)
x, y = data[:, :-1], data[:, -1:]
split = read_split("runs/ch13-binary-split.txt")
scaler = StandardScaler().fit(x[split["train"]])
parts = {k: (torch.tensor(scaler.transform(x[i]), dtype=torch.float32), torch.tensor(y[i], dtype=torch.float32))
         for k, i in split.items()}
print(f"breast cancer: train {len(split['train'])}, valid {len(split['valid'])}, test {len(split['test'])}")

model = nn.Sequential(nn.Linear(30, 25), nn.LeakyReLU(), nn.Linear(25, 20), nn.LeakyReLU(), nn.Linear(20, 15), nn.LeakyReLU(),
                      nn.Linear(15, 10), nn.LeakyReLU(), nn.Linear(10, 5), nn.LeakyReLU(), nn.Linear(5, 1), nn.Sigmoid())
bce = nn.BCELoss()
history, best = fit(model, bce, torch.optim.Adam(model.parameters(), lr=1e-3), *parts["train"], *parts["valid"],
                    a.epochs, 32, a.patience, log_every=max(1, a.epochs // 20))
xt, yt = parts["test"]
scores = predict(model, xt).numpy().ravel()
truth = yt.numpy().ravel()
print(f"best epoch {best + 1} of {len(history)}")
print(f"test loss {evaluate(model, bce, xt, yt, len(xt)):.4f}, accuracy {((scores > 0.5) == truth).mean():.4f}, "
      f"AUROC {roc_auc_score(truth, scores):.4f}")
