from __future__ import annotations

import pytest

from bot.engine.buttons import Answer, Consent, Details, OfCampaign, from_parts
from bot.engine.codec import MAX_BYTES, CallbackCodec, ForgedData, StaleData


def test_round_trip_and_size() -> None:
    codec = CallbackCodec(b"secret")
    data = codec.encode(Answer(0, 10, "workshop"))
    assert len(data.encode()) <= MAX_BYTES
    assert data.startswith("a:0:10:workshop|")
    assert codec.decode(data) == Answer(campaign=0, question=10, value="workshop")


@pytest.mark.parametrize("position", range(0, 24))
def test_any_changed_character_is_refused(position: int) -> None:
    codec = CallbackCodec(b"secret")
    data = codec.encode(Answer(0, 10, "workshop"))
    if position >= len(data):
        pytest.skip("shorter data")
    flipped = data[:position] + ("X" if data[position] != "X" else "Y") + data[position + 1 :]
    with pytest.raises(ForgedData):
        codec.decode(flipped)


def test_other_secret_and_garbage_are_refused() -> None:
    data = CallbackCodec(b"one").encode(Consent(0))
    with pytest.raises(ForgedData):
        CallbackCodec(b"two").decode(data)
    for garbage in ("", "|", "ok:0", "ok:0|", "😀" * 20):
        with pytest.raises(ForgedData):
            CallbackCodec(b"one").decode(garbage)


def test_too_long_or_ambiguous_parts_are_refused_at_encoding() -> None:
    codec = CallbackCodec(b"secret")
    with pytest.raises(ValueError, match="64"):
        codec.encode(Answer(0, 1, "x" * 60))
    with pytest.raises(ValueError):
        codec.encode(Answer(0, 1, "a:b"))
    with pytest.raises(TypeError):
        codec.encode(OfCampaign(0))  # a shape, not a kind of button


def test_signed_data_of_no_known_kind_is_forged_and_misshapen_data_stale() -> None:
    """Data the bot signed but whose tag it does not know is refused as forged; data whose parts
    do not fit its kind (an older version's layout) is stale, so the presser is told to use the
    newer message, and nothing reaches a handler."""
    codec = CallbackCodec(b"secret")
    with pytest.raises(ForgedData):
        codec.decode(codec._sign(("zz", "1")))
    for parts in (
        ("sd",),
        ("sd", "1", "2"),
        ("sd", "-1"),
        ("sd", "１"),
        ("sd", "1" * 19),
        ("a", "0", "x", "v"),
    ):
        with pytest.raises(StaleData):
            codec.decode(codec._sign(parts))


def test_the_wire_format_is_the_one_of_earlier_versions() -> None:
    """Buttons already in applicants' chats keep working: the parts are read as before."""
    assert from_parts(("sd", "42")) == Details(application=42)
    assert from_parts(("a", "1", "3", "yes")) == Answer(campaign=1, question=3, value="yes")
