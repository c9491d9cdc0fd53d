"""PyTorch 1.13 peer of `functional train --model fc|cnn|rnn`: the book's ImageClassifier (or, with --model,
ConvolutionalClassifier / SequenceClassifier) on Fashion-MNIST.

Same model (Linear -> LeakyReLU -> BatchNorm1d blocks, sizes from get_hidden_sizes, Linear -> LogSoftmax), NLLLoss,
Adam lr 1e-3, batch 256, 20 epochs, 80/20 random split of the 60k training images, best-validation-loss weights kept,
then test accuracy of those weights. Prints the book's epoch lines and one `epoch_seconds` line per epoch.

Run:  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 tests/Functional.Benchmarks/peer/fc_train.py [--n-epochs 20] [--data-dir DIR]
"""
import argparse, copy, gzip, os, struct, time

import numpy as np
import torch
import torch.nn as nn


def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    rank = data[3]
    dims = struct.unpack(">" + "I" * rank, data[4:4 + 4 * rank])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * rank).reshape(dims)


def load(dir, split):
    find = lambda n: os.path.join(dir, n + ".gz") if os.path.exists(os.path.join(dir, n + ".gz")) else os.path.join(dir, n)
    x = torch.from_numpy(read_idx(find(split + "-images-idx3-ubyte")).astype(np.float32) / 255.0).view(-1, 784)
    y = torch.from_numpy(read_idx(find(split + "-labels-idx1-ubyte")).astype(np.int64))
    return x, y


def get_hidden_sizes(input_size, output_size, n_layers):
    step = int((input_size - output_size) / n_layers)
    sizes, current = [], input_size
    for _ in range(n_layers - 1):
        sizes.append(current - step)
        current = sizes[-1]
    return sizes


class Block(nn.Module):
    def __init__(self, input_size, output_size):
        super().__init__()
        self.block = nn.Sequential(nn.Linear(input_size, output_size), nn.LeakyReLU(), nn.BatchNorm1d(output_size))

    def forward(self, x):
        return self.block(x)


class ImageClassifier(nn.Module):
    def __init__(self, input_size, output_size, hidden_sizes):
        super().__init__()
        blocks, last = [], input_size
        for h in hidden_sizes:
            blocks.append(Block(last, h))
            last = h
        self.layers = nn.Sequential(*blocks, nn.Linear(last, output_size), nn.LogSoftmax(dim=-1))

    def forward(self, x):
        return self.layers(x)


def conv_block(i, o):
    return nn.Sequential(nn.Conv2d(i, o, (3, 3), padding=1), nn.ReLU(), nn.BatchNorm2d(o),
                         nn.Conv2d(o, o, (3, 3), stride=2, padding=1), nn.ReLU(), nn.BatchNorm2d(o))


class ConvolutionalClassifier(nn.Module):
    def __init__(self, output_size):
        super().__init__()
        self.blocks = nn.Sequential(*[conv_block(a, b) for a, b in [(1, 32), (32, 64), (64, 128), (128, 256), (256, 512)]])
        self.layers = nn.Sequential(nn.Linear(512, 50), nn.ReLU(), nn.BatchNorm1d(50), nn.Linear(50, output_size), nn.LogSoftmax(dim=-1))

    def forward(self, x):
        return self.layers(self.blocks(x.view(-1, 1, 28, 28)).flatten(1))


class SequenceClassifier(nn.Module):
    def __init__(self, hidden_size, output_size, n_layers, dropout_p):
        super().__init__()
        self.rnn = nn.LSTM(28, hidden_size, num_layers=n_layers, batch_first=True, dropout=dropout_p, bidirectional=True)
        self.layers = nn.Sequential(nn.ReLU(), nn.BatchNorm1d(hidden_size * 2), nn.Linear(hidden_size * 2, output_size), nn.LogSoftmax(dim=-1))

    def forward(self, x):
        z, _ = self.rnn(x.view(-1, 28, 28))
        return self.layers(z[:, -1])


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data-dir", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--n-epochs", type=int, default=20)
    p.add_argument("--batch-size", type=int, default=256)
    p.add_argument("--n-layers", type=int, default=5)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--model", choices=["fc", "cnn", "rnn"], default="fc")
    p.add_argument("--limit", type=int, default=0)
    p.add_argument("--hidden-size", type=int, default=128)
    p.add_argument("--dropout-p", type=float, default=0.3)
    c = p.parse_args()
    torch.set_num_threads(c.threads)
    torch.manual_seed(c.seed)

    x, y = load(c.data_dir, "train")
    if c.limit > 0:
        x, y = x[:c.limit], y[:c.limit]
    idx = torch.randperm(x.size(0))
    n_train = int(x.size(0) * 0.8)
    x_train, x_valid = torch.index_select(x, 0, idx).split([n_train, x.size(0) - n_train])
    y_train, y_valid = torch.index_select(y, 0, idx).split([n_train, x.size(0) - n_train])
    print("Train:", list(x_train.shape), list(y_train.shape))
    print("Valid:", list(x_valid.shape), list(y_valid.shape))

    model = (ImageClassifier(784, 10, get_hidden_sizes(784, 10, c.n_layers)) if c.model == "fc"
             else ConvolutionalClassifier(10) if c.model == "cnn" else SequenceClassifier(c.hidden_size, 10, c.n_layers, c.dropout_p))
    optimizer = torch.optim.Adam(model.parameters())
    crit = nn.NLLLoss()
    lowest, best = np.inf, None
    for epoch in range(c.n_epochs):
        start = time.perf_counter()
        model.train()
        perm = torch.randperm(x_train.size(0))
        xs, ys = x_train[perm].split(c.batch_size), y_train[perm].split(c.batch_size)
        total = 0.0
        for xb, yb in zip(xs, ys):
            loss = crit(model(xb), yb)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += float(loss)
        train_loss = total / len(xs)
        model.eval()
        with torch.no_grad():
            vs = [float(crit(model(xb), yb)) for xb, yb in zip(x_valid.split(c.batch_size), y_valid.split(c.batch_size))]
        valid_loss = sum(vs) / len(vs)
        elapsed = time.perf_counter() - start
        if valid_loss <= lowest:
            lowest, best = valid_loss, copy.deepcopy(model.state_dict())
        print("Epoch(%d/%d): train_loss=%.4e  valid_loss=%.4e  lowest_loss=%.4e" % (epoch + 1, c.n_epochs, train_loss, valid_loss, lowest))
        print("epoch_seconds %.3f" % elapsed)
    model.load_state_dict(best)
    model.eval()
    x_test, y_test = load(c.data_dir, "t10k")
    with torch.no_grad():
        acc = (model(x_test).argmax(dim=-1) == y_test).float().mean().item()
    print("Accuracy: %.4f" % acc)


if __name__ == "__main__":
    main()
