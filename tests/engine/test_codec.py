from __future__ import annotations

import pytest

from bot.engine.codec import MAX_BYTES, CallbackCodec, ForgedData


def test_round_trip_and_size() -> None:
    codec = CallbackCodec(b"secret")
    data = codec.encode("a", 0, 10, "workshop")
    assert len(data.encode()) <= MAX_BYTES
    assert codec.decode(data) == ("a", "0", "10", "workshop")


@pytest.mark.parametrize("position", range(0, 24))
def test_any_changed_character_is_refused(position: int) -> None:
    codec = CallbackCodec(b"secret")
    data = codec.encode("a", 0, 10, "workshop")
    if position >= len(data):
        pytest.skip("shorter data")
    flipped = data[:position] + ("X" if data[position] != "X" else "Y") + data[position + 1 :]
    with pytest.raises(ForgedData):
        codec.decode(flipped)


def test_other_secret_and_garbage_are_refused() -> None:
    data = CallbackCodec(b"one").encode("ok", 0)
    with pytest.raises(ForgedData):
        CallbackCodec(b"two").decode(data)
    for garbage in ("", "|", "ok:0", "ok:0|", "😀" * 20):
        with pytest.raises(ForgedData):
            CallbackCodec(b"one").decode(garbage)


def test_too_long_or_ambiguous_parts_are_refused_at_encoding() -> None:
    codec = CallbackCodec(b"secret")
    with pytest.raises(ValueError, match="64"):
        codec.encode("x" * 60)
    with pytest.raises(ValueError):
        codec.encode("a:b")
