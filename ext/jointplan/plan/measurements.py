"""The findings of the accessibility statement, in words, from what the checks measured.

A measurement is the JSON that ``scripts/a11y.py`` (the site: axe-core at two
widths, requests to other hosts, cookies and storage) or
``python -m jointplan.pdf.check --results`` (the PDFs: the structure check and
``pdfua``) wrote. It names the build it measured (release and a digest of the
sources); a measurement of another build says nothing about this one, so the
statement then says this build was not measured. Never a claim without a
measurement.

Plain Python: :func:`findings` gives paragraphs, each a list of lines (one
line: a sentence; more: a sentence and a list). Names of versions, files,
programs' versions and rules are between backticks: the statement sets them
as code (and the spelling check leaves them alone).
"""

from __future__ import annotations

from . import words

NOT_MEASURED = {
    "site": "De website van {version} is niet automatisch gecontroleerd: er is geen "
            "meting van deze versie.",
    "pdf": "De pdf-uitgaven van {version} zijn niet automatisch gecontroleerd: er is "
           "geen meting van deze versie.",
}
OTHER_BUILD = "De laatste meting ({date}) gold voor {version}, niet voor deze versie."
CHANGED_SOURCES = "een eerdere stand van de tekst van {version}"


def code(text: str) -> str:
    return f"`{text}`" if text else ""


def _count(number: int, one: str, more: str) -> str:
    return f"{words.number_word(number) if number <= 12 else number} {one if number == 1 else more}"


def same_build(measured: dict | None, build: dict) -> bool:
    return bool(measured and measured.get("build") == build)


def site_findings(measured: dict) -> list[list[str]]:
    date = words.decision_date(measured["measured"])
    widths = " en ".join(str(w) for w in measured["viewports"])
    tools = measured.get("tools", {})
    found = [[f"Gemeten op {date}: {measured['pages']} pagina's van deze versie, bij een "
              f"schermbreedte van {widths} pixels, in de browser Chromium "
              f"{code(tools.get('chromium', ''))} met axe-core "
              f"{code(tools.get('axe-core', ''))} "
              "(de automatisch toetsbare regels van WCAG 2.1, niveau A en AA)."]]
    impacts = measured.get("impacts", {})
    severe = impacts.get("serious", 0) + impacts.get("critical", 0)
    lighter = [v for v in measured.get("violations", [])
               if v["impact"] not in ("serious", "critical")]
    found.append([f"Ernstige of kritieke bevindingen: "
                  f"{'geen' if not severe else _count(severe, 'bevinding', 'bevindingen')}."])
    if lighter:
        found.append(["Bevindingen van matige of geringe ernst (regel van axe-core, op hoeveel "
                      "pagina's per schermbreedte):",
                      *(f"{code(v['id'])}: " + _count(v["pages"], "pagina", "pagina's")
                        for v in lighter)])
    else:
        found.append(["Bevindingen van matige of geringe ernst: geen."])
    privacy = [("requests_elsewhere", "Verzoeken aan andere servers dan die van deze website "
                                      "(lettertypen, pictogrammen, scripts, statistieken)"),
               ("policy_violations", "Overtredingen van het veiligheidsbeleid van de pagina's "
                                     "(`Content-Security-Policy`)"),
               ("cookies", "Pagina's die een cookie plaatsen"),
               ("storage", "Pagina's die meer in de browser bewaren dan de gekozen kleurmodus")]
    found.append(["Wat de pagina's van elders laden en in de browser bewaren:",
                  *(f"{label}: {measured[key] if measured.get(key) else 'geen'}."
                    for key, label in privacy if key in measured)])
    return found


def pdf_findings(measured: dict) -> list[list[str]]:
    date = words.decision_date(measured["measured"])
    files = measured["files"]
    structure = sum(f["problems"] for f in files)
    pdfua = [f["pdfua"] for f in files]
    found = [[f"Gemeten op {date}: de {len(files)} pdf-uitgaven van deze versie "
              f"({', '.join(code(f['name']) for f in files)})."],
             [f"Controle van de structuur (koppen, tabellen met kopcellen, de taal, de titel, "
              f"bladwijzers, links, ingesloten lettertypen, kop- en voetregels als decoratie): "
              f"{structure or 'geen'} bevindingen."]]
    if None in pdfua:
        found.append(["De onafhankelijke controle met pdfua is niet uitgevoerd."])
    else:
        version = measured.get("tools", {}).get("pdfua", "")
        found.append([f"Onafhankelijke controle met pdfua {code(version)} (een deel van de "
                      f"automatisch toetsbare regels van PDF/UA-1): "
                      f"{'geen' if not sum(pdfua) else sum(pdfua)} bevindingen."])
    if all(f.get("pdfa_id") == "2A" and f.get("pdfua_id") == "1" for f in files):
        found.append(["Elke uitgave is opgesteld als PDF/A-2a en geeft aan te voldoen aan "
                      "PDF/UA-1."])
    else:
        found.append(["Niet elke uitgave is opgesteld als PDF/A-2a en PDF/UA-1: "
                      + ", ".join(code(f["name"]) for f in files
                                  if f.get("pdfa_id") != "2A" or f.get("pdfua_id") != "1")
                      + "."])
    return found


def findings(kind: str, measured: dict | None, build: dict) -> list[list[str]]:
    """The statement's findings of one kind ('site' or 'pdf') for this build."""
    version = code(words.version_phrase(build.get("version", "")) or build.get("version", ""))
    if not same_build(measured, build):
        lines = [[NOT_MEASURED[kind].format(version=version)]]
        if measured and measured.get("build"):
            other = measured["build"]
            label = code(words.version_phrase(other.get("version", ""))
                         or other.get("version", ""))
            if other.get("version") == build.get("version"):
                label = CHANGED_SOURCES.format(version=label)
            lines.append([OTHER_BUILD.format(date=words.decision_date(measured["measured"]),
                                             version=label)])
        return lines
    assert measured is not None  # same_build: measured, in this build
    return site_findings(measured) if kind == "site" else pdf_findings(measured)
