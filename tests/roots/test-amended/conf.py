extensions = ["myst_parser", "sphinxcontrib.bibtex", "jointplan"]
bibtex_bibfiles = ["refs.bib"]
language = "nl"
exclude_patterns = ["_build"]
html_sidebars = {"**": []}  # global navigation would make every page depend on every other
# The PDF's identity comes from here, never from the extension.
jointplan_title = "Testplan 2031-2034"
jointplan_subtitle = "Plan van de {count} testgemeenten"
jointplan_kicker = "Testregio"
templates_path = ["_templates"]  # the plan's status on every page, as on the site
myst_enable_extensions = ["colon_fence", "deflist"]
jointplan_paragraph_ids = True  # every paragraph, item and row carries an id
jointplan_pdf_exclude = ["amendementen"]  # each amendment is a PDF of its own
