"""Hostile comment texts: markup and script injection, direction and invisible-character tricks,
sizes at and past the limit, characters no database should store."""

from __future__ import annotations

MARKUP = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">read the full story</a>',
    "<svg onload=alert(1)><circle r=40 /></svg>",
    '<svg><script href="data:text/javascript,alert(1)"/></svg>',
    "</textarea></p></div><script>alert(1)</script>",
    '"><iframe src="//evil.example/"></iframe>',
    "<style>body{display:none}</style>Hidden page",
    "<div><span><b>unclosed markup about the drawdown",
    "<!-- a comment that never ends",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "{{ 7*7 }} {% debug %} ${7*7} #{7*7}",
    "'; DROP TABLE comments_comment; --",
    "&lt;script&gt; already escaped &amp; should stay as typed",
]
TRICKS = [
    "Troop numbers \u202egnp.exe\u202c are fine",  # right-to-left override
    "\u2066isolated\u2069 and \u200fRLM\u200e marks",
    "zero\u200bwidth\u200cjoiners\u200dand\ufeffBOM",
    "Z\u0334\u0321\u0353a\u0336l\u0337g\u0335o text on the drawdown",
    "Family \U0001f468\u200d\U0001f469\u200d\U0001f467 and flags \U0001f1ee\U0001f1f6",
    "ئەم بڕیارە کاریگەری لەسەر ئاسایشی هەرێمی کوردستان دەبێت. <b>bold?</b>",
    "مرحبا <script>alert('ar')</script> بغداد",
    "line one\nline two\r\nline three\ttabbed",
    "x" * 3000,  # exactly the limit
    ("word " * 599) + "end.",
]
REFUSED = [
    "x" * 3001,  # one past the limit
    "y" * 100_000,
    "before\x00after",  # NUL
    "bell\x07 and escape\x1b[31m codes",
    "lone \ud800 surrogate",
    "lone low \udfff surrogate",
    "",
    "   \n\t  ",
]
