"""Small web archives for the executor tests: wire stories, their syndicated copies, and bad records."""

from __future__ import annotations

import io
import random
from pathlib import Path

WIRE = [
    (
        "Harbour board approves ferry terminal",
        [
            '"We will not move the terminal," Patrick Carlineo said on Monday in Port Harbour.',
            (
                "The harbour board voted seven to two to approve the new ferry terminal on the east quay, "
                "ending a dispute that has run for three years between the council and the port authority."
            ),
            (
                "Residents of the east quay had asked the board to delay the vote until a traffic study was "
                "finished, and several of them spoke against the plan at the meeting."
            ),
            (
                'Mayor Jane Doe said the terminal "will bring four hundred jobs" to the town and that work '
                "would start in the spring, once the final permits have been granted by the ministry."
            ),
            (
                "The port authority said it expected the first ferries to use the terminal within two years, "
                "and that the old pier would be kept for fishing boats and the lifeboat station."
            ),
        ],
    ),
    (
        "Rail union rejects pay offer",
        [
            (
                "The national rail union rejected the latest pay offer on Tuesday and said drivers would "
                "strike for two more days next week unless the talks were reopened."
            ),
            (
                '"This offer does not even match inflation," union leader Orla Tierney told reporters outside '
                "the ministry, where a few hundred drivers had gathered since the early morning."
            ),
            (
                "The transport ministry said the offer was final and that the government would not be pushed "
                "into a settlement that the railway company could not afford over the coming years."
            ),
            (
                "Commuters faced a second day of cancelled trains, with only one service in five running on "
                "the main lines and none at all on the regional network in the north of the country."
            ),
        ],
    ),
]
OTHER = (
    "Library reopens after repairs",
    [
        (
            "The town library reopened on Wednesday after eight months of repairs to its roof and heating, "
            "with a reading room twice as large as before."
        ),
        '"It is a better library than the one we closed," Pat Carlineo said at the opening.',
    ],
)


def page(title: str, paragraphs: list[str], site: str, published: str, tagline: str = "") -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    extra = f"<p>{tagline}</p>" if tagline else ""
    return (
        f'<!doctype html><html lang="en"><head><title>{title}</title>'
        f'<meta property="article:published_time" content="{published}">'
        f'<meta property="og:site_name" content="{site}"></head>'
        f"<body><article><h1>{title}</h1>{body}{extra}</article></body></html>"
    ).encode()


def records(n: int, pad: int = 0) -> list[tuple[str, bytes, str]]:
    """(url, payload, content type) of WARC ``n``: the wire stories and their copies, one bad record."""
    out = []
    for i, (title, paragraphs) in enumerate(WIRE):
        day = 10 + i
        out.append(
            (
                f"https://wire.example/{n}/{i}",
                page(title, paragraphs, "Wire", f"2026-03-{day}T08:00:00Z"),
                "text/html",
            )
        )
        copy = page(
            title, paragraphs, "Daily Courier", f"2026-03-{day}T12:00:00Z", "Reporting by the wire desk."
        )
        out.append((f"https://courier.example/{n}/{i}", copy, "text/html"))
        cut = page(title, paragraphs[: len(paragraphs) - 1], "Evening Post", f"2026-03-{day}T18:00:00Z")
        out.append((f"https://post.example/{n}/{i}", cut, "text/html"))
    out.append(
        (f"https://town.example/{n}/library", page(*OTHER, "Town News", "2026-03-12T09:00:00Z"), "text/html")
    )
    out.append((f"https://bad.example/{n}/binary", bytes(range(256)) * 8, "text/html"))
    image = b"\x89PNG\r\n\x1a\n" + random.Random(n).randbytes(64 + pad)  # random: gzip keeps its size
    out.append((f"https://img.example/{n}/logo.png", image, "image/png"))
    return out


def write_warc(path: Path, n: int, pad: int = 0) -> Path:
    """Archive ``n``; ``pad`` bytes more in its skipped image, to make the file larger."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url, payload, kind in records(n, pad):
            headers = StatusAndHeaders("200 OK", [("Content-Type", kind)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(payload), length=len(payload), http_headers=headers
            )
            writer.write_record(record)
    return path


PAGES_PER_WARC = 8  # HTML responses per archive (the PNG is skipped, the binary page fails)
