"""The attribution detector on short news-like pairs: what it flags, at what severity, on which words.

Every case is analysed as one aligned group (see ``conftest.analyse``), which also checks
that each span's text is the slice of its document it claims to be.
"""

from __future__ import annotations

from conftest import analyse, detector_tests, of_type

from drift.values import Severity

C, M, m = Severity.CRITICAL, Severity.MAJOR, Severity.MINOR

# (id, source, copy, type, severity, source span text, copy span text)
POSITIVE = [
    (
        "attribution-according-to-another-speaker",
        "According to the refugee agency, some 400,000 people crossed into Chad.",
        "According to the government, some 400,000 people crossed into Chad.",
        "attribution",
        M,
        "the refugee agency",
        "the government",
    ),
    (
        "attribution-claimed",
        "The mayor said the water was safe to drink.",
        "The mayor claimed the water was safe to drink.",
        "attribution",
        M,
        "said",
        "claimed",
    ),
    (
        "attribution-denied",
        "The spokesman said the army would withdraw.",
        "The spokesman denied the army would withdraw.",
        "attribution",
        M,
        "said",
        "denied",
    ),
    (
        "attribution-confirmed",
        "The spokesman said the army would withdraw.",
        "The spokesman confirmed the army would withdraw.",
        "attribution",
        M,
        "said",
        "confirmed",
    ),
    (
        "attribution-police-dropped",
        "Police said the suspect fled in a stolen car.",
        "The suspect fled in a stolen car.",
        "attribution",
        M,
        "Police said",
        None,
    ),
    (
        "attribution-witnesses-dropped",
        "Witnesses said the gunman fired into the crowd.",
        "The gunman fired into the crowd.",
        "attribution",
        M,
        "Witnesses said",
        None,
    ),
    (
        "attribution-admitted-as-said",
        "The minister admitted the plan had failed.",
        "The minister said the plan had failed.",
        "attribution",
        m,
        "admitted",
        "said",
    ),
    (
        "attribution-denied-as-said",
        "The minister denied that the plan had failed.",
        "The minister said that the plan had failed.",
        "attribution",
        M,
        "denied",
        "said",
    ),
]

# (id, source, copy, type that must not appear at major or above)
NEGATIVE = [
    (
        "attribution-speaker-named-more-generally",
        "Aid groups said food prices had risen sharply after the road was cut.",
        "Humanitarian organisations said food prices had risen sharply after the road was cut.",
        "attribution",
    ),
    (
        "attribution-said-as-according-to",
        "The air force said Russia also fired two ballistic missiles at the region.",
        "According to the air force, Russia also fired two ballistic missiles at the region.",
        "attribution",
    ),
    (
        "attribution-speaker-synonym",
        "The pipeline is one of Europe's largest projects, Gazprom's chief said.",
        "The head of Gazprom said the pipeline is one of Europe's largest projects.",
        "attribution",
    ),
    (
        "attribution-speaker-compound-head",
        "The world's fourth-largest planemaker said it delivered 45 jets.",
        "The world's fourth-largest aircraft maker said it delivered 45 jets.",
        "attribution",
    ),
    (
        "attribution-speaker-gender-neutral-role",
        '"We are monitoring the situation," a police spokeswoman told reporters.',
        '"We are monitoring the situation," a police spokesperson told reporters.',
        "attribution",
    ),
    (
        "attribution-speaker-role-for-either",
        "A local businessman said the report was flawed.",
        "A local businessperson said the report was flawed.",
        "attribution",
    ),
    # attribution: neutral verbs of saying
    (
        "attribution-told-reporters",
        "The mayor said the water was safe to drink.",
        "The mayor told reporters the water was safe to drink.",
        "attribution",
    ),
    (
        "attribution-stated",
        "The mayor said the water was safe.",
        "The mayor stated the water was safe.",
        "attribution",
    ),
    (
        "attribution-argued-as-said",
        "The lawyer argued that the search was unlawful.",
        "The lawyer said that the search was unlawful.",
        "attribution",
    ),
]


test_positive, test_at_least_two_positive_cases, test_negative = detector_tests(POSITIVE, NEGATIVE)


def test_attribution_speaker_changed(fast_checker) -> None:
    pair = analyse(fast_checker, "The army said the road was open.", "Rebels said the road was open.")
    assert of_type(pair, "attribution", M)


def test_another_role_with_the_same_ending_is_another_speaker(fast_checker) -> None:
    pair = analyse(
        fast_checker,
        "A police spokesman said the road was open.",
        "A police chairman said the road was open.",
    )
    assert of_type(pair, "attribution", M)
