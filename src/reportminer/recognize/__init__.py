"""One recogniser per kind of mention: dates, money, places, orgs, persons."""
