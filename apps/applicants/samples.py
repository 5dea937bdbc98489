"""Small evidence files made in code: for the demo data, the tests and the upload benchmark (no committed binaries)."""
import io
import zlib

from PIL import Image, ImageDraw


def pdf_bytes(text="Certificate", *, extra_catalog="", padding=0, pages=1):
    """A minimal well-formed PDF (xref offsets computed) with `pages` pages showing `text` (ASCII).

    `extra_catalog` is spliced into the catalog dictionary (e.g. an /OpenAction for the tests);
    `padding` adds that many bytes of an unreferenced, compressed-looking stream (for large files).
    """
    objects = []
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(pages))
    objects.append(f"<< /Type /Catalog /Pages 2 0 R {extra_catalog}>>".encode())
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode())
    font_number = 3 + 2 * pages
    for i in range(pages):
        content = f"BT /F1 24 Tf 72 720 Td ({text} {i + 1}) Tj ET".encode()
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {4 + 2 * i} 0 R "
            f"/Resources << /Font << /F1 {font_number} 0 R >> >> >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    if padding:
        # Deterministic incompressible-ish bytes, as a scan's image data would be.
        block = zlib.compress(bytes(range(256)) * 64, 0)
        data = (block * (padding // len(block) + 1))[:padding]
        objects.append(b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream")
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def image_bytes(format="PNG", *, size=(240, 160), label="", color=(176, 42, 48)):
    """A small generated image (a coloured card with a line of text) as PNG or JPEG bytes."""
    image = Image.new("RGB", size, (250, 248, 244))
    draw = ImageDraw.Draw(image)
    draw.rectangle([8, 8, size[0] - 9, size[1] - 9], outline=color, width=4)
    draw.text((20, size[1] // 2 - 6), label or format, fill=color)
    out = io.BytesIO()
    image.save(out, format=format)
    return out.getvalue()
