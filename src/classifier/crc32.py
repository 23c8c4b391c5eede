"""CRC-32 (zlib's) of concatenated strings from the CRC-32s of their parts, vectorised.

``crc32(A + B) == shift(crc32(A), len(B)) ^ crc32(B)``, where ``shift`` feeds ``len(B)`` zero
bytes through the CRC register: linear over GF(2), so one lookup table per byte of the register
and per count of zero bytes computes it for a whole array at once (zlib's ``crc32_combine``).
This lets a batch's word bigrams (``"b|{first} {second}"``) be hashed exactly as
``zlib.crc32`` would, from two cached per-token values, without building a string per bigram.
"""

from __future__ import annotations

import zlib
from typing import Final

import numpy as np
import numpy.typing as npt

_POLYNOMIAL: Final = 0xEDB88320  # reflected CRC-32 polynomial (zlib, PNG, Ethernet)
MAX_SHIFT: Final = 64  # zero bytes per table lookup; longer parts take several


def _byte_table() -> npt.NDArray[np.uint32]:
    table = np.zeros(256, dtype=np.uint32)
    for byte in range(256):
        register = byte
        for _ in range(8):
            register = (register >> 1) ^ _POLYNOMIAL if register & 1 else register >> 1
        table[byte] = register
    return table


_BYTE_TABLE: Final = _byte_table()


def _shift_tables() -> npt.NDArray[np.uint32]:
    """``tables[n, k, b]``: the register ``b << 8k`` after ``n`` zero bytes."""
    byte_table = _BYTE_TABLE
    tables = np.zeros((MAX_SHIFT + 1, 4, 256), dtype=np.uint32)
    for k in range(4):
        register = np.arange(256, dtype=np.uint32) << np.uint32(8 * k)
        tables[0, k] = register
        for n in range(1, MAX_SHIFT + 1):
            register = byte_table[register & 0xFF] ^ (register >> np.uint32(8))
            tables[n, k] = register
    return tables


_SHIFT: Final = _shift_tables()


def shift(crc: npt.NDArray[np.uint32], n_bytes: npt.NDArray[np.int64]) -> npt.NDArray[np.uint32]:
    """Each ``crc`` as if ``n_bytes`` zero bytes had been appended to its (unknown) input."""
    crc = crc.astype(np.uint32, copy=True)
    remaining = n_bytes.astype(np.int64, copy=True)
    while True:
        step = np.minimum(remaining, MAX_SHIFT)
        crc = (
            _SHIFT[step, 0, crc & 0xFF]
            ^ _SHIFT[step, 1, (crc >> 8) & 0xFF]
            ^ _SHIFT[step, 2, (crc >> 16) & 0xFF]
            ^ _SHIFT[step, 3, crc >> 24]
        )
        remaining -= step
        if not remaining.any():
            return crc


def concatenated(
    first: npt.NDArray[np.uint32],
    second: npt.NDArray[np.uint32],
    second_bytes: npt.NDArray[np.int64],
) -> npt.NDArray[np.uint32]:
    """``zlib.crc32(a + b)`` from ``zlib.crc32(a)``, ``zlib.crc32(b)`` and ``len(b)``."""
    combined: npt.NDArray[np.uint32] = shift(first, second_bytes) ^ second.astype(np.uint32)
    return combined


def _character_tables() -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.int64]]:
    """``zlib.crc32(chr(c).encode())`` and its byte length for every BMP code point outside the
    surrogates (those have no UTF-8 form: length 0 marks them)."""
    codes = np.arange(0x10000, dtype=np.uint32)
    lengths = np.where(codes < 0x80, 1, np.where(codes < 0x800, 2, 3)).astype(np.int64)
    lengths[0xD800:0xE000] = 0
    # the UTF-8 bytes, most significant first, as a (code point, 3) matrix
    first = np.where(
        lengths == 1, codes, np.where(lengths == 2, 0xC0 | (codes >> 6), 0xE0 | (codes >> 12))
    )
    second = np.where(lengths == 2, 0x80 | (codes & 0x3F), 0x80 | ((codes >> 6) & 0x3F))
    third = 0x80 | (codes & 0x3F)
    byte_table = _BYTE_TABLE
    register = np.full(len(codes), 0xFFFFFFFF, dtype=np.uint32)
    for position, byte in enumerate((first, second, third)):
        step = byte_table[(register ^ byte.astype(np.uint32)) & 0xFF] ^ (register >> np.uint32(8))
        register = np.where(lengths > position, step, register)
    return register ^ np.uint32(0xFFFFFFFF), lengths


_CHARACTER_CRC, _CHARACTER_BYTES = _character_tables()


def of_windows(
    prefix: bytes, codes: npt.NDArray[np.uint32], starts: npt.NDArray[np.int64], width: int
) -> npt.NDArray[np.uint32]:
    """``zlib.crc32(prefix + chars.encode())`` for each window ``codes[s : s + width]`` of code
    points, all in the BMP and none a surrogate."""
    if len(codes) and (codes.max() >= 0x10000 or (_CHARACTER_BYTES[codes] == 0).any()):
        raise ValueError("code points outside the BMP or surrogates have no table entry")
    crc = np.full(len(starts), zlib.crc32(prefix), dtype=np.uint32)
    for offset in range(width):
        characters = codes[starts + offset]
        crc = shift(crc, _CHARACTER_BYTES[characters]) ^ _CHARACTER_CRC[characters]
    return crc
