"""Moderation workspace: server-rendered pages. Reads go through small queries here, every write
goes through ``moderation.services``; no view changes a model itself."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from majlis.comments.models import Comment, CommentStatus
from majlis.moderation import selectors, services
from majlis.moderation.constants import ABUSE_TARGET_HELP, AbuseTarget, Category, HoldReason
from majlis.moderation.errors import IllegalTransition, InvalidDecision
from majlis.moderation.forms import (
    LANGUAGE_ALL,
    LANGUAGE_UNKNOWN,
    QUEUE_LABELS,
    QUEUES,
    ApproveForm,
    BulkDecisionForm,
    QueueFilterForm,
    RejectForm,
    story_suggestions,
)
from majlis.moderation.i18n import COMMENT_LANGUAGES, LANGUAGE_CODES
from majlis.moderation.models import Decision, ModeratorProfile
from majlis.stories.demo import DEMO_SITE_SLUG
from majlis.stories.views import story_slug

PAGE_SIZE = 25
COUNT_CAP = 999
HIGH_RISK = 0.8
MEDIUM_RISK = 0.4
REASON_LABELS = {**dict(Category.choices), **dict(HoldReason.choices)}
LANGUAGE_LABELS = dict(COMMENT_LANGUAGES)
STATUS_LABELS = {
    CommentStatus.PENDING: QUEUE_LABELS["pending"],
    CommentStatus.APPROVED: QUEUE_LABELS["approved"],
    CommentStatus.REJECTED: QUEUE_LABELS["rejected"],
}
ABUSE_TARGET_LABELS = dict(AbuseTarget.choices)
# Languages nobody was assigned: shown in every moderator's default queue, since a comment whose
# language is unknown (or none of the six) still needs someone to look at it.
UNASSIGNED_LANGUAGES = ("", "other")
# Per-language counts only where moderators work: the decided queues hold millions of rows.
LANGUAGE_COUNT_QUEUES = ("pending", "reported")
# Short names for the score bars (the full guideline wording is in the reject panel).
SIGNAL_LABELS = {
    Category.OFF_TOPIC: gettext_lazy("Off-topic"),
    Category.PROFANITY: gettext_lazy("Profanity"),
    Category.VULGARITY: gettext_lazy("Vulgarity"),
    Category.THREAT: gettext_lazy("Threat"),
    Category.PERSONAL_ATTACK: gettext_lazy("Personal attack"),
    Category.ABUSE: gettext_lazy("Abuse"),
    Category.PROMOTION: gettext_lazy("Promotion"),
}


def moderator_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Logged-in staff or holders of ``moderation.moderate``; others get 403 (anonymous: login)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not (user.is_staff or user.has_perm("moderation.moderate")):
            raise PermissionDenied(_("You do not have permission to moderate comments."))
        return view(request, *args, **kwargs)

    return wrapper


# --- presentation helpers ------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    text: str
    category: str = ""
    weight: float = 0.0


def text_segments(text: str, spans: Iterable[Any]) -> list[Segment]:
    """Split ``text`` into plain and highlighted segments. The template escapes each segment, so
    highlighting never turns comment text into markup. Overlapping spans: the heavier one wins."""
    best: list[tuple[float, str] | None] = [None] * len(text)
    for span in spans or []:
        start, end, category, weight = _span_fields(span)
        start, end = max(0, start), min(len(text), end)
        for index in range(start, end):
            current = best[index]
            if current is None or weight > current[0]:
                best[index] = (weight, category)
    segments: list[Segment] = []
    start = 0
    # Runs of equal marking become one segment (slicing, not per-character concatenation).
    for index in range(1, len(text) + 1):
        if index == len(text) or _mark_key(best[index]) != _mark_key(best[start]):
            mark = best[start]
            segments.append(
                Segment(text[start:index], mark[1] if mark else "", mark[0] if mark else 0.0)
            )
            start = index
    return segments


def _mark_key(mark: tuple[float, str] | None) -> str:
    return mark[1] if mark else ""


def _span_fields(span: Any) -> tuple[int, int, str, float]:
    try:
        if isinstance(span, dict):
            return (
                int(span.get("start", 0)),
                int(span.get("end", 0)),
                str(span.get("category", "")),
                float(span.get("weight", 1.0) or 0.0),
            )
        start, end, category, *rest = span
        return int(start), int(end), str(category), float(rest[0]) if rest else 1.0
    except (TypeError, ValueError):
        return 0, 0, "", 0.0


def risk_level(score: float) -> str:
    return "high" if score >= HIGH_RISK else "medium" if score >= MEDIUM_RISK else "low"


@dataclass
class Signal:
    category: str
    label: str
    score: float

    @property
    def percent(self) -> int:
        return round(self.score * 100)

    @property
    def level(self) -> str:
        return risk_level(self.score)


@dataclass
class Card:
    """Everything one queue card shows about a comment."""

    comment: Comment
    latest: Decision | None
    segments: list[Segment]
    signals: list[Signal]
    flags: list[str]
    reasons: list[str]
    history: dict[str, int] = field(default_factory=dict)
    reason_boxes: str = ""  # the reject panel's boxes, this card's reasons ticked (views set it)

    @property
    def article_url(self) -> str:
        story = self.comment.story
        # Demo stories' canonical URLs are placeholders; their article is Majlis's own demo page.
        if story.site.slug == DEMO_SITE_SLUG:
            return reverse("stories:demo_story", args=[story_slug(story)])
        return story.url

    @property
    def risk_level(self) -> str:
        return risk_level(self.comment.risk or 0.0)

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS.get(self.comment.status, self.comment.status))

    @property
    def language_label(self) -> str:
        code = self.comment.language
        return str(LANGUAGE_LABELS.get(code, code)) if code else _("Not detected")

    @property
    def text_lang(self) -> str:
        """The ``lang`` attribute of the comment text (none when unknown)."""
        code = self.comment.language
        return code if code in LANGUAGE_CODES else ""

    @property
    def reason_labels(self) -> list[tuple[str, bool]]:
        """(label, is a guideline category) per reason; hold reasons are shown differently."""
        return [
            (str(REASON_LABELS.get(code, code)), code in Category.values) for code in self.reasons
        ]


def _decisions_prefetch() -> Prefetch:
    return Prefetch(
        "decisions",
        queryset=Decision.objects.select_related("moderator").order_by("created_at", "id"),
    )


def build_card(comment: Comment, history: dict[str, int] | None = None) -> Card:
    decisions: Sequence[Decision] = list(comment.decisions.all())
    latest = decisions[-1] if decisions else None
    # Scores and spans come from the latest decision that carries them (the system's), since a
    # moderator's decision records only the verdict.
    scored = next((d for d in reversed(decisions) if d.scores or d.spans or d.signals), None)
    scores = scored.scores if scored and isinstance(scored.scores, dict) else {}
    spans = scored.spans if scored and isinstance(scored.spans, list) else []
    signals = [
        Signal(code, str(SIGNAL_LABELS[code]), float(scores[code]))
        for code in Category.values
        if isinstance(scores.get(code), int | float)
    ]
    reasons = [str(code) for code in (latest.reasons if latest else []) or []]
    # Flags that repeat a reason are not shown twice; known ones are shown in plain words.
    flags = [
        str(REASON_LABELS.get(flag, flag))
        for flag in _decision_flags(scored.signals if scored else None)
        if flag not in reasons
    ]
    return Card(
        comment=comment,
        latest=latest,
        segments=text_segments(comment.text, spans),
        signals=signals,
        flags=flags,
        reasons=reasons,
        history=history or {},
    )


def _decision_flags(signals: Any) -> list[str]:
    """Flags recorded by the pipeline: merged under "flags" and per check under "checks"."""
    if not isinstance(signals, dict):
        return []
    found: list[Any] = list(signals.get("flags") or [])
    checks = signals.get("checks")
    if isinstance(checks, dict):
        for check in checks.values():
            if isinstance(check, dict):
                found.extend(check.get("flags") or [])
    return list(dict.fromkeys(str(flag) for flag in found))


def author_histories(emails: Iterable[str]) -> dict[str, dict[str, int]]:
    rows = (
        Comment.objects.filter(author_email__in=set(emails))
        .values("author_email")
        .annotate(
            # Counting the indexed column (not id) lets PostgreSQL answer from the
            # (author_email, status) index alone: 100 → ~10 ms for 25 prolific authors.
            total=Count("status"),
            approved=Count("status", filter=Q(status=CommentStatus.APPROVED)),
            rejected=Count("status", filter=Q(status=CommentStatus.REJECTED)),
        )
    )
    return {
        row["author_email"]: {k: row[k] for k in ("total", "approved", "rejected")} for row in rows
    }


def moderator_languages(user: Any) -> list[str]:
    """The languages an admin recorded for this moderator ([] = not recorded: every language)."""
    if not getattr(user, "is_authenticated", False):
        return []
    profile = ModeratorProfile.objects.filter(user=user).only("languages").first()
    languages = profile.languages if profile and isinstance(profile.languages, list) else []
    return [code for code in LANGUAGE_CODES if code in languages]


def queue_comments(
    *,
    queue: str,
    sort: str,
    story: Any = None,
    story_title: str = "",
    reason: str = "",
    language: str = "",
    languages: Sequence[str] | None = None,
) -> QuerySet[Comment]:
    """One queue's comments (``selectors.queue_list``) with the workspace's extra filters:
    ``story_title`` (words of a title), ``language`` one code ("" = any, ``unknown`` = not
    detected), ``languages`` a moderator's set (plus comments no language list covers)."""
    code = language if language and language not in (LANGUAGE_UNKNOWN, LANGUAGE_ALL) else None
    comments = selectors.queue_list(
        queue=queue,
        story_id=story.pk if story is not None else None,
        reason=reason or None,
        language=code,
        order=sort,
    ).select_related("story__site")
    if story_title:
        comments = comments.filter(story__title__icontains=story_title)
    if language == LANGUAGE_UNKNOWN:
        comments = comments.filter(language="")
    elif not language and languages:
        comments = comments.filter(language__in=[*languages, *UNASSIGNED_LANGUAGES])
    return comments


def queue_counts(*, cap: int = COUNT_CAP) -> dict[str, int]:
    """Comments per queue, counted up to ``cap`` + 1: exact totals of millions of approved
    comments would cost a scan on every page load, and "1000+" tells a moderator enough."""
    return {
        name: queue_comments(queue=name, sort="oldest").order_by().values("pk")[: cap + 1].count()
        for name in QUEUES
    }


def count_label(count: int, *, cap: int = COUNT_CAP) -> str:
    return f"{cap}+" if count > cap else str(count)


@dataclass(frozen=True)
class QueuePage:
    """One page of a queue, without a total count (see ``queue_counts``)."""

    comments: list[Comment]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1


def queue_page(comments: QuerySet[Comment], *, number: int, size: int = PAGE_SIZE) -> QueuePage:
    start = (number - 1) * size
    rows = list(comments[start : start + size + 1])
    return QueuePage(comments=rows[:size], number=number, has_next=len(rows) > size)


def _safe_next(request: HttpRequest, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


REASON_BOX = (
    '<label class="ws-reason"><input type="checkbox" name="reasons" value="{}"{}> {} '
    "<kbd>{}</kbd></label>"
)


@dataclass(frozen=True)
class RejectChoices:
    """The reject panel's reason boxes and abuse-target options, rendered once per page: a queue
    page has a panel per card, and rendering the same markup in the template for each card was
    most of the page's cost (ARCHITECTURE.md, issue-5 finding 4)."""

    boxes: dict[str, tuple[str, str]]  # code -> (unticked, ticked) markup
    options: str

    def reason_boxes(self, ticked: Iterable[str]) -> str:
        chosen = set(ticked)
        return mark_safe("".join(self.boxes[code][code in chosen] for code in self.boxes))  # noqa: S308 - built by format_html


def reject_choices() -> RejectChoices:
    boxes: dict[str, tuple[str, str]] = {}
    for index, (code, label) in enumerate(Category.choices, start=1):
        text = capfirst(str(label))
        boxes[code] = (
            format_html(REASON_BOX, code, "", text, index),
            format_html(REASON_BOX, code, mark_safe(" checked"), text, index),
        )
    options = format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (
                code,
                # what the target covers, for the two that moderators confuse
                format_html(' title="{}"', ABUSE_TARGET_HELP[code])
                if code in ABUSE_TARGET_HELP
                else "",
                capfirst(str(label)),
            )
            for code, label in AbuseTarget.choices
        ),
    )
    return RejectChoices(boxes=boxes, options=options)


def _reject_context(cards: Iterable[Card]) -> dict[str, Any]:
    # Plain, capitalised strings once per page rather than lazy labels filtered in every card.
    choices = reject_choices()
    for card in cards:
        card.reason_boxes = choices.reason_boxes(card.reasons)
    return {
        "categories": [
            (index, code, capfirst(str(label)))
            for index, (code, label) in enumerate(Category.choices, start=1)
        ],
        "abuse_target_options": choices.options,
    }


# --- pages ---------------------------------------------------------------------------------------


def language_counts(
    *, queue: str, filters: dict[str, Any], cap: int = COUNT_CAP
) -> dict[str, int] | None:
    """Comments per language code in ``queue`` under the other filters (None: not counted).

    Each language is counted up to ``cap`` + 1, like ``queue_counts``: one GROUP BY over every
    pending comment took 1.4 s on PostgreSQL with a million pending (10M comments); each capped
    count reads at most cap + 1 entries of the (status, reported, language, created_at) index.
    """
    if queue not in LANGUAGE_COUNT_QUEUES:
        return None
    comments = queue_comments(
        queue=queue,
        sort="oldest",
        story=filters["story"],
        story_title=filters["story_title"],
        reason=filters["reason"],
    ).order_by()
    counts = {
        code: comments.filter(language=code).values("pk")[: cap + 1].count()
        for code in (*LANGUAGE_CODES, "other", "")
    }
    return {code: n for code, n in counts.items() if n}


def _language_tabs(
    *, query: Any, current: str, mine: list[str], counts: dict[str, int] | None
) -> list[dict[str, Any]]:
    """Tabs per language: the moderator's own (when recorded), all, then each language."""

    def count(codes: Iterable[str] | None) -> int | None:
        if counts is None:
            return None
        if codes is None:
            return sum(counts.values())
        return sum(counts.get(code, 0) for code in codes)

    def tab(value: str, label: str, n: int | None, **extra: Any) -> dict[str, Any]:
        tab_query = query.copy()
        tab_query.pop("page", None)
        if value:
            tab_query["language"] = value
        else:
            tab_query.pop("language", None)
        return {
            "value": value,
            "label": label,
            "count": n,
            "count_label": "" if n is None else count_label(n, cap=COUNT_CAP),
            "url": f"?{tab_query.urlencode()}",
            "current": value == current,
            **extra,
        }

    tabs = []
    if mine:
        names = ", ".join(str(LANGUAGE_LABELS[code]) for code in mine)
        tabs.append(tab("", _("My languages"), count([*mine, *UNASSIGNED_LANGUAGES]), title=names))
    tabs.append(tab(LANGUAGE_ALL if mine else "", _("All languages"), count(None)))
    for code, label in COMMENT_LANGUAGES:
        tabs.append(tab(code, str(label), count([code]), code=code))
    if counts is None or counts.get(""):
        tabs.append(tab(LANGUAGE_UNKNOWN, _("Not detected"), count([""])))
    return tabs


@require_GET
@moderator_required
def queue(request: HttpRequest) -> HttpResponse:
    filter_form = QueueFilterForm(request.GET)
    filters = filter_form.filters()
    mine = moderator_languages(request.user)
    language = filters["language"]
    # Default ("" ): the moderator's languages when recorded, else every language.
    language_scope = mine if (mine and not language) else None
    current_language = "" if (not mine and language == LANGUAGE_ALL) else language
    comments = queue_comments(
        queue=filters["queue"],
        sort=filters["sort"],
        story=filters["story"],
        story_title=filters["story_title"],
        reason=filters["reason"],
        language="" if language == LANGUAGE_ALL else language,
        languages=language_scope,
    ).prefetch_related(_decisions_prefetch())
    page = queue_page(comments, number=filters["page"], size=PAGE_SIZE)
    page_comments = page.comments
    histories = author_histories(c.author_email for c in page_comments)
    cards = [build_card(c, histories.get(c.author_email)) for c in page_comments]
    counts = queue_counts(cap=COUNT_CAP)
    query = request.GET.copy()
    query.pop("page", None)
    tabs = []
    for name in QUEUES:
        tab_query = query.copy()
        tab_query["queue"] = name
        tab_query.pop("sort", None)
        tabs.append(
            {
                "name": name,
                "label": QUEUE_LABELS[name],
                "count": counts[name],
                "count_label": count_label(counts[name], cap=COUNT_CAP),
                "url": f"?{tab_query.urlencode()}",
                "current": name == filters["queue"],
            }
        )
    language_tabs = _language_tabs(
        query=query,
        current=current_language,
        mine=mine,
        counts=language_counts(queue=filters["queue"], filters=filters, cap=COUNT_CAP),
    )
    return render(
        request,
        "moderation/queue.html",
        {
            "cards": cards,
            "page": page,
            "filters": filters,
            "filter_form": filter_form,
            "story_suggestions": story_suggestions(),
            "tabs": tabs,
            "language_tabs": language_tabs,
            "my_languages": [(code, LANGUAGE_LABELS[code]) for code in mine],
            "queue_label": QUEUE_LABELS[filters["queue"]],
            "page_query": query.urlencode(),
            "current_url": request.get_full_path(),
            "show_bulk": True,
            **_reject_context(cards),
        },
    )


@require_POST
@moderator_required
def comment_approve(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = get_object_or_404(Comment, pk=comment_id)
    redirect_to = _safe_next(request, reverse("moderation:queue"))
    form = ApproveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The note is too long."))
        return HttpResponseRedirect(redirect_to)
    try:
        services.comment_approve(
            comment=comment, moderator=request.user, note=form.cleaned_data["note"]
        )
    except (IllegalTransition, InvalidDecision) as error:
        messages.error(
            request,
            _("Comment #%(id)s was not approved: %(error)s") % {"id": comment.pk, "error": error},
        )
    else:
        messages.success(request, _("Comment #%(id)s approved.") % {"id": comment.pk})
    return HttpResponseRedirect(redirect_to)


@require_POST
@moderator_required
def comment_reject(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = get_object_or_404(Comment, pk=comment_id)
    redirect_to = _safe_next(request, reverse("moderation:queue"))
    form = RejectForm(request.POST)
    if not form.is_valid():
        errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
        messages.error(
            request,
            _("Comment #%(id)s was not rejected: %(error)s") % {"id": comment.pk, "error": errors},
        )
        return HttpResponseRedirect(redirect_to)
    try:
        services.comment_reject(
            comment=comment,
            moderator=request.user,
            reasons=form.cleaned_data["reasons"],
            abuse_target=form.cleaned_data["abuse_target"] or None,
            note=form.cleaned_data["note"],
        )
    except (IllegalTransition, InvalidDecision) as error:
        messages.error(
            request,
            _("Comment #%(id)s was not rejected: %(error)s") % {"id": comment.pk, "error": error},
        )
    else:
        messages.success(request, _("Comment #%(id)s rejected.") % {"id": comment.pk})
    return HttpResponseRedirect(redirect_to)


@require_POST
@moderator_required
def bulk_decide(request: HttpRequest) -> HttpResponse:
    redirect_to = _safe_next(request, reverse("moderation:queue"))
    form = BulkDecisionForm(request.POST)
    if not form.is_valid():
        errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
        messages.error(request, _("Nothing was decided: %(error)s") % {"error": errors})
        return HttpResponseRedirect(redirect_to)
    data = form.cleaned_data
    done, refused = 0, []
    # One service call per comment: each decision is its own transaction, so one illegal
    # transition (someone else decided it meanwhile) does not undo the others.
    for comment in data["comments"]:
        try:
            if data["action"] == "approve":
                services.comment_approve(comment=comment, moderator=request.user, note=data["note"])
            else:
                services.comment_reject(
                    comment=comment,
                    moderator=request.user,
                    reasons=data["reasons"],
                    abuse_target=data["abuse_target"] or None,
                    note=data["note"],
                )
            done += 1
        except (IllegalTransition, InvalidDecision):
            refused.append(f"#{comment.pk}")
    if done:
        message = (
            ngettext("%(n)d comment approved.", "%(n)d comments approved.", done)
            if data["action"] == "approve"
            else ngettext("%(n)d comment rejected.", "%(n)d comments rejected.", done)
        )
        messages.success(request, message % {"n": done})
    if refused:
        messages.warning(
            request, _("Not changed (already decided): %(ids)s") % {"ids": ", ".join(refused)}
        )
    return HttpResponseRedirect(redirect_to)


@require_GET
@moderator_required
def comment_history(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = get_object_or_404(
        Comment.objects.select_related("story__site").prefetch_related(_decisions_prefetch()),
        pk=comment_id,
    )
    histories = author_histories([comment.author_email])
    card = build_card(comment, histories.get(comment.author_email))
    decisions = list(comment.decisions.all())
    return render(
        request,
        "moderation/comment_history.html",
        {
            "card": card,
            "decisions": decisions,
            "decision_rows": [
                {
                    "decision": decision,
                    "reasons": [
                        (str(REASON_LABELS.get(code, code)), code in Category.values)
                        for code in decision.reasons or []
                    ],
                    "abuse_target": str(
                        ABUSE_TARGET_LABELS.get(decision.abuse_target, decision.abuse_target)
                    ),
                }
                for decision in decisions
            ],
            "current_url": request.get_full_path(),
            "reason_labels": REASON_LABELS,
            **_reject_context([card]),
        },
    )


@require_GET
@moderator_required
def author_comments(request: HttpRequest, comment_id: int) -> HttpResponse:
    # Authors are addressed through one of their comments, so e-mail addresses stay out of URLs.
    anchor = get_object_or_404(Comment, pk=comment_id)
    comments = (
        Comment.objects.filter(author_email=anchor.author_email)
        .select_related("story")
        .order_by("-created_at", "-id")
    )
    page = Paginator(comments, 50).get_page(request.GET.get("page"))
    history = author_histories([anchor.author_email]).get(anchor.author_email, {})
    return render(
        request,
        "moderation/author_comments.html",
        {
            "anchor": anchor,
            "page": page,
            "history": history,
        },
    )
