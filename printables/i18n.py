"""Every word the printables print that is not card data, in en, fr and de.

One table per concern; :func:`t` fails loudly (naming key and language) rather than printing a
key, so a missing translation is a build error and a test failure, not a blank on paper.
"""

from __future__ import annotations

from cards.model import LANGS, Category, Slot

CATEGORY_NAMES: dict[Category, dict[str, str]] = {
    Category.ROLE: {"en": "Role", "fr": "Rôle", "de": "Rolle"},
    Category.GOVERNANCE: {"en": "Governance", "fr": "Gouvernance", "de": "Governance"},
    Category.WHO: {"en": "Who", "fr": "Qui", "de": "Wer"},
    Category.WHAT: {"en": "What", "fr": "Quoi", "de": "Was"},
    Category.HOW: {"en": "How", "fr": "Comment", "de": "Wie"},
    Category.WHY: {"en": "Why · Money", "fr": "Pourquoi · Argent", "de": "Warum · Geld"},
    Category.ENERGY: {"en": "Energy measure", "fr": "Mesure énergie", "de": "Energiemaßnahme"},
    Category.SCENARIO: {"en": "Scenario", "fr": "Scénario", "de": "Szenario"},
}

CATEGORY_QUESTIONS: dict[Category, dict[str, str]] = {
    Category.ROLE: {"en": "Whose voice do you bring?", "fr": "Quelle voix portez-vous ?", "de": "Wessen Stimme bringen Sie ein?"},
    Category.GOVERNANCE: {"en": "Who coordinates?", "fr": "Qui coordonne ?", "de": "Wer koordiniert?"},
    Category.WHO: {"en": "Who are the customers?", "fr": "Qui sont les clients ?", "de": "Wer sind die Kunden?"},
    Category.WHAT: {"en": "What value is offered?", "fr": "Quelle valeur est offerte ?", "de": "Welcher Nutzen wird geboten?"},
    Category.HOW: {"en": "How is it delivered?", "fr": "Comment est-elle fournie ?", "de": "Wie wird er erbracht?"},
    Category.WHY: {"en": "Why does it pay and last?", "fr": "Pourquoi est-ce rentable et durable ?", "de": "Warum trägt es sich dauerhaft?"},
    Category.ENERGY: {"en": "What changes in the district?", "fr": "Qu'est-ce qui change dans le quartier ?", "de": "Was ändert sich im Quartier?"},
    Category.SCENARIO: {"en": "What if the world changes?", "fr": "Et si le monde change ?", "de": "Was, wenn sich die Welt ändert?"},
}

SLOT_NAMES: dict[Slot, dict[str, str]] = {
    Slot.WHO: {"en": "WHO · customers", "fr": "QUI · clients", "de": "WER · Kunden"},
    Slot.WHAT: {"en": "WHAT · value offered", "fr": "QUOI · valeur offerte", "de": "WAS · Nutzenversprechen"},
    Slot.HOW: {"en": "HOW · delivery", "fr": "COMMENT · mise en œuvre", "de": "WIE · Umsetzung"},
    Slot.WHY: {"en": "WHY · revenue", "fr": "POURQUOI · revenus", "de": "WARUM · Erlöse"},
    Slot.GOVERNANCE: {"en": "GOVERNANCE", "fr": "GOUVERNANCE", "de": "GOVERNANCE"},
    Slot.FINANCING: {"en": "FINANCING", "fr": "FINANCEMENT", "de": "FINANZIERUNG"},
    Slot.MEASURES: {"en": "ENERGY MEASURES", "fr": "MESURES ÉNERGIE", "de": "ENERGIEMASSNAHMEN"},
    Slot.SCENARIO: {"en": "SCENARIO", "fr": "SCÉNARIO", "de": "SZENARIO"},
}

SLOT_GUIDANCE: dict[Slot, dict[str, str]] = {
    Slot.WHO: {
        "en": "Who pays or benefits? Place Who cards.",
        "fr": "Qui paie ou en profite ? Posez les cartes Qui.",
        "de": "Wer zahlt oder profitiert? Wer-Karten hierher.",
    },
    Slot.WHAT: {
        "en": "What do they get? Place What cards.",
        "fr": "Que reçoivent-ils ? Posez les cartes Quoi.",
        "de": "Was bekommen sie? Was-Karten hierher.",
    },
    Slot.HOW: {
        "en": "Who delivers it, and how? Place How cards.",
        "fr": "Qui le fournit, et comment ? Cartes Comment.",
        "de": "Wer liefert es, und wie? Wie-Karten hierher.",
    },
    Slot.WHY: {
        "en": "Where does the money come from? Revenue cards.",
        "fr": "D'où vient l'argent ? Cartes de revenus.",
        "de": "Woher kommt das Geld? Erlös-Karten hierher.",
    },
    Slot.GOVERNANCE: {
        "en": "Who coordinates and decides? One card.",
        "fr": "Qui coordonne et décide ? Une carte.",
        "de": "Wer koordiniert und entscheidet? Eine Karte.",
    },
    Slot.FINANCING: {
        "en": "Who puts up the capital? Financing cards.",
        "fr": "Qui apporte le capital ? Cartes financement.",
        "de": "Wer bringt das Kapital? Finanzierungskarten.",
    },
    Slot.MEASURES: {
        "en": "What is built or changed? Energy cards.",
        "fr": "Que construit-on ou change-t-on ? Cartes énergie.",
        "de": "Was wird gebaut oder geändert? Energiekarten.",
    },
    Slot.SCENARIO: {
        "en": "The facilitator reveals a scenario here.",
        "fr": "L'animateur révèle ici un scénario.",
        "de": "Die Moderation deckt hier ein Szenario auf.",
    },
}

TEXTS: dict[str, dict[str, str]] = {
    "game": {"en": "PCED Business Model Assembler", "fr": "PCED Business Model Assembler", "de": "PCED Business Model Assembler"},
    "deck_title": {"en": "Card deck", "fr": "Jeu de cartes", "de": "Kartenspiel"},
    "deck": {"en": "Deck", "fr": "Jeu", "de": "Deck"},
    "version": {"en": "Version", "fr": "Version", "de": "Version"},
    "language": {"en": "Language", "fr": "Langue", "de": "Sprache"},
    "cards": {"en": "Cards", "fr": "Cartes", "de": "Karten"},
    "copies": {"en": "Copies", "fr": "Exemplaires", "de": "Exemplare"},
    "card_size": {"en": "Card size", "fr": "Format de carte", "de": "Kartenformat"},
    "paper": {"en": "Paper", "fr": "Papier", "de": "Papier"},
    "bleed": {"en": "Bleed", "fr": "Fond perdu", "de": "Beschnittzugabe"},
    "pages": {"en": "Pages", "fr": "Pages", "de": "Seiten"},
    "qr_payload": {"en": "QR codes open", "fr": "Les QR codes ouvrent", "de": "QR-Codes öffnen"},
    "compact": {"en": "compact codes (scan in the app)", "fr": "codes compacts (à scanner dans l'appli)", "de": "Kurzcodes (in der App scannen)"},
    "per_category": {"en": "Cards per category", "fr": "Cartes par catégorie", "de": "Karten je Kategorie"},
    "how_to_print": {"en": "How to print", "fr": "Comment imprimer", "de": "So drucken Sie"},
    "print_1": {
        "en": "Print at 100 % (actual size): turn off 'fit to page' in the print dialog.",
        "fr": "Imprimez à 100 % (taille réelle) : désactivez « ajuster à la page ».",
        "de": "Mit 100 % (Originalgröße) drucken: „An Seite anpassen“ ausschalten.",
    },
    "print_2_duplex": {
        "en": "Print double-sided, flip on the long edge. Pages 3–4 are an alignment test: print them first.",
        "fr": "Recto verso, retournement bord long. Pages 3–4 : test d'alignement, à imprimer d'abord.",
        "de": "Beidseitig drucken, an der langen Kante wenden. Seiten 3–4 sind ein Ausrichtungstest: zuerst drucken.",
    },
    "print_2_simplex": {
        "en": "Print single-sided: this file has no card backs.",
        "fr": "Impression recto seul : ce fichier n'a pas de dos de cartes.",
        "de": "Einseitig drucken: Diese Datei enthält keine Kartenrückseiten.",
    },
    "print_3_bleed": {
        "en": "Cut at the crop marks; the colour runs past the cut (bleed), so small errors do not show.",
        "fr": "Coupez aux traits de coupe ; la couleur dépasse la coupe (fond perdu), les petits écarts ne se voient pas.",
        "de": "An den Schnittmarken schneiden; die Farbe läuft über den Schnitt hinaus, kleine Abweichungen fallen nicht auf.",
    },
    "print_3_pnp": {
        "en": "Print and play: cards share their cut lines; cut along the grey lines and the crop marks.",
        "fr": "Imprimer et jouer : les cartes partagent leurs lignes de coupe ; coupez le long des traits gris.",
        "de": "Print & Play: Karten teilen sich die Schnittlinien; entlang der grauen Linien schneiden.",
    },
    "print_4": {
        "en": "Use 250–300 g/m² card stock or sleeves; matte paper keeps QR codes readable under lamps.",
        "fr": "Utilisez du papier 250–300 g/m² ou des protège-cartes ; le mat garde les QR lisibles sous les lampes.",
        "de": "250–300 g/m² Karton oder Hüllen verwenden; mattes Papier hält QR-Codes unter Lampen lesbar.",
    },
    "print_5": {
        "en": "Backs misaligned? Measure the shift on the test page and rebuild with --back-offset X,Y (mm).",
        "fr": "Dos décalés ? Mesurez l'écart sur la page de test et relancez avec --back-offset X,Y (mm).",
        "de": "Rückseiten versetzt? Versatz auf der Testseite messen und mit --back-offset X,Y (mm) neu erzeugen.",
    },
    "notes_title": {"en": "Notes for the print shop", "fr": "Notes pour l'imprimeur", "de": "Hinweise für die Druckerei"},
    "notes_1": {
        "en": "Every page carries TrimBox and BleedBox; fonts are embedded (Noto Sans, SIL OFL 1.1).",
        "fr": "Chaque page a TrimBox et BleedBox ; les polices sont incorporées (Noto Sans, SIL OFL 1.1).",
        "de": "Jede Seite hat TrimBox und BleedBox; Schriften sind eingebettet (Noto Sans, SIL OFL 1.1).",
    },
    "notes_2": {
        "en": "QR codes and pictograms are vector graphics; print them black, do not rasterise below 300 dpi.",
        "fr": "QR codes et pictogrammes sont vectoriels ; imprimez-les en noir, pas de trame sous 300 dpi.",
        "de": "QR-Codes und Piktogramme sind Vektorgrafik; schwarz drucken, nicht unter 300 dpi rastern.",
    },
    "notes_3": {
        "en": "Colours follow the Okabe–Ito palette; each category also has its own shape and texture.",
        "fr": "Les couleurs suivent la palette Okabe–Ito ; chaque catégorie a aussi sa forme et sa texture.",
        "de": "Die Farben folgen der Okabe-Ito-Palette; jede Kategorie hat zudem eigene Form und Textur.",
    },
    "blank": {"en": "This page is intentionally blank.", "fr": "Page laissée blanche intentionnellement.", "de": "Diese Seite bleibt absichtlich leer."},
    "align_title": {"en": "Duplex alignment test", "fr": "Test d'alignement recto verso", "de": "Test der Duplex-Ausrichtung"},
    "align_front": {
        "en": "Front. Hold the printed sheet against a window: the crosses of both sides should cover each other.",
        "fr": "Recto. Tenez la feuille contre une fenêtre : les croix des deux faces doivent se superposer.",
        "de": "Vorderseite. Blatt gegen ein Fenster halten: Die Kreuze beider Seiten sollten sich decken.",
    },
    "align_back": {
        "en": "Back. Read where the front's cross falls on these scales; that is your --back-offset X,Y in mm.",
        "fr": "Verso. Lisez où tombe la croix du recto sur ces échelles : c'est votre --back-offset X,Y en mm.",
        "de": "Rückseite. Lesen Sie ab, wo das Kreuz der Vorderseite auf den Skalen liegt: das ist --back-offset X,Y in mm.",
    },
    "sheet": {"en": "sheet", "fr": "feuille", "de": "Bogen"},
    "front": {"en": "fronts", "fr": "rectos", "de": "Vorderseiten"},
    "back": {"en": "backs", "fr": "versos", "de": "Rückseiten"},
    "mat_title": {"en": "Business model table mat", "fr": "Plateau du modèle d'affaires", "de": "Spielplan Geschäftsmodell"},
    "mat_hint": {
        "en": "Keep the four corner markers visible when you photograph the table.",
        "fr": "Gardez les quatre repères d'angle visibles sur la photo de la table.",
        "de": "Die vier Eckmarken beim Fotografieren des Tisches sichtbar lassen.",
    },
    "mat_roles": {"en": "Roles stay in front of their players.", "fr": "Les rôles restent devant leurs joueurs.", "de": "Rollen bleiben vor ihren Spielern."},
    "mat_legend": {"en": "Card colours", "fr": "Couleurs des cartes", "de": "Kartenfarben"},
    "tile_cut": {
        "en": "Sheet 2: cut along the dashed line and lay it over sheet 1 so the target marks meet; tape on the back.",
        "fr": "Feuille 2 : coupez le long des tirets, posez-la sur la feuille 1, cibles sur cibles ; scotchez au dos.",
        "de": "Bogen 2: an der gestrichelten Linie schneiden, auf Bogen 1 legen (Zielmarke auf Zielmarke), hinten kleben.",
    },
    "tile_glue": {
        "en": "Sheet 1: sheet 2 overlaps this shaded strip.",
        "fr": "Feuille 1 : la feuille 2 recouvre cette bande grisée.",
        "de": "Bogen 1: Bogen 2 überdeckt diesen grauen Streifen.",
    },
    "poster_join": {"en": "Join this table", "fr": "Rejoignez cette table", "de": "An diesem Tisch mitspielen"},
    "poster_step1": {
        "en": "1. Scan the code with your phone's camera.",
        "fr": "1. Scannez le code avec l'appareil photo du téléphone.",
        "de": "1. Code mit der Handykamera scannen.",
    },
    "poster_step2": {
        "en": "2. Or open the address below and type the join code.",
        "fr": "2. Ou ouvrez l'adresse ci-dessous et tapez le code.",
        "de": "2. Oder die Adresse unten öffnen und den Code eingeben.",
    },
    "poster_step3": {
        "en": "3. Pick a nickname and a role, then play your cards.",
        "fr": "3. Choisissez un pseudo et un rôle, puis jouez vos cartes.",
        "de": "3. Spitznamen und Rolle wählen, dann Karten spielen.",
    },
    "poster_code": {"en": "Join code", "fr": "Code d'accès", "de": "Beitrittscode"},
    "poster_table": {"en": "Table", "fr": "Table", "de": "Tisch"},
}


def t(key: str, lang: str) -> str:
    """The text ``key`` in ``lang``; ``KeyError``/``ValueError`` name what is missing."""
    if lang not in LANGS:
        raise ValueError(f"expected a language in {LANGS}, got {lang!r}")
    try:
        return TEXTS[key][lang]
    except KeyError:
        raise KeyError(f"no printable text {key!r} in {lang!r}") from None


def category_name(category: Category, lang: str) -> str:
    """The printed name of ``category`` in ``lang``."""
    return CATEGORY_NAMES[category][lang]
