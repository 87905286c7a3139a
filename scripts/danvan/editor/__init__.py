"""The web editor for those who do not use git: Decap CMS at /admin/, in the live preview and
in the editors' build only (never in the public site).

cms.py makes its configuration from the schemas; admin.py lists what /admin/ serves;
server.py runs Decap's local backend (decap-server) beside the live preview. None of them
imports MkDocs: the plugin (site/plugin.py) only adds the files.
"""
