"""Interoperability: Meeting Guide JSON feeds in and out, iCalendar files and CSV.

meeting_guide.py          import a feed (rules in its docstring), checked_yaml()
meeting_guide_fields.py   one feed entry -> one Resource
meeting_guide_export.py   our data -> /meetings.json
calendar.py               /r/<id>.ics, /resources.ics, /programs/<p>.ics
spreadsheet.py            /resources.csv
site.py                   site_files(): everything above, for the build
"""
