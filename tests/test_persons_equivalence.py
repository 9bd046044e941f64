"""The faster forms in the persons stage read what the plain forms read."""
import itertools
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


def test_persons_and_titles_built_are_the_validated_ones():
    """person_names makes Person and Title objects without pydantic's validation (model.built):
    the validating constructors, given the same values, make the same objects."""
    import glob
    import os

    import reportminer
    from reportminer.model import Person, Title

    corpora = os.path.join(os.path.dirname(__file__), "..", "corpora")
    seen_titles = 0
    paths = glob.glob(os.path.join(corpora, "*.txt")) + glob.glob(os.path.join(corpora, "heldout*", "*.txt"))
    for path in sorted(paths):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        for person in reportminer.extract(text, "2024-01-01").persons:
            validated = Person(**person.__dict__)
            assert validated.__dict__ == person.__dict__ and list(validated.__dict__) == list(person.__dict__)
            assert validated.model_fields_set == person.model_fields_set
            assert validated.model_dump_json() == person.model_dump_json()
            for title in person.titles:
                seen_titles += 1
                # the values it was made with: the fields the later merging of titles sets are set anyway
                again = Title(**title.__dict__)
                assert again.__dict__ == title.__dict__ and list(again.__dict__) == list(title.__dict__)
                assert again.model_fields_set == title.model_fields_set
    assert seen_titles > 30
    assert set(pn._genders().values()) <= {"male", "female"}


def test_one_word_run_holds_no_name():
    """read_org skips pick_name on a one-word capitalised run: it never finds a name there."""
    for word in ["Nguyễn", "Hà", "Hội", "UBND", "Furuta", "Tỉnh", "TP", "Việt", "X"]:
        for flags in itertools.product((False, True), repeat=3):
            assert pn.pick_name([word], *flags) is None
