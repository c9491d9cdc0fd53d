#!/usr/bin/env python3
"""Generate recurrent reference cases with an initial state, in the format of ../golden/FORMAT.md.

Usage: /usr/bin/python3 generate.py OUT_DIR
Needs Debian's python3-torch (1.13). Reuses write_safetensors, Cases and module_case from ../golden/generate.py,
so the cases are made exactly as the main set's: every number comes from PyTorch; nothing is hand-written.

Each case calls the module as PyTorch users do, `rnn(x, h_0)` / `gru(x, h_0)` / `lstm(x, (h_0, c_0))`. The initial
state is stored as input/1 (and input/2 for LSTM), shaped (num_layers * directions, batch, hidden); since it
requires grad, its gradients are recorded as expected_grad/input/1 (and /2) beside expected_grad/input/0.
"""
import importlib.util, os, sys
import torch

here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("golden", os.path.join(here, "..", "golden", "generate.py"))
golden = importlib.util.module_from_spec(spec)
spec.loader.exec_module(golden)   # also sets float64 as the default dtype


class LSTM(torch.nn.LSTM):
    """nn.LSTM taking (h_0, c_0) as two arguments, since module_case passes inputs positionally. It is nn.LSTM in
    every other respect, so its state-dict names are PyTorch's own."""

    def forward(self, x, h0, c0):
        return super().forward(x, (h0, c0))


def build(spec):
    """../golden/generate.py's build, with LSTM taking its state as two inputs."""
    if spec["type"] == "LSTM":
        return LSTM(**{k: v for k, v in spec.items() if k not in ("type", "mode")})
    return plain_build(spec)


plain_build = golden.build
golden.build = build


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(13)
    c = golden.Cases(out)
    B, T, I, H = 3, 4, 3, 5
    for kind, nl in (("RNN", "tanh"), ("RNN", "relu"), ("GRU", None), ("LSTM", None)):
        for layers in (1, 2):
            for bi in (False, True):
                spec = {"type": kind, "input_size": I, "hidden_size": H, "num_layers": layers, "bidirectional": bi, "batch_first": True}
                if nl:
                    spec["nonlinearity"] = nl
                name = "%s%s_h0_l%d%s" % (kind.lower(), "_" + nl if nl else "", layers, "_bi" if bi else "")
                state = (layers * (2 if bi else 1), B, H)
                inputs = [torch.randn(B, T, I), torch.randn(*state)]
                if kind == "LSTM":
                    inputs.append(torch.randn(*state))
                golden.module_case(c, name, spec, inputs, mode="eval")
    c.save("initial-state")
    print("%d cases written to %s" % (len(c.items), out))


if __name__ == "__main__":
    main()
