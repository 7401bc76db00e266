"""A wrong dask.address stops a run at once, with one line, before any notebook starts."""

import socket

import pytest

from helpers.cli import main
from helpers.engine import check_scheduler
from helpers.errors import InputError
from helpers.paths import CONFIG_DIR


def test_an_open_port_passes_and_a_closed_one_is_an_input_error():
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        check_scheduler(f"tcp://127.0.0.1:{port}")
    with pytest.raises(InputError, match=rf"dask.address tcp://127.0.0.1:{port}: no scheduler answers there"):
        check_scheduler(f"tcp://127.0.0.1:{port}", timeout=1)
    with pytest.raises(InputError, match="expected tcp://HOST:PORT"):
        check_scheduler("scheduler-without-port")


def test_the_run_stops_with_exit_2_before_any_notebook(tmp_path, capsys):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code = main(["run", "--config", str(CONFIG_DIR / "seed.yml"), "--set", "engine=dask",
                 "--set", f"dask.address=tcp://127.0.0.1:{port}", "--out", str(tmp_path / "out")])  # fmt: skip
    captured = capsys.readouterr()
    assert code == 2 and "running" not in captured.out and not (tmp_path / "out").exists()
    assert captured.err.startswith("error: dask.address") and captured.err.count("\n") == 1
