"""`sync`: re-import the upstream feeds a data file declares and merge them into it.

    sources:                          # top level of resources.yaml
      - name: Springfield Intergroup  # entries from this feed carry `source:` this name
        format: meeting-guide         # meeting-guide | bmlt
        url: https://example.org/wp-admin/admin-ajax.php?action=meetings
        program: aa
        vanished: mark-inactive       # report (default) | mark-inactive | remove

sources.py   the `sources:` list: checks (for validate) and reading a feed (urllib)
importers.py a feed's text -> Resources with `source` and `source_ids`, via the importer
merge.py     imported Resources + the file's entries -> what changes, field by field
textedit.py  those changes applied to the file's text, every other byte kept
"""
