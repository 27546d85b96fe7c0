"""`make lab`'s JupyterLab: starts on 127.0.0.1, answers with the token, refuses without it."""

from __future__ import annotations

import json
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
