"""Every label an outcome report prints, in English, French and German.

One table, ``LABELS``, keyed by a stable name; :func:`t` picks the language and fills ``{name}``
placeholders. Names of stakeholders, risk families, flow kinds, phases, slots and log events
live here too, under prefixed keys (``stakeholder.residents``), so the adapter and the report
translate them the same way. A test renders French and German reports and checks that none of
the English labels below appears in them.
"""

from __future__ import annotations

from printables.report.model import Text

_L: dict[str, tuple[str, str, str]] = {
    # document and sections
    "report.title": ("Session outcome report", "Rapport de fin de session", "Ergebnisbericht der Sitzung"),
    "report.workshop_title": ("Workshop outcome report", "Rapport de l'atelier", "Ergebnisbericht des Workshops"),
    "report.subject": (
        "Business model assembled by a PCED workshop table, with its assessment",
        "Modèle d'affaires assemblé par une table d'atelier PCED, avec son évaluation",
        "Von einem PCED-Workshoptisch zusammengestelltes Geschäftsmodell mit Bewertung",
    ),
    "report.footer": ("PCED Business Model Assembler", "PCED Business Model Assembler", "PCED Business Model Assembler"),
    "report.page": ("Page {n}", "Page {n}", "Seite {n}"),
    "cover.workshop": ("Workshop", "Atelier", "Workshop"),
    "cover.district": ("District", "Quartier", "Quartier"),
    "cover.date": ("Date", "Date", "Datum"),
    "cover.table": ("Table", "Table", "Tisch"),
    "cover.roles": ("Roles present", "Rôles présents", "Anwesende Rollen"),
    "cover.no_roles": ("No role was taken.", "Aucun rôle n'a été pris.", "Keine Rolle wurde gewählt."),
    "cover.tables": ("Tables", "Tables", "Tische"),
    "cover.at_a_glance": ("At a glance", "En bref", "Auf einen Blick"),
    "cover.reading": (
        "Every figure in this report is traced to the cards, rules and data that produced it in the appendix.",
        "L'annexe relie chaque chiffre de ce rapport aux cartes, règles et données qui l'ont produit.",
        "Der Anhang führt jede Zahl dieses Berichts auf die Karten, Regeln und Daten zurück, aus denen sie stammt.",
    ),
    "sec.model": ("The assembled model", "Le modèle assemblé", "Das zusammengestellte Modell"),
    "sec.flows": ("Value flows", "Flux de valeur", "Wertflüsse"),
    "sec.governance": ("Governance fit", "Adéquation de la gouvernance", "Passung der Governance"),
    "sec.financing": ("Financing", "Financement", "Finanzierung"),
    "sec.risks": ("Risks under scenarios", "Risques selon les scénarios", "Risiken je Szenario"),
    "sec.energy": ("Energy", "Énergie", "Energie"),
    "sec.replication": ("Replication", "Réplication", "Übertragung"),
    "sec.log": ("Decision log", "Journal des décisions", "Entscheidungsprotokoll"),
    "sec.warnings": ("Warnings", "Avertissements", "Warnhinweise"),
    "sec.appendix": ("Appendix: where each figure comes from", "Annexe : origine de chaque chiffre", "Anhang: Herkunft jeder Zahl"),
    "sec.side_by_side": ("Tables side by side", "Les tables côte à côte", "Die Tische im Vergleich"),
    "sec.comparison": ("Comparison of models", "Comparaison des modèles", "Vergleich der Modelle"),
    "sec.table_reports": ("Reports of the tables", "Rapports des tables", "Berichte der Tische"),
    # model section
    "model.intro": (
        "The cards on the mat at the end of the session, by slot (code and title).",
        "Les cartes posées sur le tapis en fin de session, par emplacement (code et titre).",
        "Die Karten auf der Spielmatte am Ende der Sitzung, je Feld (Code und Titel).",
    ),
    "model.empty_slot": ("(empty)", "(vide)", "(leer)"),
    "model.more": ("+{n} more", "+{n} autres", "+{n} weitere"),
    "col.slot": ("Slot", "Emplacement", "Feld"),
    "col.code": ("Code", "Code", "Code"),
    "col.card": ("Card", "Carte", "Karte"),
    # flows
    "flows.intro": (
        "Each band is an annual flow; its width is proportional to the amount. Left: who gives; right: who receives.",
        "Chaque bande est un flux annuel, de largeur proportionnelle au montant. À gauche qui donne, à droite qui reçoit.",
        "Jedes Band ist ein jährlicher Fluss, seine Breite ist proportional zum Betrag. Links gibt, rechts empfängt.",
    ),
    "flows.none": ("No value flow on this board.", "Aucun flux de valeur sur ce plateau.", "Keine Wertflüsse auf diesem Spielbrett."),
    "flows.net_values": ("Net value per stakeholder", "Valeur nette par partie prenante", "Nettowert je Akteur"),
    "flows.register": ("Flow register", "Registre des flux", "Verzeichnis der Flüsse"),
    "col.from": ("From", "De", "Von"),
    "col.to": ("To", "Vers", "An"),
    "col.kind": ("Kind", "Nature", "Art"),
    "col.amount": ("Amount", "Montant", "Betrag"),
    "col.what": ("What", "Objet", "Gegenstand"),
    "col.stakeholder": ("Stakeholder", "Partie prenante", "Akteur"),
    "col.net_value": ("Net value", "Valeur nette", "Nettowert"),
    "col.own_costs": ("Own costs", "Coûts propres", "Eigene Kosten"),
    "kind.money": ("Money", "Argent", "Geld"),
    "kind.energy": ("Energy", "Énergie", "Energie"),
    "kind.data": ("Data", "Données", "Daten"),
    "kind.service": ("Services", "Services", "Dienstleistungen"),
    "sankey.total": ("Total {v}", "Total {v}", "Summe {v}"),
    # governance
    "gov.model": ("Governance model", "Modèle de gouvernance", "Governance-Modell"),
    "gov.fit": ("Fit", "Adéquation", "Passung"),
    "gov.level.good": ("good", "bonne", "gut"),
    "gov.level.partial": ("partial", "partielle", "teilweise"),
    "gov.level.poor": ("poor", "faible", "schwach"),
    "gov.none": ("No governance card", "Aucune carte de gouvernance", "Keine Governance-Karte"),
    "gov.reasons": ("Reasons", "Raisons", "Gründe"),
    "gov.score": ("score {v}", "note {v}", "Wert {v}"),
    # financing
    "fin.capex": ("Investment (CAPEX)", "Investissement (CAPEX)", "Investition (CAPEX)"),
    "fin.gap": ("Financing gap", "Besoin de financement non couvert", "Finanzierungslücke"),
    "fin.payback": ("Payback", "Retour sur investissement", "Amortisation"),
    "fin.never": ("not within the horizon", "pas dans l'horizon", "nicht im Betrachtungszeitraum"),
    "fin.wacc": ("Cost of capital", "Coût du capital", "Kapitalkosten"),
    "fin.horizon": ("Horizon", "Horizon", "Zeithorizont"),
    "fin.sources": ("Capital sources", "Sources de capital", "Kapitalquellen"),
    "fin.no_sources": ("No capital source on the board.", "Aucune source de capital sur le plateau.", "Keine Kapitalquelle auf dem Spielbrett."),
    "fin.npv": ("Net present value per stakeholder", "Valeur actuelle nette par partie prenante", "Kapitalwert je Akteur"),
    "col.source": ("Source", "Source", "Quelle"),
    "col.rate": ("Rate", "Taux", "Zins"),
    "col.npv": ("NPV", "VAN", "Kapitalwert"),
    "col.figure": ("Figure", "Chiffre", "Kennzahl"),
    "col.value": ("Value", "Valeur", "Wert"),
    # risks
    "risk.intro": (
        "Risks are computed from the model under each scenario and rated probability × impact (1–16).",
        "Les risques sont calculés à partir du modèle pour chaque scénario et notés probabilité × impact (1–16).",
        "Die Risiken werden je Szenario aus dem Modell berechnet und als Wahrscheinlichkeit × Auswirkung (1–16) bewertet.",
    ),
    "risk.scenario": ("Scenario: {name}", "Scénario : {name}", "Szenario: {name}"),
    "risk.none": ("No risk under this scenario.", "Aucun risque dans ce scénario.", "Kein Risiko in diesem Szenario."),
    "risk.probability": ("Probability", "Probabilité", "Wahrscheinlichkeit"),
    "risk.impact": ("Impact", "Impact", "Auswirkung"),
    "risk.p.1": ("unlikely", "improbable", "unwahrscheinlich"),
    "risk.p.4": ("certain", "certain", "sicher"),
    "risk.i.1": ("minor", "mineur", "gering"),
    "risk.i.4": ("cancels", "abandon", "Abbruch"),
    "col.id": ("No.", "N°", "Nr."),
    "col.risk": ("Risk", "Risque", "Risiko"),
    "col.p": ("P", "P", "W"),
    "col.i": ("I", "I", "A"),
    "col.score": ("Score", "Note", "Wert"),
    "col.mitigation": ("Mitigating cards", "Cartes d'atténuation", "Mindernde Karten"),
    "risk.no_mitigation": ("none in the deck", "aucune dans le jeu", "keine im Kartensatz"),
    # energy
    "energy.monthly": ("Monthly balance", "Bilan mensuel", "Monatsbilanz"),
    "energy.generation": ("Local generation", "Production locale", "Lokale Erzeugung"),
    "energy.demand": ("Demand", "Consommation", "Bedarf"),
    "energy.import": ("Grid import", "Soutirage réseau", "Netzbezug"),
    "energy.export": ("Grid export", "Injection réseau", "Netzeinspeisung"),
    "energy.summer": ("Typical summer day", "Journée type d'été", "Typischer Sommertag"),
    "energy.winter": ("Typical winter day", "Journée type d'hiver", "Typischer Wintertag"),
    "energy.hour": ("hour", "heure", "Stunde"),
    "energy.kpis": ("KPIs against PED thresholds", "Indicateurs face aux seuils PED", "Kennzahlen gegenüber PED-Schwellen"),
    "col.kpi": ("KPI", "Indicateur", "Kennzahl"),
    "col.threshold": ("Threshold", "Seuil", "Schwelle"),
    "col.status": ("Status", "Statut", "Status"),
    "kpi.min": ("min. {v}", "min. {v}", "min. {v}"),
    "kpi.max": ("max. {v}", "max. {v}", "max. {v}"),
    "kpi.pass": ("meets", "atteint", "erfüllt"),
    "kpi.fail": ("misses", "manqué", "verfehlt"),
    "kpi.info": ("no threshold", "sans seuil", "ohne Schwelle"),
    "kpi.ped_balance": ("Annual primary-energy balance", "Bilan annuel en énergie primaire", "Jährliche Primärenergiebilanz"),
    "kpi.self_sufficiency": ("Self-sufficiency", "Autosuffisance", "Autarkiegrad"),
    "kpi.self_consumption": ("Self-consumption", "Autoconsommation", "Eigenverbrauchsquote"),
    "kpi.renewable_share": ("Renewable share", "Part renouvelable", "Erneuerbarer Anteil"),
    "kpi.co2": ("CO₂ emissions", "Émissions de CO₂", "CO₂-Emissionen"),
    "kpi.peak_import": ("Peak grid import", "Pointe de soutirage", "Spitzenbezug aus dem Netz"),
    "kpi.peak_export": ("Peak grid export", "Pointe d'injection", "Spitzeneinspeisung"),
    "kpi.energy_cost": ("Energy costs", "Coûts de l'énergie", "Energiekosten"),
    "kpi.demand": ("Final energy demand", "Consommation d'énergie finale", "Endenergiebedarf"),
    "kpi.generation": ("Local renewable generation", "Production renouvelable locale", "Lokale erneuerbare Erzeugung"),
    # replication
    "rep.intro": (
        "The same cards applied to {district}: what changes and what breaks.",
        "Les mêmes cartes appliquées à {district} : ce qui change et ce qui casse.",
        "Dieselben Karten angewandt auf {district}: was sich ändert und was nicht mehr funktioniert.",
    ),
    "rep.none": ("No replication was computed.", "Aucune réplication n'a été calculée.", "Keine Übertragung wurde berechnet."),
    "rep.changes": ("What changes", "Ce qui change", "Was sich ändert"),
    "rep.breaks": ("What breaks", "Ce qui casse", "Was nicht mehr funktioniert"),
    "rep.nothing_breaks": ("Nothing breaks.", "Rien ne casse.", "Nichts funktioniert nicht mehr."),
    "col.here": ("This district", "Ce quartier", "Dieses Quartier"),
    "col.there": ("Replicated", "Répliqué", "Übertragen"),
    # log
    "log.intro": (
        "Every accepted change at the table, in order, with the time it was accepted.",
        "Chaque changement accepté à la table, dans l'ordre, avec son heure d'acceptation.",
        "Jede angenommene Änderung am Tisch, der Reihe nach, mit der Uhrzeit der Annahme.",
    ),
    "log.empty": ("The log is empty.", "Le journal est vide.", "Das Protokoll ist leer."),
    "col.time": ("Time", "Heure", "Uhrzeit"),
    "col.seq": ("Seq", "Séq.", "Nr."),
    "col.who": ("Who", "Qui", "Wer"),
    "col.event": ("Event", "Événement", "Ereignis"),
    "log.join": ("joined", "a rejoint", "beigetreten"),
    "log.role": ("took a role", "a pris un rôle", "hat eine Rolle gewählt"),
    "log.phase": ("phase", "phase", "Phase"),
    "log.play": ("played", "a joué", "gespielt"),
    "log.remove": ("removed", "a retiré", "entfernt"),
    "log.move": ("moved", "a déplacé", "verschoben"),
    "log.undo": ("undo of no. {n}", "annulation du n° {n}", "Rücknahme von Nr. {n}"),
    "log.reveal": ("scenario revealed", "scénario révélé", "Szenario aufgedeckt"),
    "log.lock": ("table locked", "table verrouillée", "Tisch gesperrt"),
    "log.unlock": ("table unlocked", "table déverrouillée", "Tisch entsperrt"),
    "log.kick": ("seat removed", "place retirée", "Platz entfernt"),
    "log.comment": ("comment", "commentaire", "Kommentar"),
    "log.vote": ("vote", "vote", "Stimme"),
    "log.timer": ("timer", "minuteur", "Zeitgeber"),
    "actor.facilitator": ("facilitator", "animateur", "Moderation"),
    "actor.system": ("server", "serveur", "Server"),
    "actor.participant": ("participant", "participant", "Teilnehmende"),
    "phase.roles": ("choose roles", "choix des rôles", "Rollenwahl"),
    "phase.governance": ("governance", "gouvernance", "Governance"),
    "phase.canvas": ("who / what / how / why", "qui / quoi / comment / pourquoi", "wer / was / wie / warum"),
    "phase.value_flows": ("value flows", "flux de valeur", "Wertflüsse"),
    "phase.scenarios": ("scenarios and risks", "scénarios et risques", "Szenarien und Risiken"),
    "phase.financing": ("financing and scaling", "financement et changement d'échelle", "Finanzierung und Skalierung"),
    "phase.outcome": ("outcome", "résultat", "Ergebnis"),
    "slot.who": ("Who", "Qui", "Wer"),
    "slot.what": ("What", "Quoi", "Was"),
    "slot.how": ("How", "Comment", "Wie"),
    "slot.why": ("Why", "Pourquoi", "Warum"),
    "slot.governance": ("Governance", "Gouvernance", "Governance"),
    "slot.financing": ("Financing", "Financement", "Finanzierung"),
    "slot.measures": ("Measures", "Mesures", "Maßnahmen"),
    "slot.scenario": ("Scenario", "Scénario", "Szenario"),
    # warnings and appendix
    "warn.none": ("No warning.", "Aucun avertissement.", "Keine Warnhinweise."),
    "app.intro": (
        "Each figure printed above, with the cards, the rule and the data it was computed from.",
        "Chaque chiffre imprimé ci-dessus, avec les cartes, la règle et les données dont il est issu.",
        "Jede oben gedruckte Zahl mit den Karten, der Regel und den Daten, aus denen sie berechnet wurde.",
    ),
    "col.cards": ("Cards", "Cartes", "Karten"),
    "col.rule": ("Rule", "Règle", "Regel"),
    "col.data": ("Data source", "Source des données", "Datenquelle"),
    "app.no_cards": ("district data only", "données du quartier seules", "nur Quartiersdaten"),
    # workshop
    "ws.criteria": ("Criteria and weights set by the facilitator", "Critères et poids fixés par l'animateur", "Von der Moderation gesetzte Kriterien und Gewichte"),
    "ws.ranking": ("Ranking", "Classement", "Rangfolge"),
    "ws.method": ("Method: {m}", "Méthode : {m}", "Methode: {m}"),
    "ws.no_comparison": ("No comparison was set for this workshop.", "Aucune comparaison n'a été définie pour cet atelier.", "Für diesen Workshop wurde kein Vergleich festgelegt."),
    "col.criterion": ("Criterion", "Critère", "Kriterium"),
    "col.weight": ("Weight", "Poids", "Gewicht"),
    "col.direction": ("Better when", "Meilleur si", "Besser wenn"),
    "dir.higher": ("higher", "plus élevé", "höher"),
    "dir.lower": ("lower", "plus bas", "niedriger"),
    "col.rank": ("Rank", "Rang", "Rang"),
    "col.reasons": ("Why", "Pourquoi", "Begründung"),
    "ws.top_risk": ("Highest risk score", "Note de risque maximale", "Höchster Risikowert"),
    "ws.governance": ("Governance", "Gouvernance", "Governance"),
    "ws.cards": ("Cards on the board", "Cartes sur le plateau", "Karten auf dem Spielbrett"),
    # stakeholders (cards.effects.Stakeholder)
    "stakeholder.residents": ("Residents", "Habitants", "Bewohnerschaft"),
    "stakeholder.homeowners": ("Homeowners", "Propriétaires occupants", "Eigentümer"),
    "stakeholder.housing_company": ("Housing company", "Bailleur social", "Wohnungsbaugesellschaft"),
    "stakeholder.city": ("City", "Ville", "Stadt"),
    "stakeholder.orchestrator": ("Urban orchestrator", "Orchestrateur urbain", "Quartiersorchestrator"),
    "stakeholder.utility": ("Utility", "Fournisseur d'énergie", "Stadtwerke"),
    "stakeholder.dso": ("Grid operator (DSO)", "Gestionnaire de réseau (GRD)", "Verteilnetzbetreiber"),
    "stakeholder.energy_agency": ("Energy agency", "Agence de l'énergie", "Energieagentur"),
    "stakeholder.esco": ("ESCO", "Société de services énergétiques", "Energiedienstleister"),
    "stakeholder.aggregator": ("Aggregator", "Agrégateur", "Aggregator"),
    "stakeholder.cooperative": ("Energy cooperative", "Coopérative énergétique", "Energiegenossenschaft"),
    "stakeholder.investors": ("Investors and banks", "Investisseurs et banques", "Investoren und Banken"),
    "stakeholder.mobility_provider": ("Mobility provider", "Opérateur de mobilité", "Mobilitätsanbieter"),
    "stakeholder.smes": ("Local businesses", "Entreprises locales", "Lokale Unternehmen"),
    "stakeholder.research": ("Research", "Recherche", "Forschung"),
    "stakeholder.public_funders": ("Public funders", "Financeurs publics", "Öffentliche Förderer"),
    "stakeholder.grid": ("Public grid", "Réseau public", "Öffentliches Netz"),
    # risk families (cards.effects.RiskKind)
    "riskkind.participation": ("Participation", "Participation", "Beteiligung"),
    "riskkind.price_volatility": ("Price volatility", "Volatilité des prix", "Preisschwankungen"),
    "riskkind.regulatory": ("Regulatory change", "Évolution réglementaire", "Regulatorische Änderung"),
    "riskkind.interest_rate": ("Interest rates", "Taux d'intérêt", "Zinsen"),
    "riskkind.technology": ("Technology performance", "Performance technique", "Technische Leistung"),
    "riskkind.split_incentives": ("Split incentives", "Incitations divergentes", "Investor-Nutzer-Dilemma"),
    "riskkind.data_privacy": ("Data privacy", "Protection des données", "Datenschutz"),
    "riskkind.grid_constraints": ("Grid constraints", "Contraintes réseau", "Netzengpässe"),
    "riskkind.management_capacity": ("Management capacity", "Capacité de gestion", "Managementkapazität"),
    "riskkind.fragmentation": ("Institutional fragmentation", "Fragmentation institutionnelle", "Institutionelle Zersplitterung"),
    "riskkind.owner_agreement": ("Agreement among owners", "Accord des copropriétaires", "Einigung der Eigentümer"),
    "riskkind.heritage": ("Heritage protection", "Protection du patrimoine", "Denkmalschutz"),
    "riskkind.financing_gap": ("Financing gap", "Besoin de financement non couvert", "Finanzierungslücke"),
    "riskkind.ped_balance": ("PED balance lost", "Bilan PED perdu", "PED-Bilanz verfehlt"),
    "scenario.baseline": ("Baseline", "Référence", "Basisfall"),
    "month.1": ("Jan", "janv.", "Jan."),
    "month.2": ("Feb", "févr.", "Feb."),
    "month.3": ("Mar", "mars", "März"),
    "month.4": ("Apr", "avr.", "Apr."),
    "month.5": ("May", "mai", "Mai"),
    "month.6": ("Jun", "juin", "Juni"),
    "month.7": ("Jul", "juil.", "Juli"),
    "month.8": ("Aug", "août", "Aug."),
    "month.9": ("Sep", "sept.", "Sept."),
    "month.10": ("Oct", "oct.", "Okt."),
    "month.11": ("Nov", "nov.", "Nov."),
    "month.12": ("Dec", "déc.", "Dez."),
}

_INDEX = {"en": 0, "fr": 1, "de": 2}

LABELS: dict[str, Text] = {key: Text(en=en, fr=fr, de=de) for key, (en, fr, de) in _L.items()}
"""Every label of a report, by key."""


def t(key: str, lang: str, **params: object) -> str:
    """The label ``key`` in ``lang`` with ``{name}`` placeholders filled from ``params``.

    Raises ``KeyError`` naming the key when a label is missing: a report never prints a key.
    """
    if key not in _L:
        raise KeyError(f"no report label {key!r}; add it to printables/report/i18n.py in en/fr/de")
    if lang not in _INDEX:
        raise ValueError(f"expected a language in {tuple(_INDEX)}, got {lang!r}")
    text = _L[key][_INDEX[lang]]
    return text.format(**params) if params else text


def label(key: str) -> Text:
    """The label ``key`` in every language (for models that carry a :class:`Text`)."""
    if key not in LABELS:
        raise KeyError(f"no report label {key!r}; add it to printables/report/i18n.py in en/fr/de")
    return LABELS[key]


def has(key: str) -> bool:
    """True when a label ``key`` exists (e.g. for a stakeholder or KPI the engine may add later)."""
    return key in _L
