/* Sphinx's doctools.js turns the catalogue's plural rule into a function with
   `new Function`, which the pages' Content-Security-Policy forbids (no
   'unsafe-eval'; jointplan.site.privacy). Loaded after doctools.js and before
   the catalogue (translations.js): the rule of Sphinx's Dutch catalogue,
   "(n != 1)", becomes the same function without eval; any other rule goes to
   Sphinx as before (and the policy check in scripts/a11y.py reports it). */
(() => {
  const sphinxAddTranslations = Documentation.addTranslations;
  Documentation.addTranslations = (catalog) => {
    if (String(catalog.plural_expr).replace(/\s+/g, "") !== "(n!=1)") {
      sphinxAddTranslations(catalog);
      return;
    }
    Object.assign(Documentation.TRANSLATIONS, catalog.messages);
    Documentation.PLURAL_EXPR = (n) => (n != 1);
    Documentation.LOCALE = catalog.locale;
  };
})();
