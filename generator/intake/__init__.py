"""From a submitted GitHub issue form to an edit of resources.yaml (`from-issue`).

form.py reads the body as GitHub renders it; when.py reads schedules as people write
them (English and Spanish); entry.py turns the answers into an entry or a change;
textedit.py writes that into the file's text keeping every other byte; event.py reads a
workflow's event payload; apply.py ties them together and checks the result.
"""
