"""Documents laid out as 公文 (GB/T 9704-2012): the page setup written once, a small layout description (blocks), and
its DOCX, HTML and PDF renderers. Used by the annual report (page setup only), letters, the case dossier (案卷),
送达回证 and the 保密审查单. Knows no domain app: callers build a `model.Document` and pick a renderer."""
