import pytest

from rasid.ingest.decode import Undecodable, decode

TEXT = "وصل الوزير إلى العاصمة صباح اليوم في زيارة رسمية تستمر يومين، وفق بيان الوزارة."


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-32", "cp1256"])
def test_encodings_arabic_news_comes_in(encoding):
    assert decode(TEXT.encode(encoding)) == TEXT


def test_declared_charset_is_used_when_bytes_are_not_utf8():
    assert decode(TEXT.encode("cp1256"), declared="windows-1256") == TEXT


def test_binary_files_are_named():
    with pytest.raises(Undecodable, match="PDF"):
        decode(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj")
    with pytest.raises(Undecodable, match="NUL"):
        decode(bytes(range(256)) * 4)


def test_a_broken_byte_run_in_utf8_is_refused_with_its_offset():
    good = (TEXT * 5).encode("utf-8")
    with pytest.raises(Undecodable, match=r"invalid UTF-8 at byte \d+"):
        decode(good + b"\xff\xfe\xfa" + good)


def test_latin_text_in_an_unknown_8bit_encoding_is_not_passed_off_as_arabic():
    with pytest.raises(Undecodable):
        decode("Grüße aus München, schöne Straße".encode("latin-1"))
