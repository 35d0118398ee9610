extensions = ["myst_parser", "jointplan"]
myst_enable_extensions = ["colon_fence"]
language = "nl"
exclude_patterns = ["_build"]
html_sidebars = {"**": []}  # global navigation would make every page depend on every other
