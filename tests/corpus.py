"""Small synthetic archives for the archive and scan tests: stories of random topic words."""

from __future__ import annotations

import random
from pathlib import Path

WORDS = [
    "council",
    "harbour",
    "bridge",
    "engineers",
    "supports",
    "repairs",
    "mayor",
    "ferries",
    "trade",
    "winter",
    "vehicles",
    "crossing",
    "river",
    "flood",
    "rescue",
    "families",
    "school",
    "forecast",
    "election",
    "minister",
    "budget",
    "hospital",
    "nurses",
    "strike",
    "airport",
    "runway",
    "pilots",
    "union",
    "factory",
    "workers",
    "wages",
    "court",
    "judge",
    "trial",
    "verdict",
    "police",
    "station",
    "protest",
    "square",
    "students",
    "teachers",
    "museum",
    "painting",
    "festival",
    "music",
    "orchestra",
    "stadium",
    "football",
]


def story(seed: int, n: int = 8) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        words = [rng.choice(WORDS) for _ in range(rng.randint(10, 16))]
        out.append("The " + " ".join(words) + " said officials on Monday.")
    return out


def write_story(path: Path, sentences: list[str]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n\n".join(sentences) + "\n", encoding="utf-8")
    return path


def make_archive(tmp_path: Path) -> Path:
    for i in range(8):
        write_story(tmp_path / "archive" / f"doc{i}.txt", story(i))
    return tmp_path / "archive"
