"""Content checks of uploaded evidence files and the sanitising of their names. No database, no storage.

A file is what its bytes say, never what its name says: the first bytes must be a PDF, JPEG or PNG
signature, and the whole file must then parse as that format. PDFs with active content are refused,
and images with absurd pixel dimensions. Everything reads the upload in chunks or through a parser
that seeks in it: an upload beyond FILE_UPLOAD_MAX_MEMORY_SIZE is a temporary file on disk, and stays there.
"""
import hashlib
import re
import struct
import unicodedata
import warnings
from dataclasses import dataclass

from django.conf import settings
from PIL import Image, ImageFile

from apps.core.exceptions import DomainError

from .models_evidence import EvidenceContentType as CT

# The limits are settings (EVIDENCE_MAX_FILE_BYTES, EVIDENCE_MAX_APPLICATION_BYTES), these their defaults.
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_APPLICATION_BYTES = 200 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
MAX_NAME_LENGTH = 100
# Objects walked in a PDF before it is refused as too complex to check.
MAX_PDF_OBJECTS = 100_000

SIGNATURES = ((b"%PDF-", CT.PDF), (b"\xff\xd8\xff", CT.JPEG), (b"\x89PNG\r\n\x1a\n", CT.PNG))
EXTENSIONS = {CT.PDF: (".pdf",), CT.JPEG: (".jpg", ".jpeg"), CT.PNG: (".png",)}

# Dictionary keys that make a PDF do something by itself: scripts, launching programs, embedded files,
# actions on opening or on events, rich media, XML forms. `/OpenAction` alone may just open page 1: its
# value is walked like everything else, so an OpenAction running JavaScript is refused by the /JS or /S /JavaScript in it.
ACTIVE_PDF_KEYS = frozenset({"/JavaScript", "/JS", "/Launch", "/EmbeddedFiles", "/EmbeddedFile", "/AA", "/RichMedia", "/XFA"})
ACTIVE_PDF_NAMES = frozenset({"/JavaScript", "/Launch", "/RichMedia", "/EmbeddedFile", "/ImportData", "/SubmitForm", "/Movie", "/Sound"})
# The longer of those names written out in the raw bytes (a belt to the walk's braces: it also sees objects
# nothing references). Not /JS or /AA: three bytes turn up by chance in a large scan's compressed images.
_RAW_ACTIVE = re.compile(rb"/(?:JavaScript|Launch|EmbeddedFiles?|RichMedia|XFA)(?=[\s/<>\[\]()%{}]|$)")

# A truncated image is an error, not a grey band. Pillow's switch is process-wide and WeasyPrint turns it on
# when imported (weasyprint/images.py; the recommendation form imports it), so `check_image` turns it off
# for its own decoding and puts it back after.
ImageFile.LOAD_TRUNCATED_IMAGES = False


class FileRefused(DomainError):
    code = "file_refused"


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    size: int
    sha256: str
    extension: str


def max_file_bytes():
    return getattr(settings, "EVIDENCE_MAX_FILE_BYTES", MAX_FILE_BYTES)


def max_application_bytes():
    return getattr(settings, "EVIDENCE_MAX_APPLICATION_BYTES", MAX_APPLICATION_BYTES)


def too_large():
    """The refusal of a file past the size limit (here, or by the upload handler before it was stored)."""
    return FileRefused(f"文件超过{megabytes(max_file_bytes())}，请压缩或拆分后上传。", code="file_too_large")


def check_upload(upload):
    """Check an uploaded file (a Django `UploadedFile`): size, signature, a full parse. Returns a `CheckedFile`.

    Reads it in chunks once for the size, the signature and the SHA-256, then lets the format's parser read it.
    """
    max_bytes = max_file_bytes()
    if upload.size is not None and upload.size > max_bytes:
        raise too_large()
    digest, size, head, tail = hashlib.sha256(), 0, b"", b""
    upload.seek(0)
    for chunk in upload.chunks():
        size += len(chunk)
        if size > max_bytes:  # the declared size can lie; the bytes cannot
            raise too_large()
        digest.update(chunk)
        if len(head) < 16:
            head += chunk[: 16 - len(head)]
        tail = (tail + chunk)[-1024:]
    if size == 0:
        raise FileRefused("文件是空的，请重新选择。", code="file_empty")
    content_type = sniff(head)
    upload.seek(0)
    if content_type == CT.PDF:
        check_pdf(upload, tail)
    else:
        check_image(upload, content_type)
    upload.seek(0)
    return CheckedFile(content_type, size, digest.hexdigest(), EXTENSIONS[content_type][0])


def sniff(head):
    for signature, content_type in SIGNATURES:
        if head.startswith(signature):
            return content_type
    raise FileRefused("只能上传PDF、JPEG或PNG文件（按文件内容判断，不看扩展名），该文件不是这三种格式。", code="file_type")


def check_pdf(stream, tail=b""):
    """Parse the PDF and walk every object reachable from its trailer; refuse active content."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    if b"%%EOF" not in tail:
        raise FileRefused("PDF文件不完整（可能上传中断或文件已损坏），请重新导出后上传。", code="file_corrupt")
    _scan_raw(stream)
    stream.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(stream, strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise FileRefused("加密的PDF无法检查，请去除密码保护后上传。", code="file_encrypted")
            if len(reader.pages) < 1:
                raise FileRefused("PDF文件没有页面，请检查后重新上传。", code="file_corrupt")
            seen, todo, walked = set(), [reader.trailer], 0
            while todo:
                item = todo.pop()
                if isinstance(item, IndirectObject):
                    key = (item.idnum, item.generation)
                    if key in seen:
                        continue
                    seen.add(key)
                    item = item.get_object()
                walked += 1
                if walked > MAX_PDF_OBJECTS:
                    raise FileRefused("PDF文件结构过于复杂，无法完成安全检查，请另存为普通PDF后上传。", code="file_complex")
                if isinstance(item, DictionaryObject):
                    for name, value in item.items():
                        if name in ACTIVE_PDF_KEYS:
                            raise _active_pdf()
                        todo.append(value)
                elif isinstance(item, ArrayObject):
                    todo.extend(item)
                elif isinstance(item, NameObject) and item in ACTIVE_PDF_NAMES:
                    raise _active_pdf()
    except FileRefused:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError, RecursionError, AssertionError, ZeroDivisionError):
        raise FileRefused("PDF文件已损坏或无法解析，请重新导出后上传。", code="file_corrupt") from None


def _scan_raw(stream, chunk_size=1024 * 1024):
    """The active-content names in the raw bytes, in chunks that overlap by a name's length."""
    previous = b""
    for chunk in iter(lambda: stream.read(chunk_size), b""):
        window = previous + chunk
        if _RAW_ACTIVE.search(window):
            raise _active_pdf()
        previous = chunk[-32:]


def _active_pdf():
    return FileRefused("PDF文件含有脚本、自动操作或嵌入文件等活动内容，出于安全原因不能上传。请使用“打印为PDF”另存后再上传。", code="file_active_content")


def check_image(stream, content_type):
    """Open the image (header only), refuse absurd dimensions, then verify and fully decode it."""
    expected = "JPEG" if content_type == CT.JPEG else "PNG"
    # Importing WeasyPrint (the recommendation form) sets Pillow's process-wide flag to pad truncated images
    # silently; this check must never inherit that (it is put back as found afterwards).
    tolerant, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(stream, formats=[expected]) as image:
                width, height = image.size
                if width < 1 or height < 1 or width * height > MAX_IMAGE_PIXELS:
                    raise FileRefused(
                        f"图片尺寸为{width}×{height}像素，超过{MAX_IMAGE_PIXELS // 1_000_000}00万像素的上限，请缩小后上传。",
                        code="image_too_large",
                    )
                image.verify()
            stream.seek(0)
            with Image.open(stream, formats=[expected]) as image:
                if content_type == CT.JPEG:
                    image.draft("RGB", (max(1, width // 8), max(1, height // 8)))  # decode every block, at 1/8 scale
                image.load()
    except FileRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise FileRefused(f"图片像素过多，超过{MAX_IMAGE_PIXELS // 1_000_000}00万像素的上限，请缩小后上传。", code="image_too_large") from None
    except (OSError, SyntaxError, ValueError, EOFError, struct.error):
        raise FileRefused("图片文件不完整或已损坏，请重新保存后上传。", code="file_corrupt") from None
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = tolerant


def megabytes(n):
    return f"{n / (1024 * 1024):g} MB"


# --- Names ----------------------------------------------------------------------------------------

_WINDOWS_RESERVED = re.compile(r"^(CON|PRN|AUX|NUL|CLOCK\$|CONIN\$|CONOUT\$|COM[0-9¹²³]|LPT[0-9¹²³])$", re.IGNORECASE)
_FORBIDDEN = re.compile(r'[<>:"/\\|?*]')


def display_name(name, extension):
    """The name to show and to offer on download: no directories, no control, format or bidirectional
    characters, no characters Windows forbids, not a reserved device name, at most MAX_NAME_LENGTH
    characters, and ending in `extension` (the type the content was found to be)."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(char for char in name if unicodedata.category(char) not in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"))
    name = _FORBIDDEN.sub("_", name)
    name = re.sub(r"\s+", " ", name).strip(" .")
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    if "." + ext.lower() not in _extensions_for(extension):
        stem = name  # a wrong or missing extension stays part of the name; the right one is added
    stem = stem.strip(" .")
    if _WINDOWS_RESERVED.match(stem.split(".")[0].strip()):
        stem = "_" + stem
    stem = stem[: MAX_NAME_LENGTH - len(extension)].rstrip(" .") or "未命名文件"
    return stem + extension


def _extensions_for(extension):
    for extensions in EXTENSIONS.values():
        if extension in extensions:
            return extensions
    return (extension,)
