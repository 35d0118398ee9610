"""The HTML site: status banner, download, edit and comment links, the theme's Dutch
catalogue, HTML fixes."""
