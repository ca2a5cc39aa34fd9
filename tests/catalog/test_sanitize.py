from gongkai.catalog.sanitize import sanitize


def test_scripts_and_their_content_are_dropped():
    html, text = sanitize('<p>正文<script>alert("x")</script></p><style>p{}</style>')
    assert html == "<p>正文</p>" and text == "正文"


def test_event_handlers_and_javascript_links_are_removed():
    html, _ = sanitize('<p onclick="evil()">段落</p><a href="javascript:alert(1)">链接</a><a href="https://www.gov.cn/x">政府网</a>')
    assert "onclick" not in html and "javascript" not in html
    assert '<a href="https://www.gov.cn/x" rel="noopener nofollow">政府网</a>' in html


def test_unknown_tags_are_unwrapped_and_text_escaped():
    html, text = sanitize('<div><font color="red">1 &lt; 2</font><img src=x onerror=y></div>')
    assert html == "1 &lt; 2" and text == "1 < 2"


def test_unclosed_tags_are_closed_and_tables_keep_spans():
    html, _ = sanitize('<table><tr><td colspan="2" style="x">合计</td></tr></table><p><strong>加粗')
    assert '<td colspan="2">合计</td>' in html and html.endswith("<p><strong>加粗</strong></p>")


def test_plain_text_becomes_paragraphs():
    html, text = sanitize("第一段\n第二段")
    assert html == "<p>第一段</p><p>第二段</p>" and text == "第一段\n第二段"


def test_a_backslash_path_is_not_a_same_site_link():
    html, _ = sanitize('<a href="/\\evil.example/x">x</a><a href="/ok">y</a>')
    assert "evil.example" not in html and 'href="/ok"' in html


def test_a_self_closing_script_tag_does_not_swallow_the_rest_of_the_body():
    html, text = sanitize("<p>a<script/>b</p><p>c</p>")
    assert html == "<p>ab</p><p>c</p>" and "c" in text
