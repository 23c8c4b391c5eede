"""Bulk-generate synthetic comments (and their decision log) into a migrated Majlis database.

Run as a script in a Majlis environment (``MAJLIS_DATA_DIR`` / ``DATABASE_URL`` set):

    python bench/scale/generate.py '{"comments": 100000, "site": "news"}'

Rows go in batches through Django's own connection, with ``executemany`` on SQLite and ``COPY``
on PostgreSQL (several times faster there, which is what makes 10M rows practical), columns
named explicitly so a schema change fails loudly instead of writing nonsense. Shape of the
data: stories of ~200 comments; 80 % approved, 10 % rejected, 10 % pending; every comment has
the system decision that set its status (as in production); one extra story with exactly 50
approved comments is the page the benchmark reads.
Prints one JSON line: {"measured_story_url", "comments", "story_id_range", "decisions",
"seconds"}. Generated stories are at https://news.example/scale/<n>/, n from 0.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta

COMMENTS_PER_STORY = 200
BATCH = 20_000
MEASURED_URL = "https://news.example/scale/measured/"
SENTENCES = (
    "The drawdown to 2,500 troops matters most for the Kurdistan Region's security.",
    "Rocket attacks near the Green Zone show why the timing of this announcement is odd.",
    "The museum in the citadel is a good reason to visit Erbil this winter.",
    "Oil export deals have been promised before; I will believe it when the salaries arrive.",
    "ئەم بڕیارە کاریگەری لەسەر ئاسایشی هەرێمی کوردستان دەبێت.",
    "قرار خفض القوات سيؤثر على الوضع الأمني في بغداد وأربيل.",
    "Üniversite kabul sistemindeki değişiklik öğrencileri zor durumda bırakacak.",
    "این تصمیم برای امنیت منطقه مهم است.",
)
SIGNALS = json.dumps(
    {
        "checks": {
            "LengthFormatCheck": {"scores": {}, "spans": [], "flags": []},
            "WordListCheck": {"scores": {}, "spans": [], "flags": []},
        },
        "flags": [],
    }
)


def main() -> int:
    options = json.loads(sys.argv[1])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "majlis.settings")
    import django

    django.setup()
    from django.db import connection, transaction
    from tqdm import tqdm

    from majlis.comments.models import Comment, text_digest
    from majlis.moderation.models import Decision
    from majlis.stories.models import Site, Story

    total = int(options["comments"])
    rng = random.Random(total)
    site = Site.objects.get(slug=options.get("site", "news"))
    started = time.perf_counter()
    base_time = datetime(2025, 1, 1, tzinfo=UTC)
    story_count = max(1, total // COMMENTS_PER_STORY)

    with transaction.atomic():
        Story.objects.bulk_create(
            [
                Story(
                    site=site,
                    url=f"https://news.example/scale/{n}/",
                    title=f"Story {n}",
                    body="Synthetic article body for the scale benchmark.",
                    created_at=base_time + timedelta(hours=n),
                )
                for n in range(story_count)
            ],
            batch_size=5000,
        )
        measured = Story.objects.create(
            site=site,
            url=MEASURED_URL,
            title="US to cut troops in Iraq to 2,500 by January 15",
            created_at=base_time,
        )
    story_ids = list(
        Story.objects.filter(site=site).exclude(pk=measured.pk).values_list("pk", flat=True)
    )

    comment_table = connection.ops.quote_name(Comment._meta.db_table)
    decision_table = connection.ops.quote_name(Decision._meta.db_table)
    comment_columns = (
        "story_id, parent_id, author_name, author_email, text, text_digest, language, "
        "language_confidence, created_at, ip_hash, status, idempotency_key, risk, reason_codes, "
        "reported"
    )
    decision_columns = (
        "comment_id, actor_kind, moderator_id, model_version, policy_version, decision, reasons, "
        "abuse_target, scores, spans, signals, note, created_at"
    )

    def rows_insert(cursor, table: str, columns: str, rows: list[tuple]) -> None:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * (columns.count(",") + 1))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)

    outcomes = (("approved", "approve", "[]", ""),) * 8 + (
        ("rejected", "reject", '["profanity"]', ",profanity,"),
        ("pending", "hold", '["needs_review"]', ",needs_review,"),
    )
    progress = tqdm(
        total=total + 50, unit="comments", desc=f"generating {total:,}", mininterval=2.0
    )
    written = 0
    plan: list[int | None] = [measured.pk] * 50 + [None] * total
    for start in range(0, len(plan), BATCH):
        chunk = plan[start : start + BATCH]
        comment_rows, decision_meta = [], []
        for offset, story_id in enumerate(chunk):
            index = start + offset
            if story_id is not None:
                outcome = outcomes[0]
            else:
                story_id = story_ids[rng.randrange(len(story_ids))]
                outcome = outcomes[rng.randrange(len(outcomes))]
            text = f"{SENTENCES[index % len(SENTENCES)]} ({index})"
            created = base_time + timedelta(seconds=index * 30)
            stamp = connection.ops.adapt_datetimefield_value(created)
            comment_rows.append(
                (
                    story_id,
                    None,
                    f"Reader {index % 5000}",
                    f"reader{index % 5000}@example.org",
                    text,
                    text_digest(text),
                    "en",
                    0.9,
                    stamp,
                    f"{index % 9973:064x}",
                    outcome[0],
                    None,
                    0.95 if outcome[0] == "rejected" else 0.05,
                    outcome[3],
                    False,
                )
            )
            decision_meta.append(
                (outcome, connection.ops.adapt_datetimefield_value(created + timedelta(seconds=1)))
            )
        with transaction.atomic(), connection.cursor() as cursor:
            rows_insert(cursor, comment_table, comment_columns, comment_rows)
            # Ids of the rows just written: the batch is contiguous inside this transaction.
            cursor.execute(f"SELECT MAX(id) FROM {comment_table}")
            last_id = cursor.fetchone()[0]
            first_id = last_id - len(comment_rows) + 1
            rows_insert(
                cursor,
                decision_table,
                decision_columns,
                [
                    (
                        first_id + i,
                        "system",
                        None,
                        "synthetic",
                        "1",
                        outcome[1],
                        outcome[2],
                        "",
                        "{}",
                        "[]",
                        SIGNALS,
                        "",
                        stamp,
                    )
                    for i, (outcome, stamp) in enumerate(decision_meta)
                ],
            )
        written += len(chunk)
        progress.update(len(chunk))
    progress.close()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("ANALYZE")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        else:
            # What autovacuum does after a bulk load in production: statistics, and the
            # visibility map that lets counts be answered from an index alone.
            cursor.execute("VACUUM ANALYZE")
    print(
        json.dumps(
            {
                "measured_story_url": MEASURED_URL,
                "comments": written,
                "story_id_range": [min(story_ids), max(story_ids)],
                "decisions": written,
                "seconds": round(time.perf_counter() - started, 1),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
