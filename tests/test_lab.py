"""`make lab`'s JupyterLab: starts on 127.0.0.1, answers with the token, refuses without it."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from conftest import ROOT


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_makefile_lab_target_uses_loopback_and_notebooks():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    lab = makefile[makefile.index("\nlab:") :].split("\n\n")[0]
    assert "--ip=127.0.0.1" in lab and "cd notebooks" in lab


def test_jupyterlab_requires_the_token(tmp_path):
    port, token = _free_port(), "analysis-test-token"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyterlab",
            "--ip=127.0.0.1",
            f"--port={port}",
            "--no-browser",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={ROOT / 'notebooks'}",
            "--ServerApp.allow_root=True",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**__import__("os").environ, "JUPYTER_RUNTIME_DIR": str(tmp_path)},
    )
    url = f"http://127.0.0.1:{port}/api/status"
    try:
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"{url}?token={token}", timeout=2) as r:
                    status = json.load(r)
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not answer within 60 s")
        assert "started" in status
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(url, timeout=5)
        assert refused.value.code == 403
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(f"{url}?token=wrong", timeout=5)
        kernels = urllib.request.urlopen(f"http://127.0.0.1:{port}/api/kernelspecs?token={token}")
        specs = json.load(kernels)["kernelspecs"]
        assert "python3" in specs
        assert specs["python3"]["spec"]["argv"][0].startswith(sys.prefix)
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def _status(port: int, token: str, proc: subprocess.Popen) -> dict:
    url = f"http://127.0.0.1:{port}/api/status?token={token}"
    for _ in range(120):
        if proc.poll() is not None:
            pytest.fail(f"make lab exited with {proc.returncode}: {proc.stderr.read()[-500:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                return json.load(r)
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.5)
    pytest.fail("JupyterLab did not answer within 60 s")


def test_make_lab_starts_as_this_user(tmp_path):
    """`make lab` itself, as whoever runs the tests (root in CI: it must pass --allow-root)."""
    if not shutil.which("make"):
        pytest.skip("make is not installed")
    port, token = _free_port(), "analysis-make-lab-token"
    env = {**os.environ, "JUPYTER_TOKEN": token, "JUPYTER_RUNTIME_DIR": str(tmp_path)}
    proc = subprocess.Popen(
        ["make", "--no-print-directory", "lab", f"LAB_PORT={port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        assert "started" in _status(port, token, proc)
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status", timeout=5)
        assert refused.value.code == 403
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    assert "Running as root is not recommended" not in err, err
