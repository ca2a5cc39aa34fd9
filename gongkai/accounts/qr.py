"""The otpauth:// address as an inline SVG QR code (segno), so no image leaves the server."""

import io

import segno


def svg(data: str) -> str:
    buffer = io.BytesIO()
    segno.make(data, error="m").save(buffer, kind="svg", scale=4, border=2, xmldecl=False, svgns=True,
                                     title="动态口令设置二维码")
    return buffer.getvalue().decode("utf-8")
