"""The output formats, one module each: `speclint --format NAME` is the module NAME here.

A format module defines the class `<Name>Reporter` (json.py: JsonReporter), which takes
(stream, color=, sources=) and has finish(results, summary). Adding the module is all a new
format takes: speclint.report lists this folder, and `--format` offers what it finds.
"""
