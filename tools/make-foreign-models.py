#!/usr/bin/python3
"""Writes the TorchScript and ONNX test models that stand for a user's own network.

Run with Debian's python3-torch (apt-get install python3-torch):
    /usr/bin/python3 tools/make-foreign-models.py src/test/resources/foreign
The network maps int64 token ids [B, L] (A, C, G, U = 0..3, pad 4, mask 5) to logits [B, L, 5],
the contract svdd expects from any masked-diffusion denoiser. expected.txt holds the logits torch
computes for a fixed input, which the Java loader test must reproduce.
"""
import os
import sys

import torch


class TinyDenoiser(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = torch.nn.Embedding(6, 8)
        self.conv = torch.nn.Conv1d(8, 8, kernel_size=3, padding=1)
        self.out = torch.nn.Linear(8, 5)

    def forward(self, tokens):
        h = self.embed(tokens).transpose(1, 2)
        h = torch.relu(self.conv(h)).transpose(1, 2)
        return self.out(h)


def main(out_dir):
    torch.manual_seed(7)
    net = TinyDenoiser().eval()
    example = torch.tensor([[0, 1, 2, 3, 5, 5, 2, 1, 0, 3, 5, 4, 4, 4, 4, 4],
                            [5] * 16], dtype=torch.int64)
    for fmt in ("torchscript", "onnx"):
        os.makedirs(os.path.join(out_dir, fmt), exist_ok=True)
    traced = torch.jit.trace(net, example)
    traced.save(os.path.join(out_dir, "torchscript", "net.pt"))
    torch.onnx.export(net, (example,), os.path.join(out_dir, "onnx", "net.onnx"),
                      input_names=["tokens"], output_names=["logits"],
                      dynamic_axes={"tokens": {0: "batch"}, "logits": {0: "batch"}}, opset_version=13)
    with torch.no_grad():
        logits = net(example)
    for fmt, name in (("torchscript", "net.pt"), ("onnx", "net.onnx")):
        with open(os.path.join(out_dir, fmt, "model.properties"), "w") as f:
            f.write(f"format={fmt}\nsymbols=ACGU\nlength=16\nfile={name}\n")
    with open(os.path.join(out_dir, "expected.txt"), "w") as f:
        for row in example.tolist():
            f.write(" ".join(str(t) for t in row) + "\n")
        for row in logits.reshape(2, -1).tolist():
            f.write(" ".join(f"{v:.6f}" for v in row) + "\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "src/test/resources/foreign")
