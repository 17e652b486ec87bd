"""The modality detector on short news-like pairs: what it flags, at what severity, on which words.

Every case is analysed as one aligned group (see ``conftest.analyse``), which also checks
that each span's text is the slice of its document it claims to be.
"""

from __future__ import annotations

from conftest import analyse, detector_tests, expect_one, of_type

from drift.values import Severity

C, M, m = Severity.CRITICAL, Severity.MAJOR, Severity.MINOR

# (id, source, copy, type, severity, source span text, copy span text)
POSITIVE = [
    (
        "modality-likely-as-will",
        "The minister is likely to resign before the election.",
        "The minister will resign before the election.",
        "modality",
        M,
        "likely",
        "will",
    ),
    (
        "modality-expectation-as-fact",
        "The school was expected to reopen on Monday.",
        "The school reopened on Monday.",
        "modality",
        M,
        "expected",
        None,
    ),
    (
        "modality-plan-as-fact",
        "The company plans to cut 200 jobs this year.",
        "The company cut 200 jobs this year.",
        "modality",
        M,
        "plans",
        None,
    ),
    (
        "modality-could-will",
        "The storm could reach the coast by Thursday.",
        "The storm will reach the coast by Thursday.",
        "modality",
        M,
        "could",
        "will",
    ),
    (
        "modality-might-will",
        "Prices might rise again next year.",
        "Prices will rise again next year.",
        "modality",
        M,
        "might",
        "will",
    ),
    (
        "modality-will-might",
        "Prices will rise again next year.",
        "Prices might rise again next year.",
        "modality",
        M,
        "will",
        "might",
    ),
    (
        "modality-may-dropped",
        "The committee may delay the vote.",
        "The committee delayed the vote.",
        "modality",
        M,
        "may",
        None,
    ),
    (
        "modality-may-dropped-reported",
        "Officials said the bridge may reopen next week.",
        "Officials said the bridge reopens next week.",
        "modality",
        M,
        "may",
        None,
    ),
    (
        "modality-hedge-dropped",
        "She is likely to win the vote.",
        "She is set to win the vote.",
        "modality",
        M,
        "likely",
        "set",
    ),
    (
        "modality-inability-became-refusal",
        "The council cannot pay its contractors.",
        "The council will not pay its contractors.",
        "modality",
        M,
        "can",
        "will",
    ),
    (
        "modality-may-well-became-might",
        "The merger may well collapse this year.",
        "The merger might collapse this year.",
        "modality",
        M,
        "may",
        "might",
    ),
    (
        "modality-can-with-another-verb-added",
        "The crater is still open on the main road going north.",
        "The crater can still open on the main road going north.",
        "modality",
        M,
        None,
        "can",
    ),
    (
        "modality-will-became-would-not",
        "The minister will sign the treaty in May.",
        "The minister would not sign the treaty in May.",
        "modality",
        M,
        "will",
        "would",
    ),
    (
        "modality-belief-passive-dropped",
        "The gunman is believed to have fled across the border.",
        "The gunman fled across the border.",
        "modality",
        M,
        "believed",
        None,
    ),
    (
        "modality-able-to-balances-can-only",
        "The prisoners were able to leave through a tunnel.",
        "The prisoners must leave through a tunnel.",
        "modality",
        M,
        None,
        "must",
    ),
    (
        "modality-would-outside-reported-speech-dropped",
        "The talks would collapse without a deal.",
        "The talks collapse without a deal.",
        "modality",
        M,
        "would",
        None,
    ),
    (
        "modality-reported-would-became-could",
        "He said the talks would collapse.",
        "He said the talks could collapse.",
        "modality",
        M,
        "would",
        "could",
    ),
    (
        "modality-has-to-dropped",
        "The council has to pay the fine.",
        "The council paid the fine.",
        "modality",
        M,
        "has",
        None,
    ),
]

NEGATIVE = [
    (
        "modality-reported-would-is-backshifted-will",
        "He said the land price would be prohibitive.",
        "He said the price of the land is far too high.",
        "modality",
    ),
    (
        "modality-could-as-it-is-possible-that",
        "Another escape route could have involved the octopus squeezing into a pipe.",
        "It is also possible that the octopus escaped by squeezing into a pipe.",
        "modality",
    ),
    (
        "modality-capable-of-as-can",
        "The birds are intelligent and capable of using tools.",
        "The birds are intelligent and can use tools.",
        "modality",
    ),
    (
        "modality-able-to-as-can",
        "Inspectors could enter the site on Monday.",
        "Inspectors were able to enter the site on Monday.",
        "modality",
    ),
    (
        "modality-have-to-do-with-is-no-obligation",
        "The delay may have to do with the new numbering system.",
        "The delay may be because of the new numbering system.",
        "modality",
    ),
    (
        "modality-not-have-to-is-no-obligation",
        "Fences mean that farmers do not resort to shooting wolves.",
        "Fences mean that farmers do not have to shoot wolves.",
        "modality",
    ),
    (
        "modality-can-be-relied-on-as-reliable",
        "The data is reliable, the researchers said.",
        "The data can be relied on, the researchers said.",
        "modality",
    ),
    (
        "modality-could-be-prevented-as-preventable",
        "Officials said the deaths could have been prevented.",
        "Officials said the deaths were preventable.",
        "modality",
    ),
    (
        "modality-inability-as-not-able",
        "Doctors were not able to identify the virus.",
        "The virus could not be identified by doctors.",
        "modality",
    ),
    (
        "modality-unable-as-could-not",
        "The ministry was unable to confirm the figure.",
        "The ministry could not confirm the figure.",
        "modality",
    ),
    (
        "modality-inability-alone",
        "The cause of the fire was not clear after the inquiry.",
        "After the inquiry the cause of the fire could not be established.",
        "modality",
    ),
    (
        "modality-hedge-repeats-modal",
        "The fault may possibly have caused the crash.",
        "The fault may have caused the crash.",
        "modality",
    ),
    (
        "modality-may-well-is-likely",
        "The vote may well be delayed until spring.",
        "The vote is likely to be delayed until spring.",
        "modality",
    ),
    (
        "modality-mandative-should",
        "The union called on the minister to resign.",
        "The union demanded that the minister should resign.",
        "modality",
    ),
    (
        "modality-mandative-subjunctive",
        "The court decided that the council must publish the report.",
        "The court ordered that the council publish the report.",
        "modality",
    ),
    # modality: the future told in the present is a change of tense, not of certainty
    (
        "modality-future-as-present",
        "The festival will open in the old town on Friday.",
        "The festival opens in the old town on Friday.",
        "modality",
    ),
    (
        "modality-present-as-future",
        "The new bridge carries trains from Monday.",
        "The new bridge will carry trains from Monday.",
        "modality",
    ),
    # modality: backshift in reported speech
    (
        "modality-backshift-will",
        "The ministry said it will review the decision.",
        "The ministry said it would review the decision.",
        "modality",
    ),
    (
        "modality-backshift-can",
        "The minister said the plan can work.",
        "The minister said the plan could work.",
        "modality",
    ),
    (
        "modality-contraction",
        "The president will not attend the summit.",
        "The president won't attend the summit.",
        "modality",
    ),
    # an expectation said another way keeps its force
    (
        "modality-expected-as-likely",
        "The school is expected to reopen on Monday.",
        "The school is likely to reopen on Monday.",
        "modality",
    ),
    (
        "modality-expected-as-will",
        "The school is expected to reopen on Monday.",
        "The school will reopen on Monday.",
        "modality",
    ),
    (
        "modality-set-as-will",
        "The bridge is set to open in May.",
        "The bridge will open in May.",
        "modality",
    ),
    (
        "modality-set-as-due",
        "The bridge is set to open in May.",
        "The bridge is due to open in May.",
        "modality",
    ),
    # semi-modals tell what modals tell; a purpose clause asks for a modal
    (
        "modality-obliged-as-must",
        "Companies are legally obliged to comply with such requests.",
        "Companies must comply with such requests.",
        "modality",
    ),
    (
        "modality-potential-as-might",
        "The scanner has the potential to replace the autopsy.",
        "The scanner might replace the autopsy.",
        "modality",
    ),
    (
        "modality-purpose-clause",
        "They left early to catch the last train.",
        "They left early so that they could catch the last train.",
        "modality",
    ),
    (
        "modality-belief-passive-as-probably",
        "The intended target is thought to have been a government building.",
        "The intended target was probably a government building.",
        "modality",
    ),
    (
        "modality-can-with-a-verb-of-perceiving",
        "The crater is still visible on the main road going north.",
        "You can still see the crater on the main road going north.",
        "modality",
    ),
    (
        "modality-without-having-to",
        "The program lets the agency obtain records without having to request them from the providers.",
        "The program lets the agency get records without requesting them from the providers.",
        "modality",
    ),
    (
        "modality-mandate-as-noun-and-as-should-clause",
        "The guidelines recommend training for healthcare staff in recognizing the signs of abuse.",
        "The guidelines recommend healthcare staff should be trained to recognize the signs of abuse.",
        "modality",
    ),
    (
        "modality-refusal-would-not",
        "A guard outside the mansion declined to say if anyone was home.",
        "A guard outside the mansion would not say if anyone was home.",
        "modality",
    ),
    (
        "modality-a-plan-to-as-plans-to",
        "The initiative precedes a plan for the festival to replace all plastic glasses next year.",
        "Next year the festival also plans to replace all plastic glasses.",
        "modality",
    ),
    (
        "modality-estimated-as-believed",
        "The farmer is estimated to be paying $900 a month for the service.",
        "The farmer is believed to be paying $900 a month for the service.",
        "modality",
    ),
    (
        "modality-cut-with-its-phrase",
        "But there’s cynicism, too, with the suggestion that universities could use MOOCs to "
        "advertise their wares to lucrative – though certainly not always wealthy – students.",
        "But there’s cynicism, too, with the suggestion that universities could use MOOCs to "
        "advertise their wares to lucrative students.",
        "modality",
    ),
    (
        "modality-went-with-its-clause",
        "His remarks may be seized upon by insurgents, but the prince said he was only doing his job.",
        "The prince said he was only doing his job.",
        "modality",
    ),
]


test_positive, test_at_least_two_positive_cases, test_negative = detector_tests(POSITIVE, NEGATIVE)


def test_future_tense_change_is_a_minor_finding(fast_checker) -> None:
    pair = analyse(fast_checker, "The festival will open on Friday.", "The festival opens on Friday.")
    f = expect_one(pair, "modality", m, "will", None)
    assert f.rule == "modality.tense"


def test_an_able_adjective_is_its_verb_with_can() -> None:
    from drift.detectors.modality import able_form

    assert able_form("rely", "reliable") and able_form("cure", "curable")
    assert able_form("prevent", "preventable")
    assert not able_form("rely", "capable") and not able_form("prevent", "available")


def test_can_beside_an_able_adjective_of_another_verb_is_still_added(fast_checker) -> None:
    pair = analyse(
        fast_checker,
        "The data is reliable, the researchers said.",
        "The data can be questioned, the researchers said.",
    )
    assert of_type(pair, "modality", M)
