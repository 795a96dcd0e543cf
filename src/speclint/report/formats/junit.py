"""`--format junit`: JUnit XML for CI systems that show test reports (GitLab, Jenkins, CodeBuild).

One <testsuite> per file; one failing <testcase> per finding, or one passing <testcase>
for a clean file, so the report counts every file that was checked.
"""

from __future__ import annotations

from xml.etree import ElementTree as ET

from speclint.report.sanitize import diagnostic, path


class JunitReporter:
    def __init__(self, stream, color: bool = False, sources=None):
        self.stream = stream

    def finish(self, results: list, summary: dict) -> None:
        suites = ET.Element("testsuites", name="speclint")
        total = failures = 0
        for result in results:
            diags = [diagnostic(d) for d in result.diagnostics]
            shown = path(result.path)
            suite = ET.SubElement(suites, "testsuite", name=shown, tests=str(max(1, len(diags))),
                                  failures=str(len(diags)), errors="0", skipped="0")
            if not diags:
                ET.SubElement(suite, "testcase", name="speclint", classname=shown, file=shown)
            for d in diags:
                where = f" in {d.document}" if d.document is not None else ""
                case = ET.SubElement(suite, "testcase", name=f"{d.code} {d.name} at {d.line}:{d.column}{where}",
                                     classname=shown, file=shown, line=str(d.line))
                failure = ET.SubElement(case, "failure", message=d.message, type=str(d.severity))
                failure.text = (f"{d.path}:{d.line}:{d.column}:{where} {d.severity} {d.code} {d.message}\n"
                                + (f"help: {d.hint}\n" if d.hint else "") + d.docs_url)
            total += max(1, len(diags))
            failures += len(diags)
        suites.set("tests", str(total))
        suites.set("failures", str(failures))
        suites.set("errors", "0")
        self.stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        self.stream.write(ET.tostring(suites, encoding="unicode"))
        self.stream.write("\n")
