"""Scanned PDFs: placeholder until OCR lands."""

from .detect import Unreadable


def read_scanned_pdf(raw, exc):
    raise exc or Unreadable("PDF 没有文字层（可能是扫描件），无法读取。")
