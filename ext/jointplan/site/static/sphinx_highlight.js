/* Replaces Sphinx's sphinx_highlight.js (a file of the same name in the static
   path wins). Sphinx's search keeps the words searched for in the browser's
   localStorage, to highlight them on the page the reader opens next; the plan's
   site keeps nothing about its readers, so it does without that highlighting.
   searchtools.js reads this switch before highlighting anything. */
const SPHINX_HIGHLIGHT_ENABLED = false;
