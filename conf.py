"""Sphinx configuration of the joint Integraal Veiligheidsplan 2019-2022.

Run with this folder as the configuration directory and ``docs/`` as the
source directory (the Makefile does): ``sphinx-build -c . docs _build/html``.
"""

project = "Integraal Veiligheidsplan 2019-2022 Heuvelrug-gemeenten"
# Who wrote this text: the team that reconstructed it in 2026, not the five
# municipalities (they adopted the plan of 2018-2019, not this text). The PDFs'
# metadata (author) and the site's footer say so.
author = "Projectteam IVP als code"
copyright = "2026, " + author
# The version of the text is not set here: the extension asks git (a tag v1.0
# makes a build release 1.0, any other commit is "ontwikkelversie (<commit>)").
language = "nl"

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinxcontrib.bibtex",
    "jointplan",
]

myst_enable_extensions = ["colon_fence", "deflist", "fieldlist", "attrs_inline"]
myst_heading_anchors = 3

root_doc = "index"
exclude_patterns = ["_build", "_templates", "README.md", "spelling_wordlist.txt"]
# Every paragraph, list item and table row carries an id ({#p-...}) that councillors
# cite and amendments target; `make ids` stamps new ones.
jointplan_paragraph_ids = True
# Every warning is an error in `make check`; nothing is silenced here.
suppress_warnings: list[str] = []

bibtex_bibfiles = ["docs/references.bib"]  # relative to this folder
bibtex_default_style = "nl"  # registered by jointplan: Dutch wording

# Dutch spelling (make check runs it with -t spelling; the extension needs
# Enchant and the Dutch Hunspell dictionary, see scripts/system-deps).
if tags.has("spelling"):  # noqa: F821 (tags is given by Sphinx)
    extensions.append("sphinxcontrib.spelling")
spelling_lang = "nl_NL"
spelling_word_list_filename = "spelling_wordlist.txt"  # in docs/
spelling_show_suggestions = True
spelling_warning = True
spelling_ignore_pypi_package_names = False
spelling_ignore_contributor_names = False

# The councils' PDFs (sphinx-build -b pdf): cover, file names, what they leave out.
jointplan_title = "Integraal Veiligheidsplan 2019-2022"
jointplan_subtitle = "Gezamenlijk plan van de {count} Heuvelrug-gemeenten"  # {count}: in words
jointplan_kicker = "Heuvelrug-gemeenten"
jointplan_pdf_name = "ivp-2019-2022"
# The published site's address: each council edition's cover says the full plan is
# there (and the full plan's cover names it). Empty while it is not published.
jointplan_site_url = ""
# The forge address of this repository turns on "Bewerk deze pagina" and
# "Reageer op deze pagina" on every page, e.g. "https://github.com/<owner>/<name>".
jointplan_repository = ""
# This text was written after the councils adopted the plan, with later figures
# and the 2023-2026 successor: the PDFs say it is a reconstruction.
jointplan_reconstruction = True
# Who agrees the text besides the five municipalities (each is an organisation of
# its own), and the other body the plan names; decisions are recorded in
# docs/shared/besluitvorming.md.
jointplan_organisations = {"politie": "Politie, basisteam Heuvelrug",
                           "om": "Openbaar Ministerie"}
jointplan_bodies = {"driehoek": "Gezagsdriehoek Heuvelrug"}
# The accessibility statement is about the website; the councils' PDF leaves it out.
jointplan_pdf_exclude = ["toegankelijkheid"]
# What the checks measured of this build, reported in the accessibility statement:
# `make a11y` writes the site's, `make pdf` the PDFs'.
jointplan_measurements = {"site": "_build/a11y/measurements.json",
                          "pdf": "_build/pdf/measurements.json"}

# Metadata of every page and PDF (OWMS core, schema.org, XMP).
# CBS gemeentecodes, as the German and English Wikipedia infoboxes give them
# (read through copies found with the search tool, December 2026):
# Renswoude 0339 (de.wiki.li/Renswoude), Rhenen 0340 (the municipality map
# "Municipality code 0340" in en.wikipedia.org/wiki/Rhenen, via app.surf),
# Utrechtse Heuvelrug 1581 (de.zxc.wiki/wiki/Driebergen), Veenendaal 0345
# (de.wikipedia.org/wiki/Veenendaal), Wijk bij Duurstede 0352
# (wikipedia.jakami.de, Wijk_bij_Duurstede).
jointplan_municipality_codes = {
    "renswoude": "GM0339",
    "rhenen": "GM0340",
    "utrechtse-heuvelrug": "GM1581",
    "veenendaal": "GM0345",
    "wijk-bij-duurstede": "GM0352",
}
# OWMS subject (TaxonomieBeleidsagenda) and informatietype of pages and PDFs.
jointplan_subject = "Openbare orde en veiligheid"
jointplan_page_type = "webpagina"
jointplan_document_type = "beleidsnota"
# The type of publication in each council's publication package (make release)
# is left open (null) until the griffies name the type their channel uses:
# jointplan_publication_type = ""

html_theme = "pydata_sphinx_theme"
html_title = "IVP 2019-2022 Heuvelrug-gemeenten"
html_static_path = ["docs/_static"]
# sections/announcement.html: the plan's status banner on every page.
templates_path = ["docs/_templates"]
html_css_files = ["plan.css"]
html_last_updated_fmt = None
html_show_sourcelink = False
# Pages without sub-pages get no (empty) section navigation column.
html_sidebars = {"index": [], "bronnen": [], "toegankelijkheid": []}
html_theme_options = {
    "navigation_with_keys": False,
    "search_bar_text": "Zoek in het plan ...",
    "navbar_align": "left",
    "header_links_before_dropdown": 4,
    "show_toc_level": 2,
    # The overlap chapter's matrix needs the full width.
    "secondary_sidebar_items": {"**": ["page-toc"], "shared/overlap": []},
    # The PDFs of the page, and (with jointplan_repository) edit and comment links.
    "article_header_end": ["ivp-downloads.html"],
    "article_footer_items": ["ivp-feedback.html"],
    "footer_start": ["copyright"],
    "footer_end": [],
}
