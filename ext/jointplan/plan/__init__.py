"""The plan itself: model, views, words and versions. Plain Python: no Sphinx, no docutils."""
