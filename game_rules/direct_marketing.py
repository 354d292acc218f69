"""Direct marketing of PV exports: where it exists, and what it adds to the feed-in price.

A direct-marketing card (WHY-04) sets ``tariff.direct_marketing_premium`` [EUR/kWh], what a
directly marketed kWh earns above the statutory feed-in tariff. It is paid only on the plants
that are marketed directly, those above the regime's size threshold
``tariff.direct_marketing_above_kw`` [kWp per site] (rules in force):

* Germany: the feed-in tariff (Einspeisevergütung) is for plants up to 100 kW (§ 21 Abs. 1 Nr. 1
  EEG 2023, ref:eeg-2023-21); larger plants must sell directly. The fixed tariff is the
  anzulegender Wert less 0.4 ct/kWh for solar (§ 53 EEG 2023, ref:eeg-2023-53); in direct
  marketing the market premium tops the market value up to the anzulegender Wert, and the
  direct marketer takes a fee: premium = 0.4 ct less that fee, assumption [0-0.4] ct/kWh.
* France: the purchase obligation at the S21 tariff covers roof plants up to 100 kWc since
  22 September 2025 (ref:kano-s21-t4-2025; up to 500 kWc before, ref:cre-s21-2025); above, plants
  sell on the market under a complément de rémunération won in a tender, so the premium stands
  for the difference to the tariff, the same assumption range.
* No threshold (other regimes): no direct marketing scheme is modelled, the card is inert.

The feed-in price the flows read is then, weighting by installed power as the pooled exports are
shared (the same weighting as the ACC excise cap, :func:`game_rules.charges.acc_excise`):

    tariff.feed_in' = tariff.feed_in + premium x kWp of sites above the threshold / all kWp

Pure functions; the layout of the sites is :func:`game_rules.buildings.site_kwp`'s.
"""

from __future__ import annotations

from cards.effects import Op, ParameterChange
from game_rules.buildings import site_kwp
from game_rules.districts import District
from game_rules.params import Params

PREMIUM = "tariff.direct_marketing_premium"
THRESHOLD = "tariff.direct_marketing_above_kw"


def marketed_share(district: District, params: Params) -> float:
    """Share of the installed PV power [fraction of kWp] on sites above the regime's direct-
    marketing threshold; 0 where the regime has none (threshold 0) or no PV is installed."""
    threshold = params[THRESHOLD]
    if threshold <= 0:
        return 0.0
    sites = site_kwp(district, params)
    total = sum(sites)
    return sum(kw for kw in sites if kw > threshold) / total if total > 0 else 0.0


def with_premium(district: District, params: Params) -> Params:
    """``params`` with the direct-marketing premium folded into ``tariff.feed_in`` for the share
    of the PV marketed directly (module docstring); unchanged when no card sets a premium or no
    site is large enough. Called once per parameter set (``outcome._with_cards``), after the
    cards and any sensitivity value: the premium stays as the card set it, for the tornado to read."""
    premium = params[PREMIUM]
    if premium <= 0:
        return params
    share = marketed_share(district, params)
    setter = params.origin.get(PREMIUM, ())
    cards = tuple(o for o in setter if "-" in o and not o.startswith("district:")) or ("direct_marketing",)
    if share <= 0:
        return params
    return params.apply([(cards[-1], ParameterChange(param="tariff.feed_in", op=Op.ADD, value=premium * share,
                                                     source="direct-marketing premium on the share of PV above the threshold"))])
