"""``newsdigest corpus --html FILE``: one self-contained page, readable offline.

Written with the standard library: the page is a fixed layout of a few sections, and
every value is escaped with ``html.escape``; a template engine would be a new dependency
for one page. Charts are inline SVG and styles are inline CSS; there is no script and no
link to anything outside the file, so it opens the same with no network.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from newsdigest.corpus.report import CorpusReport, Story

#: Stories shown on the page (the JSON has them all) and stories on the timeline.
PAGE_STORIES = 50
TIMELINE_STORIES = 5
TABLE_ENTITIES = 30

_CSS = """
body{font:15px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1d232a;background:#f6f7f9}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:32px 0 8px}
.muted{color:#5b6570}.story{background:#fff;border:1px solid #dde1e6;border-radius:8px;padding:14px 18px;margin:12px 0}
.story h3{margin:0 0 6px;font-size:17px}.meta{font-size:13px;color:#5b6570;margin-bottom:8px}
.chips span{display:inline-block;background:#eef1f5;border-radius:10px;padding:1px 8px;margin:2px 4px 2px 0;font-size:13px}
.chips .who{background:#f3e8fb}
table{border-collapse:collapse;width:100%;background:#fff}th,td{text-align:left;padding:5px 8px;border-bottom:1px solid #e6e9ee;font-size:14px}
th{background:#eef1f5}td.n{text-align:right}
details{margin-top:6px}summary{cursor:pointer;color:#2b5d9b}
svg text{font:11px system-ui,sans-serif;fill:#5b6570}
"""

_COLOURS = ("#2b6cb0", "#c05621", "#2f855a", "#b83280", "#6b46c1", "#718096")


def corpus_page(report: CorpusReport, title: str = "newsdigest corpus") -> str:
    several = sum(1 for story in report.stories if story.size > 1)
    span = f" · {report.periods[0]} to {report.periods[-1]}" if report.periods else ""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body><main>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="muted">{report.articles} articles · {len(report.stories)} stories '
        f"({several} with more than one article){escape(span)}</p>",
    ]
    if report.periods:
        parts += [f"<h2>Articles per {escape(report.period or 'period')}</h2>", _timeline(report)]
    parts.append("<h2>Stories, largest first</h2>")
    parts += [_story(story) for story in report.stories[:PAGE_STORIES]]
    hidden = len(report.stories) - PAGE_STORIES
    if hidden > 0:
        parts.append(f'<p class="muted">… and {hidden} smaller stories (newsdigest corpus --json lists them all).</p>')
    parts += ["<h2>Entities across stories</h2>", _entity_table(report)]
    if report.pairs:
        items = "".join(f"<li>{escape(a)} + {escape(b)}: {n} stories</li>" for a, b, n in report.pairs)
        parts += ["<h2>Together in several stories</h2>", f"<ul>{items}</ul>"]
    if report.tags:
        chips = "".join(f"<span>{escape(tag)} ({n})</span>" for tag, n in report.tags)
        parts += ["<h2>Tags by stories</h2>", f'<div class="chips">{chips}</div>']
    parts.append('<p class="muted">Made by newsdigest corpus.</p></main></body></html>')
    return "\n".join(parts) + "\n"


def _story(story: Story) -> str:
    span = story.first_date or "undated"
    if story.last_date and story.last_date != story.first_date:
        span += f" → {story.last_date}"
    copies = sum(1 for m in story.members if m.copy_of)
    meta = f"{story.size} articles · {len(story.outlets)} outlets · {span}" + (
        f" · {copies} {'copy' if copies == 1 else 'copies'}" if copies else ""
    )
    summary = "".join(f"<li>{escape(sentence)}</li>" for sentence in story.summary)
    who = "".join(f'<span class="who">{escape(name)} ({count})</span>' for name, _, count in story.entities)
    tags = "".join(f"<span>{escape(tag)}</span>" for tag, _ in story.tags)
    members = "".join(
        "<li>"
        + (
            f'<a href="{escape(m.url, quote=True)}">{escape(m.title or m.source)}</a>'
            if m.url
            else escape(m.title or m.source)
        )
        + escape(f" · {m.outlet or ''} · {m.date or 'undated'}")
        + (escape(f" · copy of {m.copy_of}") if m.copy_of else "")
        + "</li>"
        for m in story.members
    )
    return (
        f'<section class="story" id="story-{story.id}"><h3>{story.id}. {escape(story.title or "(untitled)")}</h3>'
        f'<div class="meta">{escape(meta)}</div><ul>{summary}</ul>'
        f'<div class="chips">{who}{tags}</div>'
        f"<details><summary>{story.size} articles</summary><ul>{members}</ul></details></section>"
    )


def _timeline(report: CorpusReport) -> str:
    """Stacked bars: articles per period, the largest stories in colour, the rest grey."""
    periods = report.periods
    width, height, left, bottom = 1000, 180, 36, 22
    top = max(report.timeline) or 1
    bar = max(1.0, (width - left) / len(periods))
    position = {label: i for i, label in enumerate(periods)}
    stacks: list[list[tuple[int, str]]] = [[] for _ in periods]
    for colour, story in zip(_COLOURS, report.stories[:TIMELINE_STORIES], strict=False):
        counts = [0] * len(periods)
        for member in story.members:
            if member.date:
                counts[position[_label(member.date, report.period)]] += 1
        for i, count in enumerate(counts):
            if count:
                stacks[i].append((count, colour))
    shapes = []
    for i, total in enumerate(report.timeline):
        x = left + i * bar
        y = float(height - bottom)
        coloured = sum(count for count, _ in stacks[i])
        for count, colour in [*stacks[i], (total - coloured, "#c3cad3")]:
            if count <= 0:
                continue
            h = (height - bottom - 10) * count / top
            y -= h
            shapes.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(0.8, bar - 1):.1f}" height="{h:.1f}" fill="{colour}"/>'
            )
    ticks = [0, len(periods) // 2, len(periods) - 1] if len(periods) > 2 else list(range(len(periods)))
    last = len(periods) - 1
    end_anchor = ' text-anchor="end"'
    labels = "".join(
        f'<text x="{left + (i + 1) * bar if i == last else left + i * bar:.1f}" y="{height - 6}"'
        f"{end_anchor if i == last and i else ''}>{escape(periods[i])}</text>"
        for i in sorted(set(ticks))
    )
    legend = "".join(
        f'<span style="border-left:12px solid {colour};padding-left:6px;margin-right:14px">'
        f"{escape((story.title or '')[:60])}</span>"
        for colour, story in zip(_COLOURS, report.stories[:TIMELINE_STORIES], strict=False)
    )
    return (
        f'<svg viewBox="0 0 {width} {height}" width="100%" role="img" aria-label="articles per {escape(report.period or "")}">'
        f'<text x="0" y="14">{top}</text>{"".join(shapes)}{labels}</svg><div class="muted">{legend}</div>'
    )


def _label(day: str, period: str | None) -> str:
    from datetime import date, timedelta

    value = date.fromisoformat(day[:10])
    if period == "week":
        return (value - timedelta(days=value.weekday())).isoformat()
    if period == "month":
        return value.isoformat()[:7]
    return value.isoformat()


def _spark_svg(values: Sequence[int]) -> str:
    if not values:
        return ""
    width, height = 160, 22
    top = max(values) or 1
    step = width / max(1, len(values))
    bars = "".join(
        f'<rect x="{i * step:.1f}" y="{height - height * v / top:.1f}" width="{max(0.8, step - 0.4):.1f}" '
        f'height="{height * v / top:.1f}" fill="#2b6cb0"/>'
        for i, v in enumerate(values)
        if v
    )
    return f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}">{bars}</svg>'


def _entity_table(report: CorpusReport) -> str:
    rows = "".join(
        f"<tr><td>{escape(e.name)}</td><td>{escape(e.label)}</td><td class='n'>{e.stories}</td>"
        f"<td class='n'>{e.articles}</td><td>{_spark_svg(e.trend)}</td></tr>"
        for e in report.entities[:TABLE_ENTITIES]
    )
    trend = f"Articles by {escape(report.period)}" if report.period else "Trend"
    return (
        f"<table><thead><tr><th>Entity</th><th>Type</th><th>Stories</th><th>Articles</th><th>{trend}</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )
