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


def test_cues_read_only_in_named_sentences_are_the_ones_the_whole_scan_reads():
    """_event_roles scans for cues only over the sentences that hold a name: of the whole
    text's cue matches it sees each one such a sentence holds, and no match the whole scan
    does not make."""
    import bisect

    from reportminer.recognize import persons
    from reportminer.text import Document, lowered

    table, cue_re = persons._cues()
    chars = pn._cue_chars(tuple(table))
    rng = random.Random(11)
    # cues run over line breaks, where a sentence ends: "tham\ndự" is one match, "dự" alone another
    pieces = list(table) + ["Tham dự", "chủ", "trì", "dự", " ", "  ", "\n", ". ", ".", ",", "x", "ông A",
                            "Hà Nội", "(", "tham", "đồng", "1", "tham\ndự", "chủ \n trì", "đồng chủ\ntrì"]
    for _ in range(4000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 30)))
        doc = Document(text)
        low = lowered(doc.norm)
        starts = sorted(rng.sample(range(len(doc.norm)), min(len(doc.norm), rng.randint(1, 5))))

        def holds_name(pos):
            s0, s1 = doc.sentence_of(pos)
            return bisect.bisect_left(starts, s0) < bisect.bisect_left(starts, s1)

        whole = [m.span() for m in cue_re.finditer(low)]
        seen = [m.span() for m in pn._cues_in_sentences(doc, cue_re, chars, starts)]
        assert set(seen) <= set(whole) and seen == sorted(seen), repr(text)
        assert [s for s in seen if holds_name(s[0])] == [s for s in whole if holds_name(s[0])], repr(text)
