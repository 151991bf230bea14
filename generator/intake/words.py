"""The words schedules are written with, in English and Spanish, for when.py.

Phrases are rewritten to one marker word before the text is split into tokens, so
"every other", "cada dos semanas" and "biweekly" all reach the reader as `biweekly`.
Order matters: longer phrases first, and "a las" (at) before "a" (to).
"""

from __future__ import annotations

import re

DAY_WORDS: dict[str, tuple[str, ...]] = {
    "mon": ("monday", "mondays", "mon", "lunes", "lun"),
    "tue": ("tuesday", "tuesdays", "tue", "tues", "martes"),
    "wed": ("wednesday", "wednesdays", "wed", "weds", "miércoles", "miercoles", "mié",
            "mie", "mier"),
    "thu": ("thursday", "thursdays", "thu", "thur", "thurs", "jueves", "jue"),
    "fri": ("friday", "fridays", "fri", "viernes", "vie"),
    "sat": ("saturday", "saturdays", "sat", "sábado", "sábados", "sabado", "sabados",
            "sáb", "sab"),
    "sun": ("sunday", "sundays", "sun", "domingo", "domingos", "dom"),
}
DAY_OF: dict[str, str] = {w: d for d, words in DAY_WORDS.items() for w in words}

ORDINAL_OF: dict[str, int] = {
    "first": 1, "1st": 1, "primer": 1, "primero": 1, "primera": 1, "1er": 1, "1ro": 1,
    "1º": 1, "1°": 1, "1o": 1, "1a": 1,
    "second": 2, "2nd": 2, "segundo": 2, "segunda": 2, "2do": 2, "2º": 2, "2°": 2,
    "2o": 2,
    "third": 3, "3rd": 3, "tercer": 3, "tercero": 3, "tercera": 3, "3er": 3, "3ro": 3,
    "3º": 3, "3°": 3, "3o": 3,
    "fourth": 4, "4th": 4, "cuarto": 4, "cuarta": 4, "4to": 4, "4º": 4, "4°": 4, "4o": 4,
    "fifth": 5, "5th": 5, "quinto": 5, "quinta": 5, "5to": 5, "5º": 5,
    "last": -1, "último": -1, "ultimo": -1, "última": -1, "ultima": -1,
}

MONTH_OF: dict[str, int] = {}
for _number, _words in enumerate((
        ("january", "jan", "enero", "ene"), ("february", "feb", "febrero"),
        ("march", "marzo"), ("april", "apr", "abril", "abr"), ("may", "mayo"),
        ("june", "jun", "junio"), ("july", "jul", "julio"),
        ("august", "aug", "agosto", "ago"), ("september", "sep", "sept", "septiembre",
                                             "setiembre"),
        ("october", "oct", "octubre"), ("november", "nov", "noviembre"),
        ("december", "dec", "diciembre", "dic")), start=1):
    for _w in _words:
        MONTH_OF[_w] = _number

# Words that carry no meaning of their own here ("Tuesdays at 7", "los martes de 7 a 8").
FILLER = frozenset({
    "at", "on", "the", "every", "each", "meets", "meet", "meeting", "meetings", "of",
    "in", "and", "plus", "also", "de", "del", "el", "los", "las", "la", "en", "cada",
    "todos", "todas", "se", "reúne", "reune", "y", "e", "o'clock", "oclock", "week",
    "semana", "semanas", "is", "are", "hours", "horario", "al",
})
RANGE_WORDS = frozenset({"to", "through", "thru", "until", "till", "til", "hasta", "a"})
H24_WORDS = frozenset({"h", "hs", "hrs", "horas"})

# (pattern, marker) in order; matched on the lower-cased text.
PHRASES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), marker) for pattern, marker in (
        (r"\b([ap])\.?\s?m\b\.?", r" \1m "),
        (r"\b(?:de la|por la) (?:tarde|noche)\b|\bin the (?:evening|afternoon)\b"
         r"|\bat night\b", " pm "),
        (r"\b(?:de la|por la) (?:mañana|manana|madrugada)\b|\bin the morning\b", " am "),
        (r"\b12\s*(?:noon|midday)\b|\b12 (?:del )?(?:mediod[ií]a|medio d[ií]a)\b", " noon "),
        (r"\bmediod[ií]a\b|\bmedio d[ií]a\b|\bmidday\b", " noon "),
        (r"\b12\s*midnight\b|\b12 de la medianoche\b|\bmedianoche\b", " midnight "),
        (r"\bevery (?:other|second|2nd|2|two) weeks?\b|\bevery other\b|\bevery second\b"
         r"|\bbi-?weekly\b|\bfortnightly\b|\bcada (?:dos|2) semanas\b"
         r"|\bcada (?:quince|15) d[ií]as\b|\bcada otra semana\b|\bsemana (?:de )?por medio\b"
         r"|\bquincenal(?:mente)?\b|\buna semana s[ií] y (?:otra|una) no\b", " biweekly "),
        (r"\bevery ?day\b|\beach day\b|\bdaily\b|\btodos los d[ií]as\b|\bdiariamente\b"
         r"|\ba diario\b|\bdiario\b|\bcada d[ií]a\b|\b7 days a week\b", " daily "),
        (r"\b(?:every )?weekdays?\b|\bentre semana\b|\bd[ií]as (?:de semana|laborables)\b",
         " weekdays "),
        (r"\b(?:every )?weekends?\b|\bfines? de semana\b", " weekends "),
        (r"\bof (?:the|each|every) month\b|\b(?:each|every|a) month\b|\bmonthly\b"
         r"|\bde cada mes\b|\bdel mes\b|\bcada mes\b|\bal mes\b|\bmensual(?:mente)?\b",
         " monthly "),
        (r"\bevery week\b|\beach week\b|\bweekly\b|\btodas las semanas\b|\bcada semana\b"
         r"|\bsemanal(?:mente)?\b", " "),
        (r"\bstarting(?: on| from)?\b|\bbeginning(?: on)?\b|\bstarts(?: on)?\b"
         r"|\bbegins(?: on)?\b|\ba partir del?\b|\bcomenzando el\b|\bempezando el\b"
         r"|\bdesde el\b|\bdesde\b|\bfrom\b", " from "),
        (r"\ba las?\b", " "),
        (r"[\u2010-\u2015\u2212]", "-"),
        (r"&", " and "),
    ))
