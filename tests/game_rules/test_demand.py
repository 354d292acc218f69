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
    profiles = electricity_profiles("Europe/Berlin")
    h0, g0 = profiles["H0"], profiles["G0"]
    assert set(profiles) >= {"H0", "G0", "G1", "G2", "G3", "G4", "G5", "G6"}
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


def test_household_profile_is_dynamised_january_over_july() -> None:
    """January/July energy of the dynamised BDEW H0 ≈ 1.46 (the static H0 gives 0.92).

    Reference: BDEW dynamisation polynomial F_t = -3.92e-10 t^4 + 3.2e-7 t^3 - 7.02e-5 t^2 +
    2.1e-3 t + 1.24 applied to H0 (VDEW 2000, "Anwendung der Repräsentativen VDEW-Lastprofile
    step-by-step", https://www.bdew.de/media/documents/2000131_Anwendung-repraesentativen_Lastprofile-Step-by-step.pdf).
    """
    from game_rules.weather import hourly_index

    profiles = electricity_profiles("Europe/Berlin")
    month = hourly_index("Europe/Berlin").month.to_numpy()
    ratio = profiles["H0"][month == 1].sum() / profiles["H0"][month == 7].sum()
    assert ratio == pytest.approx(1.46, abs=0.02)
    static = profiles["H0_static"][month == 1].sum() / profiles["H0_static"][month == 7].sum()
    assert static == pytest.approx(0.92, abs=0.02)


def test_profiles_are_on_clock_time_with_summer_time() -> None:
    """BDEW profiles are tabulated on legal clock time: H0 peaks in the winter evening (18-20 h)
    and at midday in summer (the 12:00-13:00 cooking peak), both read on clock time; on a
    standard-time axis the summer peak would fall at 11:00."""
    from game_rules.weather import hourly_index

    index = hourly_index("Europe/Berlin")
    assert str(index[0]) == "2023-01-01 00:00:00+01:00" and str(index[-1]) == "2023-12-31 23:00:00+01:00"
    assert index[2100].utcoffset().total_seconds() == 7200  # summer time (CEST) in late March
    h0 = electricity_profiles("Europe/Berlin")["H0"]
    hour = index.hour.to_numpy()
    month = index.month.to_numpy()
    for months, peaks in (((1, 2), (18, 19, 20)), ((6, 7), (12,))):
        mask = np.isin(month, months)
        peak = np.argmax(np.bincount(hour[mask], weights=h0[mask], minlength=24))
        assert peak in peaks, (months, peak)
    # The spring-forward day has 23 hours, the fall-back day 25.
    days = np.bincount(index.dayofyear.to_numpy())
    assert sorted(set(days[1:])) == [23, 24, 25]


def test_commercial_profiles_differ_by_use() -> None:
    """G1 (weekdays 8-18) has no weekend use; G6 (weekend use) peaks at weekends (BDEW G1/G6)."""
    from game_rules.weather import hourly_index

    profiles = electricity_profiles("Europe/Berlin")
    weekend = hourly_index("Europe/Berlin").dayofweek.to_numpy() >= 5
    share = {name: profiles[name][weekend].sum() for name in ("G0", "G1", "G6")}
    assert share["G1"] < 0.1 < share["G0"] < share["G6"]
