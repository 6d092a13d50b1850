import numpy as np
import pytest

from aigc_ethics import check


def last(name):
    return check.passed(name)


def test_log_spectrum_check_passes_right_and_explains_wrong(capsys):
    check.check_log_spectrum(lambda g: np.log1p(np.abs(np.fft.fftshift(np.fft.fft2(g)))))
    assert last("check_log_spectrum") is True
    check.check_log_spectrum(lambda g: np.log1p(np.abs(np.fft.fft2(g))))
    assert last("check_log_spectrum") is False
    assert "zero frequency" in capsys.readouterr().out
    check.check_log_spectrum(lambda g: np.abs(np.fft.fftshift(np.fft.fft2(g))))
    assert last("check_log_spectrum") is False
    assert "logarithm" in capsys.readouterr().out


def test_stub_and_blank_answers_are_not_attempted(capsys):
    def stub(g):
        raise NotImplementedError("Exercise: ...")
    check.check_log_spectrum(stub)
    assert last("check_log_spectrum") is False
    assert "NotImplementedError" in capsys.readouterr().out
    check.check_brightest_channel(...)
    assert last("check_brightest_channel") is False


def test_crashing_student_code_is_reported_not_raised(capsys):
    check.check_log_spectrum(lambda g: 1 / 0)
    assert last("check_log_spectrum") is False
    assert "ZeroDivisionError" in capsys.readouterr().out


def test_brightest_channel():
    check.check_brightest_channel("red")
    assert last("check_brightest_channel") is True
    check.check_brightest_channel("blue")
    assert last("check_brightest_channel") is False
    check.check_brightest_channel(3)
    assert last("check_brightest_channel") is False


def test_discuss_needs_a_real_answer():
    check.discuss("spectrum-why", ...)
    assert last("discuss:spectrum-why") is False
    check.discuss("spectrum-why", "no idea")
    assert last("discuss:spectrum-why") is False
    check.discuss("spectrum-why", "Because the spectrum separates content from the regular traces "
                                  "that processing leaves, and those survive averaging.")
    assert last("discuss:spectrum-why") is True
    with pytest.raises(KeyError):
        check.discuss("no-such-question", "x")
