"""gongkai reindex: rebuild the search index (documents, annual reports, guides, 制度 pages)."""

import time

from gongkai.core.commands import GongkaiCommand


class Command(GongkaiCommand):
    help = "重建检索索引（政府信息、年度报告、公开指南和公开制度页面）"

    def run(self, *args, **options):
        from gongkai.catalog.search_index import reindex, reindex_pages

        t0 = time.perf_counter()
        docs = reindex()
        pages = reindex_pages()
        self.stdout.write(f"已重建检索索引：政府信息 {docs} 条，页面 {pages} 个，用时 {time.perf_counter() - t0:.1f} 秒。")
