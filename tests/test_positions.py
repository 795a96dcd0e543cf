"""speclint.source.positions: the one place where offsets, lines/columns, UTF-16 and bytes meet."""

import pytest

from speclint.source.positions import IDENTITY, LineIndex, PositionMap

TEXT = "version: 0.2\r\nenv:\n  é: \U0001F600x\n"


def test_offsets_and_positions_round_trip_on_every_character():
    index = LineIndex(TEXT)
    for offset in range(len(TEXT) + 1):
        assert index.offset(*index.position(offset)) == offset


@pytest.mark.parametrize("line, column, expected", [(1, 1, (0, 0)), (3, 3, (2, 2)), (3, 6, (2, 5)), (3, 7, (2, 7))])
def test_utf16_counts_astral_characters_as_two_units(line, column, expected):
    assert LineIndex(TEXT).to_utf16(line, column) == expected


@pytest.mark.parametrize("lsp, expected", [((2, 5), (3, 6)), ((2, 6), (3, 6)), ((2, 7), (3, 7)), ((2, 99), (3, 8)),
                                           ((99, 0), (4, 1)), ((-1, 0), (1, 1))])
def test_lsp_positions_never_raise_and_clamp(lsp, expected):
    assert LineIndex(TEXT).from_utf16(*lsp) == expected


def test_byte_offsets_count_the_encoding_and_the_bom():
    index = LineIndex(TEXT)
    offset = index.offset(3, 7)  # the "x" after the emoji
    assert index.to_bytes(offset) == len(TEXT[:offset].encode("utf-8"))
    assert index.to_bytes(offset, bom=True) == len(TEXT[:offset].encode("utf-8")) + 3


def test_identity_map_and_runs():
    assert IDENTITY.to_host(17) == 17 and IDENTITY.exact(0, 99)
    # document "ab\ncd" written in a host as `"ab\\ncd"` at offset 10: the escape is inexact
    m = PositionMap([(0, 11), (2, 13), (3, 15)], length=5, inexact=[1])
    assert [m.to_host(i) for i in range(5)] == [11, 12, 13, 15, 16]
    assert m.exact(0, 2) and m.exact(3, 5)
    assert not m.exact(1, 4)
