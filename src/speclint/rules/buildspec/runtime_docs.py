"""Docs shared by the runtime-versions rules: the table's source, date and contents."""

from __future__ import annotations


class RuntimeTableDocs:
    """Mixin: `speclint rule` and docs/rules.md show where the runtime table comes from."""

    show_table = False

    @classmethod
    def extra_docs(cls) -> str:
        from speclint import runtimes

        text = f"### Runtime table\n\n{runtimes.source_line()}"
        if not cls.show_table:
            return text
        data = runtimes.table()
        names = [n for n in data["runtime_names"]]
        rows = ["| image | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
        for image_id, info in data["images"].items():
            cells = []
            for name in names:
                entry = info["runtimes"].get(name)
                if not entry:
                    cells.append("—")
                    continue
                versions = ", ".join(entry["versions"])  # AWS's order
                cells.append(versions + (" (+custom)" if entry["custom"] else ""))
            status = "" if info["maintained"] else " (deprecated)"
            rows.append(f"| `{image_id}`{status} | " + " | ".join(cells) + " |")
        return text + "\n\n(+custom): other versions of this runtime are installed at build time.\n\n" + "\n".join(rows)
