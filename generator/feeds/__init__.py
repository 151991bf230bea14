"""Interoperability: Meeting Guide JSON feeds in and out, iCalendar files and CSV.

meeting_guide.py          import a feed (rules in its docstring), checked_yaml()
meeting_guide_fields.py   one feed entry -> one Resource
meeting_guide_export.py   our data -> /meetings.json
calendar.py               /r/<id>.ics, /resources.ics, /programs/<p>.ics
spreadsheet.py            /resources.csv
hsds.py, hsds_schema.py   Open Referral HSDS 3.0 data package (/hsds/, `export hsds`)
site.py                   site_files(): everything above but HSDS, for the build
"""
