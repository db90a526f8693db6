"""Jekyll's rules for one file, as pure functions: its header's fields
(``fields``), its file name (``file_names``), its dates (``dates`` and
``local_zone``, as Ruby reads them; ``pelican_dates``, as Pelican does), its
slug (``slugs``) and URL (``permalinks``, ``literal_permalink``), and Ruby's
``File.fnmatch?`` (``globs``)."""
