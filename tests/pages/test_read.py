"""Decoding pages: byte-order marks, right, wrong and missing charset declarations, mixed encodings."""

from __future__ import annotations

import codecs
import gzip

import pytest

from saidwhat.core.errors import BinaryInput, DecodeError, EmptyInput, InputTooLarge
from saidwhat.core.model import Article, InputInfo
from saidwhat.core.options import Options
from saidwhat.pages.read import ReadPage, decode, detect_format, gunzip

TEXT = "Café society: the mayor’s “naïve” plan — 20 € a month, said Zoë Müller."


def page(charset: str | None, body: str = TEXT) -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    return f"<!DOCTYPE html><html><head>{meta}<title>t</title></head><body><p>{body}</p></body></html>"


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
    ],
)
def test_a_byte_order_mark_decides_and_is_dropped(bom: bytes, encoding: str) -> None:
    text = decode(bom + page("iso-8859-1").encode(encoding))  # the BOM wins over the declaration
    assert TEXT in text
    assert not text.startswith("\ufeff")


def test_utf16_without_a_bom_is_recognised() -> None:
    assert TEXT in decode(page(None).encode("utf-16-le"))


@pytest.mark.parametrize("charset", ["windows-1252", "iso-8859-1", "latin1"])
def test_a_right_single_byte_declaration_is_followed(charset: str) -> None:
    assert TEXT in decode(page(charset).encode("cp1252"))


def test_a_declaration_of_another_script_is_followed() -> None:
    body = "Министр заявил, что переговоры продолжатся в понедельник."
    assert body in decode(page("windows-1251", body).encode("cp1251"))
    body = "大臣は月曜日に交渉を続けると述べた。"
    assert body in decode(page("shift_jis", body).encode("shift_jis"))


def test_a_single_byte_declaration_over_utf8_bytes_is_wrong() -> None:
    # A template that says windows-1252 around UTF-8 content: the bytes win.
    assert TEXT in decode(page("windows-1252").encode("utf-8"))


def test_a_utf8_declaration_over_cp1252_bytes_is_wrong() -> None:
    text = decode(page("utf-8", TEXT * 20).encode("cp1252"))
    assert TEXT in text


def test_a_missing_declaration_is_guessed_from_the_bytes() -> None:
    assert TEXT in decode(page(None).encode("utf-8"))
    french = "Le maire a déclaré que le marché de Noël ouvrirait plus tôt, à la demande des commerçants. " * 8
    assert "déclaré" in decode(page(None, french).encode("cp1252"))


def test_an_unknown_charset_name_is_ignored() -> None:
    assert TEXT in decode(page("x-no-such-charset").encode("utf-8"))


def test_mixed_encodings_are_repaired() -> None:
    # UTF-8 page with one paragraph pasted in as windows-1252
    data = page("utf-8").encode("utf-8") + "<p>Résumé of the débat</p>".encode("cp1252")
    text = decode(data)
    assert TEXT in text
    assert "Résumé of the débat" in text


def test_empty_and_binary_input_are_refused() -> None:
    with pytest.raises(EmptyInput):
        decode(b"   \n\t ")
    with pytest.raises(BinaryInput):
        decode(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)


def test_undecodable_bytes_raise_decode_error_or_decode() -> None:
    data = bytes(range(128, 256)) * 20
    try:
        text = decode(data)
    except DecodeError as err:
        assert "undecodable" in err.reason
    else:
        assert text  # a statistical guess is allowed, but it must not be empty


def test_detect_format() -> None:
    assert detect_format(page("utf-8").encode()) == "html"
    assert detect_format(b"Title\n\nA paragraph of a text dump.") == "text"
    assert detect_format(b"WARC/1.0\r\nWARC-Type: warcinfo\r\n") == "warc"
    assert detect_format(gzip.compress(b"WARC/1.1\r\nWARC-Type: response\r\n")) == "warc"
    assert detect_format(gzip.compress(page("utf-8").encode())) == "gzip"


def test_gzip_input_is_decompressed_within_the_limit() -> None:
    data = gzip.compress(page("utf-8").encode())
    assert gunzip(data, 10_000).startswith(b"<!DOCTYPE html>")
    with pytest.raises(InputTooLarge):
        gunzip(gzip.compress(b"a" * 50_000), 10_000)
    with pytest.raises(DecodeError):
        gunzip(b"\x1f\x8b\x08\x00garbage", 10_000)


def test_read_page_stage_decompresses_and_normalises_newlines() -> None:
    raw = gzip.compress(page("utf-8", "line one\r\nline two\rline three").encode())
    article = ReadPage(Options())(Article(input=InputInfo(path="p.html.gz"), raw=raw))
    assert article.input.format == "html"
    assert "line one\nline two\nline three" in article.page
    assert "\r" not in article.page


RUSSIAN = "Министр заявил, что переговоры продолжатся в понедельник."


def test_the_transport_charset_comes_before_the_meta_tag() -> None:
    data = page("iso-8859-1", RUSSIAN).encode("cp1251")  # the meta tag is wrong, the HTTP header right
    assert RUSSIAN not in decode(data)
    assert RUSSIAN in decode(data, declared="windows-1251")
    assert RUSSIAN in decode(page(None, RUSSIAN).encode("koi8-r"), declared='"KOI8-R"')


def test_the_bytes_overrule_a_wrong_transport_charset() -> None:
    assert TEXT in decode(page(None).encode("utf-8"), declared="iso-8859-1")  # UTF-8 bytes win
    assert TEXT in decode(page(None).encode("cp1252"), declared="utf-8")  # not UTF-8: guessed
    assert TEXT in decode(page("windows-1252").encode("cp1252"), declared="no-such-charset")  # meta


def test_read_page_stage_takes_the_charset_of_the_input() -> None:
    info = InputInfo(path="p.html", format="html", encoding="windows-1251")
    article = ReadPage(Options())(Article(input=info, raw=page("iso-8859-1", RUSSIAN).encode("cp1251")))
    assert RUSSIAN in article.page


NOT_TEXT_ENCODINGS = ["rot13", "rot_13", "base64", "zlib", "hex", "uu", "bz2", "quopri", "unicode_escape"]
NOT_WHATWG_LABELS = ["raw_unicode_escape", "punycode", "idna", "utf-7", "cp037", "mbcs", "utf-32", "utf_8"]


@pytest.mark.parametrize("label", NOT_TEXT_ENCODINGS + NOT_WHATWG_LABELS)
def test_a_label_that_is_not_a_whatwg_text_encoding_is_no_declaration(label: str) -> None:
    # Python codecs, honoured (rot13) or refused with an internal LookupError before.
    assert TEXT in decode(page(label).encode("utf-8"))
    assert TEXT in decode(page(None).encode("utf-8"), declared=label)
    french = "Le maire a déclaré que le marché de Noël ouvrirait plus tôt, à la demande des commerçants. " * 8
    text = decode(page(label, french).encode("cp1252"))  # guessed from the bytes, not read as the label says
    assert "Le maire a d" in text and "demande des commer" in text


@pytest.mark.parametrize("label", ["utf-16", "UTF-16LE", "utf-16be", "unicode", "ucs-2"])
@pytest.mark.parametrize("pad", ["", " "])  # an even and an odd number of bytes
def test_a_utf16_declaration_over_one_byte_text_is_ignored(label: str, pad: str) -> None:
    data = page(label, TEXT + pad).encode("utf-8")
    assert TEXT in decode(data)
    assert TEXT in decode(data, declared=label)
    assert TEXT in decode(page(label, TEXT + pad).encode("cp1252"))


def test_a_multibyte_declaration_over_utf8_bytes_is_ignored() -> None:
    body = "大臣は月曜日に交渉を続けると述べた。"
    assert body in decode(page("shift_jis", body).encode("utf-8"))
    assert body in decode(page("euc-kr", body).encode("utf-8"))


def test_labels_are_read_as_the_whatwg_encoding_standard_says() -> None:
    from saidwhat.pages.encodings import codec_for

    assert codec_for(" Latin1 ") == codec_for("US-ASCII") == codec_for("iso-8859-1") == "cp1252"
    assert codec_for("gb2312") == codec_for("GBK") == "gb18030"
    assert codec_for("shift_jis") == "cp932" and codec_for("euc-kr") == "cp949"
    assert codec_for("x-user-defined") == "cp1252"
    assert codec_for("iso-2022-kr") is None  # a 'replacement' label: browsers decode nothing
    assert all(codec_for(label) is None for label in NOT_TEXT_ENCODINGS + NOT_WHATWG_LABELS)


def test_every_label_of_the_data_file_is_a_text_encoding_of_python() -> None:
    from saidwhat.pages.encodings import _labels

    labels = _labels()
    assert len(labels) > 200
    for label, codec in labels.items():
        if codec is not None:
            assert "é".encode(codec, "replace").decode(codec), label


def test_repairing_mixed_encodings_is_linear_in_the_stray_bytes() -> None:
    import time

    # Each stray byte made the decoder start again on a copy of the rest of the page: 1.2 MB with
    # 80,000 stray bytes took 11 s (the page's time limit is 30 s). A generous bound: 3 s.
    stray = ("Résumé ".encode() + b"d\xe9bat ") * 80_000
    started = time.monotonic()
    text = decode(page("utf-8").encode("utf-8") + stray)
    assert time.monotonic() - started < 3.0
    assert text.count("Résumé débat ") == 80_000 and TEXT in text
