"""PyTorch 1.13 counterpart of examples/ch13-multiclass.cs, on the SAME 48k/12k split (run the C# example first: it
writes runs/ch13-multiclass-split.txt).   /usr/bin/python3 examples/pytorch/ch13_multiclass.py [--epochs 10 --patience 3]"""
import torch
from sklearn.metrics import classification_report, confusion_matrix
from torch import nn

from common import args, evaluate, fit, load_fashion, predict, read_split

a = args(epochs=10, patience=3)
x, y = load_fashion("train")
xt, yt = load_fashion("t10k")
x, xt = x.reshape(-1, 784), xt.reshape(-1, 784)
split = read_split("runs/ch13-multiclass-split.txt")
tr, va = torch.tensor(split["train"]), torch.tensor(split["valid"])
print(f"Fashion-MNIST: train {len(tr)}, valid {len(va)}, test {len(xt)}")

widths = [784, 500, 400, 300, 200, 100, 50]
layers = [m for i, o in zip(widths, widths[1:]) for m in (nn.Linear(i, o), nn.LeakyReLU())]
model = nn.Sequential(*layers, nn.Linear(50, 10), nn.LogSoftmax(dim=-1))
nll = nn.NLLLoss()
history, best = fit(model, nll, torch.optim.Adam(model.parameters(), lr=1e-3), x[tr], y[tr], x[va], y[va],
                    a.epochs, 256, a.patience, eval_batch=2000)
pred = predict(model, xt).argmax(1)
print(f"best epoch {best + 1} of {len(history)}; test loss {evaluate(model, nll, xt, yt, 2000):.4f}, "
      f"test accuracy {(pred == yt).float().mean().item():.4f}")
print(confusion_matrix(yt, pred))
names = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
print(classification_report(yt, pred, target_names=names, digits=4))
