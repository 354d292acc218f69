"""demandlib 0.2.2 with the pinned pandas: profiles work and the warning filter never leaks."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from game_rules.profiles import electricity_profiles


def test_pandas_is_on_the_pinned_minor_version() -> None:
    # demandlib 0.2.2 turns pandas 3.1's inplace deprecation into an exception (FIELD-NOTES).
    assert pd.__version__.startswith("3.0."), pd.__version__


def test_bdew_profiles_are_normalised_hourly_years() -> None:
    h0, g0 = electricity_profiles()
    assert h0.shape == g0.shape == (8760,)
    assert h0.sum() == pytest.approx(1.0) and g0.sum() == pytest.approx(1.0)
    # Households peak in the evening, commerce during working hours.
    assert np.argmax(h0.reshape(365, 24).mean(axis=0)) >= 17
    assert 8 <= np.argmax(g0.reshape(365, 24).mean(axis=0)) <= 16


def test_demandlib_warning_filter_does_not_leak() -> None:
    before = list(warnings.filters)
    electricity_profiles()
    assert warnings.filters == before
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warnings.warn("still only a warning", UserWarning, stacklevel=1)
    assert len(caught) == 1
