"""Reading a file into documents: bytes, YAML nodes with positions, kind and variant."""
