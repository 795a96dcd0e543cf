"""`speclint server`: a Language Server Protocol server over stdio (optional extra `speclint[lsp]`).

The editor-independent parts have no LSP library in them and are tested on their own:

- `session`: the lint of an editor buffer - the same findings as the CLI for that path
  (nearest configuration, suppressions, revision checks when the file is on disk), ShellCheck
  only when asked (open and save), the configuration reloaded when one changes;
- `lsp`: findings, edits and positions in the protocol's shapes (UTF-16 columns through
  `speclint.source.positions`, the one converter);
- `actions`: code actions - each finding's fix (`Diagnostic.fix`), "ignore CODE on this
  line", "ignore CODE in this file";
- `hover`: a finding's rule summary and docs link, a key's schema description, a hook's
  place in the lifecycle (`speclint lifecycle`);
- `complete`: keys valid at the cursor, hook names of the appspec's platform, phase names,
  runtime names and versions of the known image, enumerated values.

`protocol` wires them to pygls; it is the only module that imports pygls and lsprotocol,
and it is imported only by `speclint server`, so the CLI's start-up does not change.
"""

from __future__ import annotations

from typing import Optional


def main(argv: Optional[list] = None) -> int:
    """Serve LSP on standard input and output until the client says exit. Returns the exit code."""
    try:
        from speclint.server import protocol
    except ImportError as exc:  # pygls is an optional extra
        import sys

        sys.stderr.write(f"speclint server needs the lsp extra: pip install 'speclint[lsp]' ({exc})\n")
        return 2
    code = protocol.serve()
    # The transport closed standard output: nothing may flush it on the way out.
    import os
    import sys

    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - for the rest of the process
    return code
