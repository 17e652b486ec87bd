"""Whether two words are opposites, read from the language model.

WordNet records an antonym pointer for few pairs ("win" / "lose" has one, "support" /
"oppose", "agree" / "refuse" and "begin" / "stop" have none), so the opposites a
translation or a careless edit makes are mostly missing from it. A causal language
model has read many lists of opposites and of synonyms. Put after the first word in a
short list of opposites, the second word is likelier when it is that word's opposite
than when the same pair ends a list of synonyms; the difference in log-probability,
in nats and averaged over both orders of the pair, is the opposition score. The
difference cancels how likely the word is anyway, so rare words are not favoured.

The two prompts hold two textbook pairs each, none of them a pair of any evaluation set
(their words are common, so some occur there); the threshold a detector applies is set
on data by ``bench/opposites.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from drift.models.lm import LanguageModel

OPPOSITES_PROMPT: Final = "Opposites: hot - cold; win - lose; {a} - {b}"
SYNONYMS_PROMPT: Final = "Synonyms: big - large; win - triumph; {a} - {b}"


def prompts(a: str, b: str) -> list[tuple[str, str, int]]:
    """The four prompts of one pair, each as its template's fixed opening, the rest, and
    the offset in the whole prompt where its last word starts: (opposites, synonyms) for
    ``a`` then ``b``, and for ``b`` then ``a``."""
    out = []
    for x, y in ((a, b), (b, a)):
        for template in (OPPOSITES_PROMPT, SYNONYMS_PROMPT):
            opening = template[: template.index("{a}")]
            rest = template[len(opening) :].format(a=x, b=y)
            out.append((opening, rest, len(opening) + len(rest) - len(y)))
    return out


def _last_word(scores: list[tuple[int, int, float]], start: int) -> float:
    """Log-probability of the tokens from ``start`` on; a token that carries the word's
    leading space starts one character early."""
    return sum(lp for s, _e, lp in scores if s >= start - 1)


def opposition(lm: LanguageModel, pairs: Sequence[tuple[str, str]]) -> list[float]:
    """The opposition score of each ``(a, b)``, from one batch of the language model per
    prompt (each prompt's opening is read once, see ``LanguageModel.sentence_logprobs``).

    Args:
        lm: Scores token log-probabilities (its own memo makes a repeated pair free).
        pairs: Words or short phrases, as written (lower-cased here).

    Returns:
        Nats by which the language model prefers each pair as opposites over synonyms:
        well above 0 for "support" / "oppose", below 0 for "secured" / "obtained".
    """
    if not pairs:
        return []
    rows = [p for a, b in pairs for p in prompts(a.lower(), b.lower())]
    values = [0.0] * len(rows)
    for opening in dict.fromkeys(o for o, _r, _s in rows):
        mine = [k for k, (o, _r, _s) in enumerate(rows) if o == opening]
        scored = lm.sentence_logprobs([rows[k][1] for k in mine], prefix=opening)
        for k, s in zip(mine, scored, strict=True):
            values[k] = _last_word(s, rows[k][2])
    return [
        round(((values[k] - values[k + 1]) + (values[k + 2] - values[k + 3])) / 2.0, 4)
        for k in range(0, len(values), 4)
    ]
