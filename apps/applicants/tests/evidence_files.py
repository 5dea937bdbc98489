"""Hostile and harmless files for the evidence tests, built in code."""
import io
import warnings
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.applicants.samples import image_bytes, pdf_bytes

ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 200
MZ = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200 + b"This program cannot be run in DOS mode."


def upload(content, name="证书.pdf", content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def pdf_with_javascript():
    return pdf_bytes(extra_catalog="/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >> ")


def pdf_with_escaped_javascript_name():
    """`/J#61vaScript` is `/JavaScript` with one letter hex-escaped: the raw bytes never spell it."""
    return pdf_bytes(extra_catalog="/Names << /J#61vaScript << /Names [(a) << /S /J#53 (x) >>] >> >> ")


def pdf_written_by_pypdf(*, javascript=False, attachment=False):
    """A PDF as a real library writes it (compressed object streams when asked)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if javascript:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # add_js: still what a document-level script is
            writer.add_js("app.alert('x');")
    if attachment:
        writer.add_attachment("run.exe", MZ)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def pixel_bomb_png(width=50_000, height=50_000):
    """A tiny PNG whose header claims `width`×`height` pixels (2.5 gigapixels by default)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + png_chunk(b"IEND", b"")


def truncated_png():
    data = image_bytes("PNG", size=(400, 300), label="truncated")
    return data[: len(data) // 2]


def truncated_jpeg():
    data = image_bytes("JPEG", size=(400, 300), label="truncated")
    return data[: len(data) // 2]


__all__ = ["ELF", "MZ", "draft", "image_bytes", "indicator", "pdf_bytes", "upload"]


# Fixtures the statement and evidence tests share (imported by name into each module).


@pytest.fixture
def draft(round, unit_a, applicant_a):
    """Applicant A's draft application in unit A: editable."""
    from apps.applicants.enums import ApplicationStatus
    from apps.applicants.tests.factories import ApplicationFactory

    return ApplicationFactory(round=round, unit=unit_a, applicant=applicant_a, status=ApplicationStatus.DRAFT)


@pytest.fixture
def indicator(round):
    """The round's first indicator (引领力·勇挑重担)."""
    return round.indicators.order_by("position").first()
