import pytest

from rasid.text.calendar import MONTHS, parse_date


@pytest.mark.parametrize("value, iso", [
    ("2025-03-16", "2025-03-16"),
    ("2025-03-16T11:00:00+03:00", "2025-03-16T11:00:00+03:00"),
    ("2025-03-16T08:00:00Z", "2025-03-16T08:00:00+00:00"),
    ("2015-07-31 04:15:32", "2015-07-31T04:15:32"),
    ("12th, September 2023 GMT", "2023-09-12"),
    ("June 19, 2024", "2024-06-19"),
    ("15 مارس 2025", "2025-03-15"),
    ("15 آذار 2025", "2025-03-15"),
    ("3 كانون الثاني 2024", "2024-01-03"),
    ("٢٠ جويلية ٢٠٢٤", "2024-07-20"),
    ("15/03/2025", "2025-03-15"),
    ("Tue, 11 Mar 2025 10:00:00 +0300", "2025-03-11T10:00:00+03:00"),
    ("2025-02-30", None),
    ("next week", None),
    ("", None),
])
def test_metadata_dates(value, iso):
    assert parse_date(value) == iso


def test_every_regional_month_name_is_known():
    for name, n in [("يوليو", 7), ("تموز", 7), ("جويلية", 7), ("يوليوز", 7), ("أغسطس", 8), ("آب", 8),
                    ("غشت", 8), ("تشرين الأول", 10), ("كانون الأول", 12), ("فيفري", 2), ("شتنبر", 9)]:
        from rasid.text.normalize import fold
        assert MONTHS[fold(name)] == n


@pytest.mark.parametrize("url, day", [
    ("https://paper.example/2015/07/20/article_974922.html", "2015-07-20"),
    ("https://paper.example/2015/7/9/item", "2015-07-09"),
    ("https://paper.example/2015/20150721/fe1.htm", "2015-07-21"),
    ("https://paper.example/new/Issues/20150720/Con20150720784687.htm", "2015-07-20"),
    ("https://paper.example/news/2025-03-15-floods", "2025-03-15"),
    ("https://paper.example/1066713", None),
    ("https://2015.example/07/20/x", None),  # the host is not the path
    ("https://paper.example/id/20151340/x", None),  # no 40th of the 13th month
    ("https://paper.example/a?date=2015-07-20", None),
])
def test_the_publication_day_an_address_names(url, day):
    from rasid.text.calendar import url_date

    assert url_date(url) == day
