"""A hand-built record with every kind of item filled in, for the API tests.

Independent of the recognisers, so the frames/spaCy/schema tests check the
API itself whatever the extractors find today.
"""
from __future__ import annotations

from reportminer.model import (Amount, ArticleRecord, DateItem, Event, Mention, Organization, Participant,
                               Period, Person, Place, Source, Title)

TEXT = ("Sáng 29/06/2022, tại tỉnh Bến Tre, ông Đỗ Việt Hà - Chủ tịch Liên hiệp các tổ chức hữu nghị "
        "tỉnh Bến Tre chủ trì Hội nghị sơ kết 6 tháng đầu năm 2022; Cụm 4 đã vận động hơn 38,4 tỷ đồng.")


def _m(text: str, s: str, nth: int = 0) -> Mention:
    i = -1
    for _ in range(nth + 1):
        i = text.index(s, i + 1)
    return Mention(start=i, end=i + len(s), text=s)


def full_record(aid: str = "a1") -> ArticleRecord:
    t = TEXT
    org = "Liên hiệp các tổ chức hữu nghị tỉnh Bến Tre"
    return ArticleRecord(
        id=aid, published="2022-06-30",
        source=Source(path=None, url="https://example.org/a1", title="Hội nghị", published="2022-06-30",
                      published_from="metadata", authors=["PV"]),
        persons=[Person(name="Đỗ Việt Hà", honorific="ông", gender="male", event_roles=["chair"],
                        titles=[Title(role="Chủ tịch", organization=org), Title(role="Cụm trưởng",
                                                                              organization="Cụm 4", former=True)],
                        mentions=[_m(t, "Đỗ Việt Hà")])],
        organizations=[Organization(name=org, aliases=["Liên hiệp Bến Tre"], kind="friendship_union",
                                    place="Bến Tre", place_code="83", mentions=[_m(t, org)]),
                       Organization(name="Cụm 4", kind="cluster", mentions=[_m(t, "Cụm 4")])],
        places=[Place(name="Bến Tre", kind="province", code="83", province_2025="Vĩnh Long",
                      mentions=[_m(t, "Bến Tre"), _m(t, "Bến Tre", 1)])],
        dates=[DateItem(text="Sáng 29/06/2022", value="2022-06-29", precision="day", part_of_day="sáng",
                        resolved_by="text", mentions=[_m(t, "Sáng 29/06/2022")]),
               DateItem(text="24-25/4", value="2022-04-24/2022-04-25", precision="interval", year_written=False,
                        resolved_by="published"),
               DateItem(text="tháng 12", value="XXXX-12", precision="month", year_written=False,
                        resolved_by="unknown")],
        periods=[Period(text="6 tháng đầu năm 2022", value="2022-01/2022-06", kind="half",
                        mentions=[_m(t, "6 tháng đầu năm 2022")])],
        amounts=[Amount(text="hơn 38,4 tỷ đồng", value=38.4e9, currency="VND", qualifier="more_than",
                        kind="mobilised", donor="Cụm 4", period="2022-01/2022-06",
                        mentions=[_m(t, "hơn 38,4 tỷ đồng")]),
                 Amount(text="0,3 triệu USD", value=0.1 + 0.2, currency="USD", currency_assumed=False)],
        events=[Event(type="conference", name="Hội nghị sơ kết", date="2022-06-29", location="Bến Tre",
                      organizers=["Cụm 4"], chairs=["Đỗ Việt Hà"],
                      participants=[Participant(name="Đỗ Việt Hà", kind="person", role="chair")],
                      amounts=[0], evidence=[_m(t, "Hội nghị")])],
        planned_events=[Event(type="meeting", status="planned", date="2022-12")],
        warnings=["an example warning"],
    )
