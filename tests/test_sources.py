from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from newsdigest.batch.sources import read_source
from newsdigest.errors import BinaryInputError, DecodeError, EmptyInputError, InputError

TEXT = "Café owners in Zürich said the “new rules” cost them €2,000 – a lot."


def write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_utf8_with_and_without_bom(tmp_path: Path) -> None:
    plain = read_source(write(tmp_path, "a.txt", TEXT.encode("utf-8")))
    bom = read_source(write(tmp_path, "b.txt", codecs.BOM_UTF8 + TEXT.encode("utf-8")))
    assert plain.text == TEXT and plain.encoding == "utf-8"
    assert bom.text == TEXT  # the BOM is not part of the text, so offsets start at the first letter


def test_windows_1252_is_detected(tmp_path: Path) -> None:
    path = write(tmp_path, "legacy.txt", ((TEXT + " ") * 5).encode("cp1252"))
    decoded = read_source(path)
    assert decoded.text == (TEXT + " ") * 5
    assert decoded.encoding.replace("-", "").replace("_", "") in {"cp1252", "windows1252"}


def test_utf16_with_bom(tmp_path: Path) -> None:
    assert read_source(write(tmp_path, "u16.txt", TEXT.encode("utf-16"))).text == TEXT


def test_encoding_override(tmp_path: Path) -> None:
    path = write(tmp_path, "latin.txt", "Zürich".encode("latin-1"))
    assert read_source(path, encoding="latin-1").text == "Zürich"
    with pytest.raises(DecodeError, match="not valid utf-8"):
        read_source(path, encoding="utf-8")


def test_binary_file_is_rejected(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    with pytest.raises(BinaryInputError, match="binary") as info:
        read_source(write(tmp_path, "image.png", png))
    assert "image.png" in str(info.value)


@pytest.mark.parametrize("content", [b"", b"   \n\t\n  "])
def test_empty_and_whitespace_only(tmp_path: Path, content: bytes) -> None:
    with pytest.raises(EmptyInputError, match="empty"):
        read_source(write(tmp_path, "empty.txt", content))


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found") as info:
        read_source(str(tmp_path / "nope.txt"))
    assert "nope.txt" in str(info.value)
    with pytest.raises(InputError, match="is a directory"):
        read_source(str(tmp_path))


def test_other_legacy_encodings_are_not_forced_to_cp1252(tmp_path: Path) -> None:
    russian = "Москва заявила, что переговоры продолжатся в среду. " * 4
    assert read_source(write(tmp_path, "ru.txt", russian.encode("cp1251"))).text == russian
