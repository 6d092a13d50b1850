"""Thread settings that hold up on a busy machine (issue 19): importing the library, which every
setup cell does before torch, sets OpenMP's passive wait and a small thread count; a user's own
settings win. Measured with another busy process on 2 cores: 16 images > 60 s with OpenMP's
default spin-wait, ~9 s with these settings."""
import os
import subprocess
import sys

PROBE = "import os, aigc_ethics; print(os.environ['OMP_WAIT_POLICY'], os.environ['OMP_NUM_THREADS'])"


def _probe(**env):
    base = {k: v for k, v in os.environ.items() if k not in ("OMP_WAIT_POLICY", "OMP_NUM_THREADS")}
    return subprocess.run([sys.executable, "-c", PROBE], env={**base, **env}, capture_output=True, text=True,
                          check=True).stdout.split()


def test_import_sets_passive_wait_and_at_most_two_threads():
    policy, threads = _probe()
    assert policy == "PASSIVE" and 1 <= int(threads) <= 2


def test_user_settings_win():
    assert _probe(OMP_WAIT_POLICY="ACTIVE", OMP_NUM_THREADS="4") == ["ACTIVE", "4"]


def test_the_package_import_does_not_load_torch_first():
    """The settings only count if torch is not imported before them."""
    out = subprocess.run([sys.executable, "-c", "import sys, aigc_ethics; print('torch' in sys.modules)"],
                         capture_output=True, text=True, check=True).stdout.strip()
    assert out == "False"
