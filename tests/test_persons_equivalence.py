"""The faster forms in the persons stage read what the plain forms read."""
import random

from reportminer.recognize import person_names as pn


def _closing_lines_walk(norm):
    """The lines the byline reader read before: every line, skipped unless it is the fourth
    or later and starts in the last 60% of the text."""
    out, total, offset = [], len(norm), 0
    for idx, line in enumerate(norm.split("\n")):
        start = offset
        offset += len(line) + 1
        if idx < 3 or start < total * 0.4:
            continue
        out.append(line)
    return out


def test_closing_lines_are_the_lines_walked():
    rng = random.Random(5)
    pieces = ["\n", "\n\n", "a", "Nguyễn Văn A", " ", "xyz " * 7]
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 20)))
        assert pn._closing_lines(text) == _closing_lines_walk(text), repr(text)
