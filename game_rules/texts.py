"""Every sentence the assessment shows to people, in en, fr and de, keyed by a stable code.

Reasons, warnings and risk texts carry a code (for clients and tests) and a :class:`Text` made
from these templates; placeholders are filled with ``str.format``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from pydantic import BaseModel, ConfigDict

LANGS = ("en", "fr", "de")


class Text(BaseModel):
    """One sentence in every language."""

    model_config = ConfigDict(frozen=True)

    en: str
    fr: str
    de: str

    def get(self, lang: str) -> str:
        if lang not in ("en", "fr", "de"):
            raise ValueError(f"expected a language in ('en', 'fr', 'de'), got {lang!r}")
        value: str = getattr(self, lang)
        return value


CATALOGUE: dict[str, tuple[str, str, str]] = {
    # KPI labels
    "kpi.pv_yield": ("PV specific yield", "Productible PV spécifique", "Spezifischer PV-Ertrag"),
    "kpi.pv_generation": ("Local PV generation", "Production PV locale", "Lokale PV-Erzeugung"),
    "kpi.electricity_demand": ("Electricity demand", "Demande d'électricité", "Strombedarf"),
    "kpi.heat_demand": ("Heat demand", "Demande de chaleur", "Wärmebedarf"),
    "kpi.self_sufficiency": ("Self-sufficiency", "Taux d'autoproduction", "Autarkiegrad"),
    "kpi.self_consumption": ("Self-consumption", "Taux d'autoconsommation", "Eigenverbrauchsquote"),
    "kpi.renewable_share": ("Local renewable share", "Part renouvelable locale", "Lokaler Erneuerbaren-Anteil"),
    "kpi.pe_balance": ("Annual primary-energy balance", "Bilan annuel en énergie primaire", "Jährliche Primärenergiebilanz"),
    "kpi.co2": ("CO₂ emissions", "Émissions de CO₂", "CO₂-Emissionen"),
    "kpi.co2_reduction": ("CO₂ reduction vs. today", "Réduction de CO₂ par rapport à aujourd'hui", "CO₂-Minderung gegenüber heute"),
    "kpi.peak_import": ("Peak grid import", "Pointe de soutirage", "Spitzenbezug aus dem Netz"),
    "kpi.peak_export": ("Peak grid export", "Pointe d'injection", "Spitzeneinspeisung ins Netz"),
    "kpi.energy_cost": ("Energy costs of the district", "Coûts énergétiques du quartier", "Energiekosten des Quartiers"),
    "kpi.capex": ("Investment", "Investissement", "Investition"),
    "kpi.financing_gap": ("Financing gap", "Besoin de financement non couvert", "Finanzierungslücke"),
    "kpi.governance_fit": ("Governance fit", "Adéquation de la gouvernance", "Passung der Governance"),
    "kpi.worst_stakeholder": ("Lowest stakeholder net value", "Valeur nette la plus faible", "Niedrigster Nettowert eines Akteurs"),
    "kpi.risk_score": ("Highest risk score", "Risque le plus élevé", "Höchster Risikowert"),
    # Engine value flows
    "flow.bills_avoided": ("Energy bills avoided by occupants", "Factures d'énergie évitées par les occupants", "Vermiedene Energiekosten der Bewohner"),
    "flow.feed_in": ("Feed-in revenue for exported PV", "Vente du surplus PV injecté", "Einspeisevergütung für Überschuss"),
    "flow.capital_service": ("Repayment and interest: {kind}", "Remboursement et intérêts : {kind}", "Tilgung und Zinsen: {kind}"),
    "flow.grant": ("Grant towards the investment", "Subvention de l'investissement", "Zuschuss zur Investition"),
    "flow.opex": ("Running costs of platforms and management", "Coûts de fonctionnement des plateformes et de la gestion", "Betriebskosten für Plattform und Management"),
    "flow.flexibility": ("Flexibility sold to the grid", "Flexibilité vendue au réseau", "An das Netz verkaufte Flexibilität"),
    "flow.flexibility_share": ("Flexibility revenue passed on to the asset owner", "Revenus de flexibilité reversés au propriétaire des équipements", "An den Anlageneigentümer weitergegebene Flexibilitätserlöse"),
    "flow.grid_fees_passed_on": ("Grid fees no longer passed on for kWh not sold", "Frais de réseau (TURPE) non reversés pour les kWh non vendus", "Nicht mehr weitergereichte Netzentgelte für nicht verkaufte kWh"),
    # Stakeholders' own running costs and the net-value sum
    "cost.opex": ("Running costs of platforms, staff and management", "Coûts de fonctionnement des plateformes, du personnel et de la gestion", "Betriebskosten für Plattform, Personal und Management"),
    "cost.aggregator": ("Running costs of the aggregator platform", "Coûts de fonctionnement de la plateforme d'agrégation", "Betriebskosten der Aggregator-Plattform"),
    "cost.asset_om": ("Operation and maintenance of the assets", "Exploitation et maintenance des équipements", "Betrieb und Wartung der Anlagen"),
    "cost.procurement_avoided": ("Energy purchases avoided (wholesale)", "Achats d'énergie évités (marché de gros)", "Vermiedener Energieeinkauf (Großhandel)"),
    "cost.taxes_passed_on": ("Taxes, levies and VAT no longer passed on", "Taxes, contributions et TVA non reversées", "Nicht mehr abgeführte Steuern, Umlagen und Umsatzsteuer"),
    "cost.gas_pass_through": ("Gas network charges, taxes and VAT no longer passed on", "Acheminement, taxes et TVA du gaz non reversés", "Nicht mehr weitergereichte Gasnetzentgelte, Steuern und Umsatzsteuer"),
    "cost.gas_procurement_avoided": ("Gas purchases avoided (wholesale)", "Achats de gaz évités (marché de gros)", "Vermiedener Gaseinkauf (Großhandel)"),
    "cost.heat_cost_avoided": ("District-heat generation and network costs avoided", "Coûts de production et de réseau de chaleur évités", "Vermiedene Erzeugungs- und Netzkosten der Fernwärme"),
    "net.explained": ("Money in {inflow} − money out {outflow} = {net} per year.", "Recettes {inflow} − dépenses {outflow} = {net} par an.", "Einnahmen {inflow} − Ausgaben {outflow} = {net} pro Jahr."),
    "net.explained_costs": ("Money in {inflow} − money out {outflow} − own costs {costs} ({items}) = {net} per year.", "Recettes {inflow} − dépenses {outflow} − coûts propres {costs} ({items}) = {net} par an.", "Einnahmen {inflow} − Ausgaben {outflow} − eigene Kosten {costs} ({items}) = {net} pro Jahr."),
    "flow.energy_local": ("Local electricity delivered", "Électricité locale livrée", "Gelieferter lokaler Strom"),
    # Governance reasons
    "gov.none": ("No governance card: nobody coordinates, owns or carries the risk.", "Aucune carte de gouvernance : personne ne coordonne, ne possède ni ne porte le risque.", "Keine Governance-Karte: niemand koordiniert, besitzt oder trägt das Risiko."),
    "gov.several": ("Several governance cards ({cards}): the first one decides; agree on one.", "Plusieurs cartes de gouvernance ({cards}) : la première décide ; mettez-vous d'accord sur une seule.", "Mehrere Governance-Karten ({cards}): die erste gilt; einigt euch auf eine."),
    "gov.regime_ok": ("The governance model is available under {regime} law.", "Le modèle de gouvernance est possible en droit {regime}.", "Das Governance-Modell ist nach {regime} Recht möglich."),
    "gov.regime_broken": ("The governance model needs {needs} law, but the district is under {regime} law.", "Le modèle de gouvernance suppose le droit {needs}, mais le quartier relève du droit {regime}.", "Das Governance-Modell ist nur nach {needs} Recht möglich, das Quartier unterliegt aber {regime} Recht."),
    "gov.owner_major": ("{owner} [owner:owns|own] the assets and [owner:holds|hold] {share} of the floor area.", "{owner} [owner:possède|possèdent] les équipements et [owner:détient|détiennent] {share} de la surface.", "{owner} [owner:besitzt|besitzen] die Anlagen und [owner:hält|halten] {share} der Fläche."),
    "gov.owner_minor": ("{owner} [owner:owns|own] the assets but [owner:holds|hold] only {share} of the floor area; the other owners must sign up.", "{owner} [owner:possède|possèdent] les équipements mais ne [owner:détient|détiennent] que {share} de la surface ; les autres propriétaires doivent adhérer.", "{owner} [owner:besitzt|besitzen] die Anlagen, [owner:hält|halten] aber nur {share} der Fläche; die anderen Eigentümer müssen mitmachen."),
    "gov.too_many_owners": ("{count} owners must agree, the model binds at most {limit}.", "{count} propriétaires doivent s'accorder, le modèle en lie au plus {limit}.", "{count} Eigentümer müssen zustimmen, das Modell bindet höchstens {limit}."),
    "gov.orchestrator_ok": ("An urban orchestrator exists to coordinate.", "Un orchestrateur urbain existe pour coordonner.", "Ein urbaner Orchestrator ist zur Koordination vorhanden."),
    "gov.orchestrator_missing": ("The model relies on an urban orchestrator the district does not have yet.", "Le modèle s'appuie sur un orchestrateur urbain que le quartier n'a pas encore.", "Das Modell setzt einen urbanen Orchestrator voraus, den das Quartier noch nicht hat."),
    "gov.risk_bearer_weak": ("{bearer} [bearer:carries|carry] the risk but [bearer:loses|lose] {net} per year in this model.", "{bearer} [bearer:porte|portent] le risque mais [bearer:perd|perdent] {net} par an dans ce modèle.", "{bearer} [bearer:trägt|tragen] das Risiko, [bearer:verliert|verlieren] in diesem Modell aber {net} pro Jahr."),
    "gov.risk_bearer_ok": ("{bearer} [bearer:carries|carry] the risk and [bearer:gains|gain] {net} per year.", "{bearer} [bearer:porte|portent] le risque et [bearer:gagne|gagnent] {net} par an.", "{bearer} [bearer:trägt|tragen] das Risiko und [bearer:gewinnt|gewinnen] {net} pro Jahr."),
    # Warnings
    "warn.no_measures": ("No energy measure on the table: the district stays as it is today.", "Aucune mesure énergétique sur la table : le quartier reste tel qu'aujourd'hui.", "Keine Energiemaßnahme auf dem Tisch: das Quartier bleibt, wie es ist."),
    "warn.no_financing": ("Measures cost {capex} but no financing card pays for them.", "Les mesures coûtent {capex} mais aucune carte de financement ne les paie.", "Die Maßnahmen kosten {capex}, aber keine Finanzierungskarte bezahlt sie."),
    "warn.requires": ("{card} needs {need} on the table.", "{card} nécessite {need} sur la table.", "{card} braucht {need} auf dem Tisch."),
    "warn.requires_tag": ("{card} needs a card for {need} on the table.", "{card} nécessite une carte pour {need} sur la table.", "{card} braucht eine Karte für {need} auf dem Tisch."),
    "warn.conflict": ("{card} conflicts with {other}.", "{card} est incompatible avec {other}.", "{card} widerspricht {other}."),
    "warn.no_who": ("No customer card: say who the model serves.", "Aucune carte client : dites à qui s'adresse le modèle.", "Keine Kundenkarte: sagt, wem das Modell dient."),
    "warn.no_why": ("No revenue card: say why the model lasts.", "Aucune carte de revenu : dites pourquoi le modèle dure.", "Keine Erlöskarte: sagt, warum das Modell trägt."),
    "warn.scenario_in_force": ("{card} is already the rule in force on {as_of} (since {since}): in this part it describes today.", "{card} est déjà la règle en vigueur au {as_of} (depuis le {since}) : sur ce point, il décrit la situation actuelle.", "{card} ist am {as_of} bereits geltendes Recht (seit {since}): in diesem Punkt beschreibt es den heutigen Stand."),
    "warn.scenario_regime": ("{card} encodes {needs} law; under {regime} law it changes nothing here.", "{card} traduit le droit {needs} ; en droit {regime}, il ne change rien ici.", "{card} folgt {needs} Recht; nach {regime} Recht ändert es hier nichts."),
    # Risks
    "risk.net_negative": ("{who} [who:loses|lose] {net} per year{scenario}.", "{who} [who:perd|perdent] {net} par an{scenario}.", "{who} [who:verliert|verlieren] {net} pro Jahr{scenario}."),
    "risk.split_incentives": ("{owner} [owner:pays|pay] for the measures while {occupant} [occupant:keeps|keep] the savings.", "{owner} [owner:paie|paient] les mesures tandis que {occupant} [occupant:garde|gardent] les économies.", "{owner} [owner:bezahlt|bezahlen] die Maßnahmen, {occupant} [occupant:behält|behalten] die Einsparungen."),
    "risk.financing_gap": ("{gap} of the {capex} investment has no source of capital.", "Sur un investissement de {capex}, {gap} n'ont pas de source de financement.", "Für {gap} der Investition von {capex} gibt es keine Kapitalquelle."),
    "risk.perimeter": ("Collective self-consumption spans {km} km, the limit is {limit} km.", "L'autoconsommation collective s'étend sur {km} km, la limite est de {limit} km.", "Die kollektive Eigenversorgung umfasst {km} km, erlaubt sind {limit} km."),
    "risk.power_cap": ("{kw} kW of PV exceed the {limit} kW cap of collective self-consumption.", "{kw} kW de PV dépassent le plafond de {limit} kW de l'autoconsommation collective.", "{kw} kW PV überschreiten die Grenze von {limit} kW der kollektiven Eigenversorgung."),
    "risk.mieterstrom_cap": ("The local price is {ratio} of the default tariff; Mieterstrom allows at most {cap}.", "Le prix local atteint {ratio} du tarif de référence ; le Mieterstrom autorise au plus {cap}.", "Der lokale Preis liegt bei {ratio} des Grundversorgungstarifs; Mieterstrom erlaubt höchstens {cap}."),
    "risk.regime": ("{card} only works under {needs} law; the district is under {regime} law.", "{card} ne fonctionne qu'en droit {needs} ; le quartier relève du droit {regime}.", "{card} funktioniert nur nach {needs} Recht; das Quartier unterliegt {regime} Recht."),
    "risk.sharing_not_allowed": ("{card} trades energy over the public grid, which the rules do not allow yet.", "{card} échange de l'énergie via le réseau public, ce que la réglementation n'autorise pas encore.", "{card} handelt Energie über das öffentliche Netz, was die Regeln noch nicht erlauben."),
    "reg.not_in_force": ("{card} relies on {legal}, which applies from {since}; on {as_of} it is not in force.", "{card} repose sur {legal}, applicable à partir du {since} ; au {as_of}, ce texte n'est pas en vigueur.", "{card} beruht auf {legal}, anwendbar ab {since}; am {as_of} gilt die Regel nicht."),
    "risk.ped_lost": ("The positive primary-energy balance is lost{scenario} ({balance}).", "Le bilan positif en énergie primaire est perdu{scenario} ({balance}).", "Die positive Primärenergiebilanz geht verloren{scenario} ({balance})."),
    "risk.ped_missed": ("The district does not reach a positive primary-energy balance ({balance}).", "Le quartier n'atteint pas un bilan positif en énergie primaire ({balance}).", "Das Quartier erreicht keine positive Primärenergiebilanz ({balance})."),
    "risk.grid_export": ("Peak export {kw} kW exceeds the grid capacity of {limit} kW.", "La pointe d'injection de {kw} kW dépasse la capacité du réseau de {limit} kW.", "Die Spitzeneinspeisung von {kw} kW übersteigt die Netzkapazität von {limit} kW."),
    "risk.npv_negative": ("{who} [who:does|do] not recover [who:its|their] investment within {years} years{scenario}.", "{who} ne [who:rentabilise|rentabilisent] pas [who:son|leur] investissement en {years} ans{scenario}.", "{who} [who:bekommt|bekommen]{scenario} die Investition nicht innerhalb von {years} Jahren zurück."),
    "risk.card": ("{card} [card:raises|raise] this risk.", "{card} [card:accroît|accroissent] ce risque.", "{card} [card:erhöht|erhöhen] dieses Risiko."),
    "risk.data_privacy": ("Consumption data is shared without a data governance card.", "Des données de consommation sont partagées sans carte de gouvernance des données.", "Verbrauchsdaten werden ohne Karte zur Datengovernance geteilt."),
    "risk.loss": ("{who} [who:loses|lose] {net} per year{scenario}: {share} of {stake}.", "{who} [who:perd|perdent] {net} par an{scenario} : {share} {stake}.", "{who} [who:verliert|verlieren] {net} pro Jahr{scenario}: {share} {stake}."),
    "risk.loss_refunded": ("{who} [who:loses|lose] {net} per year{scenario} besides the {refunded} of feed-in [who:it is|they are] refunded outside the district: {share} of {stake}.", "{who} [who:perd|perdent] {net} par an{scenario} en plus des {refunded} de rachat remboursés hors du quartier : {share} {stake}.", "{who} [who:verliert|verlieren]{scenario} {net} pro Jahr über die {refunded} Einspeisevergütung hinaus, die außerhalb des Quartiers erstattet werden: {share} {stake}."),
    "risk.split_incentives_at_stake": ("{owner} [owner:pays|pay] for the measures while {occupant} [occupant:keeps|keep] the savings: {owner} [owner:loses|lose] {net} per year{scenario}, {share} of {stake}.", "{owner} [owner:paie|paient] les mesures tandis que {occupant} [occupant:garde|gardent] les économies : {owner} [owner:perd|perdent] {net} par an{scenario}, soit {share} {stake}.", "{owner} [owner:bezahlt|bezahlen] die Maßnahmen, {occupant} [occupant:behält|behalten] die Einsparungen: {owner} [owner:verliert|verlieren] {net} pro Jahr{scenario}, {share} {stake}."),
    "risk.idle_battery": ("The battery runs about {cycles} full cycles a year{scenario}, built for about {design}: {idle} per year of its investment lies idle.", "La batterie effectue environ {cycles} cycles complets par an{scenario}, pour environ {design} prévus : {idle} par an de son investissement restent inutilisés.", "Die Batterie kommt{scenario} auf etwa {cycles} Vollzyklen im Jahr, ausgelegt ist sie für etwa {design}: {idle} pro Jahr ihrer Investition liegen brach."),
    "stake.battery": ("the battery's investment annuity", "de l'annuité d'investissement de la batterie", "der Investitionsannuität der Batterie"),
    "stake.sales": ("the energy sales in the district", "des ventes d'énergie dans le quartier", "des Energieabsatzes im Quartier"),
    "stake.grid_fees": ("the grid fees in the district", "des recettes d'acheminement dans le quartier", "der Netzentgelte im Quartier"),
    "stake.bill": ("the energy bill", "de la facture d'énergie", "der Energierechnung"),
    "stake.investment": ("the investment annuity", "de l'annuité d'investissement", "der Investitionsannuität"),
    "stake.capex": ("the investment", "de l'investissement", "der Investition"),
    "stake.pe_deficit": ("today's primary-energy deficit", "du déficit actuel en énergie primaire", "des heutigen Primärenergiedefizits"),
    "stake.grid_capacity": ("the grid capacity", "de la capacité du réseau", "der Netzkapazität"),
    "stake.turnover": ("the money it moves in the model each year", "des flux annuels du modèle qui le concernent", "der jährlichen Geldflüsse im Modell"),
    "stake.investment_total": ("the investment", "de l'investissement", "der Investition"),
    "param.tariff.electricity": ("Retail electricity price", "Prix de détail de l'électricité", "Haushaltsstrompreis"),
    "param.tariff.feed_in": ("Feed-in price for surplus PV", "Tarif de rachat du surplus PV", "Vergütung für eingespeisten PV-Überschuss"),
    "param.tariff.gas": ("Gas price", "Prix du gaz", "Gaspreis"),
    "param.tariff.heat": ("District-heat price", "Prix de la chaleur urbaine", "Fernwärmepreis"),
    "param.capex.factor": ("Investment cost level (all measures)", "Niveau des coûts d'investissement (toutes mesures)", "Investitionskostenniveau (alle Maßnahmen)"),
    "param.finance.discount_rate": ("Discount rate", "Taux d'actualisation", "Diskontierungszins"),
    "param.pv.yield_factor": ("PV yield (actual / expected)", "Productible PV (réel / attendu)", "PV-Ertrag (tatsächlich / erwartet)"),
    "param.participation.share": ("Share of households taking part", "Part des ménages participants", "Anteil teilnehmender Haushalte"),
    "param.battery.c_rate": ("Battery power per kWh", "Puissance de batterie par kWh", "Batterieleistung je kWh"),
    "param.battery.efficiency": ("Battery round-trip efficiency", "Rendement aller-retour de la batterie", "Batterie-Wirkungsgrad (Ein- und Ausspeichern)"),
    "param.ev.v2g_kwh_per_car": ("Battery capacity a V2G car offers", "Capacité offerte par un véhicule V2G", "Speicher, den ein V2G-Auto anbietet"),
    "param.flex.owner_share": ("Share of flexibility revenue passed to the asset owner", "Part des revenus de flexibilité reversée au propriétaire", "Anteil der Flexibilitätserlöse für den Anlageneigentümer"),
    "param.tariff.flex_eur_per_kwh": ("Value of a shifted or stored kWh", "Valeur d'un kWh déplacé ou stocké", "Wert einer verschobenen oder gespeicherten kWh"),
    "param.cost.pv_eur_per_kwp": ("Rooftop PV investment per kWp", "Investissement PV en toiture par kWc", "Investition Dach-PV je kWp"),
    "param.cost.bipv_eur_per_kwp": ("Façade PV investment per kWp", "Investissement PV en façade par kWc", "Investition Fassaden-PV je kWp"),
    "param.cost.battery_eur_per_kwh": ("Battery investment per kWh", "Investissement batterie par kWh", "Investition Batterie je kWh"),
    "param.cost.thermal_storage_eur_per_kwh": ("Heat storage investment per kWh", "Investissement stockage de chaleur par kWh", "Investition Wärmespeicher je kWh"),
    "param.cost.solar_thermal_eur_per_m2": ("Solar-thermal investment per m²", "Investissement solaire thermique par m²", "Investition Solarthermie je m²"),
    "param.cost.retrofit_eur_per_m2": ("Retrofit investment per m²", "Investissement rénovation par m²", "Investition Sanierung je m²"),
    "param.cost.heat_pump_air_eur_per_mwh": ("Air heat-pump investment per MWh/yr of heat", "Investissement PAC air par MWh/an de chaleur", "Investition Luft-Wärmepumpe je MWh/Jahr Wärme"),
    "param.cost.heat_pump_ground_eur_per_mwh": ("Ground heat-pump investment per MWh/yr of heat", "Investissement PAC géothermique par MWh/an de chaleur", "Investition Erdwärmepumpe je MWh/Jahr Wärme"),
    "param.cost.dh_connection_eur_per_mwh": ("District-heat connection per MWh/yr of heat", "Raccordement au réseau de chaleur par MWh/an", "Fernwärmeanschluss je MWh/Jahr Wärme"),
    "param.cost.smart_meter_eur": ("Smart meter per dwelling", "Compteur communicant par logement", "Smart Meter je Wohnung"),
    "param.cost.charger_eur": ("Charge point per EV", "Borne de recharge par VE", "Ladepunkt je E-Auto"),
    "param.cost.shared_car_eur": ("Shared electric car", "Voiture électrique partagée", "E-Carsharing-Fahrzeug"),
    "param.pv.kwp_per_m2": ("PV density on usable roof area", "Densité PV sur la toiture utilisable", "PV-Leistung je m² nutzbarer Dachfläche"),
    "param.ev.share": ("Share of cars that are electric", "Part de voitures électriques", "Anteil E-Autos"),
    "scenario.under": (" in the “{name}” scenario", " dans le scénario « {name} »", " im Szenario „{name}“"),
    # Replication
    "rep.kpi_change": ("{kpi}: {before} → {after}", "{kpi} : {before} → {after}", "{kpi}: {before} → {after}"),
    "rep.breaks": ("Breaks in {district}: {what}", "Ne fonctionne plus à {district} : {what}", "Bricht in {district}: {what}"),
    "rep.new_warning": ("New warning in {district}: {what}", "Nouvel avertissement à {district} : {what}", "Neue Warnung in {district}: {what}"),
    "rep.fit_change": ("Governance fit {before} → {after}", "Adéquation de la gouvernance {before} → {after}", "Passung der Governance {before} → {after}"),
    # Comparison
    "cmp.rank": ("{name} ranks {rank} of {count} (TOPSIS closeness {score}).", "{name} est classé {rank} sur {count} (proximité TOPSIS {score}).", "{name} liegt auf Platz {rank} von {count} (TOPSIS-Nähe {score})."),
    "cmp.best_on": ("Best on {criteria}.", "Meilleur sur : {criteria}.", "Am besten bei: {criteria}."),
    "cmp.worst_on": ("Weakest on {criteria}.", "Plus faible sur : {criteria}.", "Am schwächsten bei: {criteria}."),
}


@dataclass(frozen=True)
class Noun:
    """A noun phrase in every language, with its grammatical number per language (en, fr, de),
    so templates can make verbs agree: ``[key:singular form|plural form]``."""

    forms: tuple[str, str, str]
    plural: tuple[bool, bool, bool] = (False, False, False)


_AGREE = re.compile(r"\[(\w+):([^|\]]*)\|([^\]]*)\]")


def _render(template: str, index: int, values: dict[str, object]) -> str:
    """Fill one language's template: agreement markers first, then placeholders; a sentence
    that opens with a noun phrase (stored in lower case, with its article) gets a capital."""
    def agree(match: re.Match[str]) -> str:
        value = values.get(match.group(1))
        plural = value.plural[index] if isinstance(value, Noun) else False
        return match.group(3) if plural else match.group(2)

    filled = {key: value.forms[index] if isinstance(value, Noun) else
              value.get(LANGS[index]) if isinstance(value, Text) else value for key, value in values.items()}
    out = _AGREE.sub(agree, template).format(**filled)
    opening = re.match(r"\{(\w+)\}", template)
    if opening and isinstance(values.get(opening.group(1)), Noun):
        return out[:1].upper() + out[1:]
    return out


def text(code: str, **values: object) -> Text:
    """The catalogue sentence ``code`` with ``values`` filled in, in every language.

    A :class:`Text` value is filled language by language; a :class:`Noun` also makes the
    template's ``[name:singular|plural]`` markers agree with it.
    """
    try:
        templates = CATALOGUE[code]
    except KeyError:
        raise KeyError(f"no text with code {code!r} in the catalogue") from None
    en, fr, de = (_render(template, index, values) for index, template in enumerate(templates))
    return Text(en=en, fr=fr, de=de)


def join(parts: list[Text], sep: str = "; ") -> Text:
    """Join several texts language by language."""
    return Text(en=sep.join(p.en for p in parts), fr=sep.join(p.fr for p in parts), de=sep.join(p.de for p in parts))


def money(value: float) -> str:
    """Euros for people, in English: ``€1.2 M``, ``€35 k`` or ``€800`` (sign kept)."""
    return money_text(value).en


def _number(value: float, digits: int, lang: str) -> str:
    raw = f"{value:,.{digits}f}"
    if lang == "en":
        return raw
    thousands = "\u202f" if lang == "fr" else "."
    return raw.replace(",", "\x00").replace(".", ",").replace("\x00", thousands)


def money_text(value: float) -> Text:
    """Euros in each language's convention: ``€1.2 M`` / ``1,2 M€`` / ``1,2 Mio. €`` (sign kept)."""
    sign = "-" if value < 0 else ""
    amount = abs(value)
    if amount >= 1e6:
        scaled, digits, unit = amount / 1e6, 1, ("M", "M€", "Mio. €")
    elif amount >= 1e4:
        scaled, digits, unit = amount / 1e3, 0, ("k", "k€", "Tsd. €")
    else:
        scaled, digits, unit = amount, 0, ("", "€", "€")
    en = f"{sign}€{_number(scaled, digits, 'en')}" + (f" {unit[0]}" if unit[0] else "")
    fr = f"{sign}{_number(scaled, digits, 'fr')} {unit[1]}"
    de = f"{sign}{_number(scaled, digits, 'de')} {unit[2]}"
    return Text(en=en, fr=fr, de=de)


def pct(value: float) -> str:
    """A fraction as a percentage for people: ``30 %``."""
    return f"{value * 100:.0f} %"


def energy_text(mwh: float) -> Text:
    """An annual primary-energy balance [MWh/yr] in each language."""
    return Text(en=f"{_number(mwh, 0, 'en')} MWh/yr of primary energy",
                fr=f"{_number(mwh, 0, 'fr')} MWh/an d'énergie primaire",
                de=f"{_number(mwh, 0, 'de')} MWh/Jahr Primärenergie")


STAKEHOLDERS: dict[str, tuple[str, str, str]] = {
    "residents": ("Residents", "Habitants", "Bewohner"),
    "homeowners": ("Homeowners", "Propriétaires occupants", "Eigentümer"),
    "housing_company": ("Housing company", "Bailleur social", "Wohnungsgesellschaft"),
    "city": ("City", "Ville", "Stadt"),
    "orchestrator": ("Urban orchestrator", "Orchestrateur urbain", "Urbaner Orchestrator"),
    "utility": ("Utility", "Fournisseur d'énergie", "Stadtwerke"),
    "dso": ("Grid operator", "Gestionnaire de réseau", "Netzbetreiber"),
    "energy_agency": ("Energy agency", "Agence de l'énergie", "Energieagentur"),
    "esco": ("ESCO", "Société de services énergétiques", "Energiedienstleister"),
    "aggregator": ("Aggregator", "Agrégateur", "Aggregator"),
    "cooperative": ("Energy cooperative", "Coopérative énergétique", "Energiegenossenschaft"),
    "investors": ("Investors and banks", "Investisseurs et banques", "Investoren und Banken"),
    "mobility_provider": ("Mobility provider", "Opérateur de mobilité", "Mobilitätsanbieter"),
    "smes": ("Local businesses", "Entreprises locales", "Lokale Unternehmen"),
    "research": ("Research", "Recherche", "Forschung"),
    "public_funders": ("Public funders", "Financeurs publics", "Öffentliche Fördergeber"),
}


#: Stakeholders as the subject of a sentence: (noun phrase, plural?) in en, fr, de.
_SUBJECTS: dict[str, tuple[tuple[str, bool], tuple[str, bool], tuple[str, bool]]] = {
    "residents": (("residents", True), ("les habitants", True), ("die Bewohner", True)),
    "homeowners": (("homeowners", True), ("les propriétaires occupants", True), ("die Eigentümer", True)),
    "housing_company": (("the housing company", False), ("le bailleur social", False), ("die Wohnungsgesellschaft", False)),
    "city": (("the city", False), ("la ville", False), ("die Stadt", False)),
    "orchestrator": (("the urban orchestrator", False), ("l'orchestrateur urbain", False), ("der urbane Orchestrator", False)),
    "utility": (("the utility", False), ("le fournisseur d'énergie", False), ("die Stadtwerke", True)),
    "dso": (("the grid operator", False), ("le gestionnaire de réseau", False), ("der Netzbetreiber", False)),
    "energy_agency": (("the energy agency", False), ("l'agence de l'énergie", False), ("die Energieagentur", False)),
    "esco": (("the ESCO", False), ("la société de services énergétiques", False), ("der Energiedienstleister", False)),
    "aggregator": (("the aggregator", False), ("l'agrégateur", False), ("der Aggregator", False)),
    "cooperative": (("the energy cooperative", False), ("la coopérative énergétique", False), ("die Energiegenossenschaft", False)),
    "investors": (("investors and banks", True), ("les investisseurs et les banques", True), ("Investoren und Banken", True)),
    "mobility_provider": (("the mobility provider", False), ("l'opérateur de mobilité", False), ("der Mobilitätsanbieter", False)),
    "smes": (("local businesses", True), ("les entreprises locales", True), ("die lokalen Unternehmen", True)),
    "research": (("research institutes", True), ("les organismes de recherche", True), ("die Forschungseinrichtungen", True)),
    "public_funders": (("public funders", True), ("les financeurs publics", True), ("die öffentlichen Fördergeber", True)),
}


def subject(name: str) -> Noun:
    """The stakeholder ``name`` as a noun phrase with its article and number, per language."""
    try:
        (en, pl_en), (fr, pl_fr), (de, pl_de) = _SUBJECTS[name]
    except KeyError:
        raise KeyError(f"expected a stakeholder id such as 'residents', got {name!r}") from None
    return Noun((en, fr, de), (pl_en, pl_fr, pl_de))


class _Titled(Protocol):
    id: str

    def title(self, lang: str) -> str: ...


def card_name(card: _Titled) -> Noun:
    """A card as people read it: its title and its id, e.g. "Rooftop PV (TECH-01)"."""
    en, fr, de = (f"{card.title(lang)} ({card.id})" for lang in LANGS)
    return Noun((en, fr, de))


_AND = ("and", "et", "und")


def card_names(cards: Sequence[_Titled]) -> Noun:
    """Several cards joined with "and" per language; plural when there is more than one."""
    names = [card_name(c) for c in cards]
    forms = []
    for index, word in enumerate(_AND):
        parts = [n.forms[index] for n in names]
        forms.append(parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} {word} {parts[-1]}")
    many = len(names) > 1
    return Noun((forms[0], forms[1], forms[2]), (many, many, many))


#: Regulation regimes as adjectives before "law" / "droit" / "Recht" (German: dative, no article).
_REGIMES: dict[str, tuple[str, str, str]] = {
    "DE": ("German", "allemand", "deutschem"),
    "FR": ("French", "français", "französischem"),
    "EU": ("EU", "européen", "europäischem"),
}
_OR = ("or", "ou", "oder")


def regimes(codes: Sequence[str]) -> Text:
    """Regimes such as ("DE", "FR") as "German or French" per language."""
    out = []
    for index, word in enumerate(_OR):
        parts = [_REGIMES.get(code, (code, code, code))[index] for code in codes]
        out.append(parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} {word} {parts[-1]}")
    return Text(en=out[0], fr=out[1], de=out[2])


#: Tags that ``requires`` may name, as the thing a card needs ("a card for ...").
_TAGS: dict[str, tuple[str, str, str]] = {
    "pv": ("solar PV", "le photovoltaïque", "Photovoltaik"),
    "smart_meters": ("smart meters", "les compteurs communicants", "Smart Meter"),
    "data_platform": ("a data platform", "une plateforme de données", "eine Datenplattform"),
    "esco": ("energy services (ESCO)", "les services énergétiques (ESCO)", "Energiedienstleistungen (ESCO)"),
    "performance_contracting": ("energy performance contracting", "le contrat de performance énergétique", "Energiespar-Contracting"),
    "tenants": ("tenants", "les locataires", "Mieter"),
}


def tag_text(tag: str) -> Text:
    """A card tag as words per language (unknown tags: the tag with spaces)."""
    plain = tag.replace("_", " ")
    en, fr, de = _TAGS.get(tag, (plain, plain, plain))
    return Text(en=en, fr=fr, de=de)


_CAPITAL: dict[str, tuple[str, str, str]] = {
    "equity": ("equity", "fonds propres", "Eigenkapital"),
    "debt": ("loan", "prêt", "Darlehen"),
    "grant": ("grant", "subvention", "Zuschuss"),
    "citizen_shares": ("citizen shares", "parts citoyennes", "Bürgeranteile"),
    "crowdfunding": ("crowdfunding", "financement participatif", "Crowdfunding"),
    "green_bond": ("green bond", "obligation verte", "Green Bond"),
    "on_bill": ("on-bill financing", "financement sur facture", "Finanzierung über die Rechnung"),
    "third_party": ("third-party financing", "tiers-financement", "Drittfinanzierung"),
}


def capital_kind(kind: str) -> Text:
    """A capital kind (``cards.effects.CapitalKind`` value) as words per language."""
    plain = kind.replace("_", " ")
    en, fr, de = _CAPITAL.get(kind, (plain, plain, plain))
    return Text(en=en, fr=fr, de=de)


def stakeholder(name: str) -> Text:
    """The stakeholder's name in every language."""
    en, fr, de = STAKEHOLDERS[name]
    return Text(en=en, fr=fr, de=de)


def with_stakeholders(code: str, roles: dict[str, str], **values: object) -> Text:
    """Like :func:`text`, but ``roles`` maps placeholders to stakeholder ids, each filled with
    the stakeholder's noun phrase so verbs agree (see :func:`subject`)."""
    return text(code, **values, **{key: subject(who) for key, who in roles.items()})
