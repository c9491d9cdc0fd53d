"""PyTorch 1.13 counterpart of examples/ch14-regularization.cs (no augmentation), on the SAME split as ch13
(run examples/ch13-multiclass.cs first: it writes runs/ch13-multiclass-split.txt).
   /usr/bin/python3 examples/pytorch/ch14.py [--epochs 5 --patience 3 --dropout 0.3]"""
import torch
from torch import nn

from common import args, evaluate, fit, load_fashion, predict, read_split

a = args(epochs=5, patience=3, dropout=0.3)
x, y = load_fashion("train")
xt, yt = load_fashion("t10k")
split = read_split("runs/ch13-multiclass-split.txt")
tr, va = torch.tensor(split["train"]), torch.tensor(split["valid"])
widths = [784, 500, 400, 300, 200, 100]


def net(regularizer):
    blocks = [m for i, o in zip(widths, widths[1:]) for m in (nn.Linear(i, o), nn.LeakyReLU(), regularizer(o))]
    return nn.Sequential(nn.Flatten(), *blocks, nn.Linear(100, 10), nn.LogSoftmax(dim=-1))


for name, model in [("batch norm", net(nn.BatchNorm1d)), (f"dropout {a.dropout}", net(lambda _: nn.Dropout(a.dropout)))]:
    print(f"== {name}")
    nll = nn.NLLLoss()
    history, best = fit(model, nll, torch.optim.Adam(model.parameters(), lr=1e-3), x[tr], y[tr], x[va], y[va],
                        a.epochs, 256, a.patience, eval_batch=2000)
    pred = predict(model, xt).argmax(1)
    print(f"{name}: best epoch {best + 1} of {len(history)}, test loss {evaluate(model, nll, xt, yt, 2000):.4f}, "
          f"test accuracy {(pred == yt).float().mean().item():.4f}")
