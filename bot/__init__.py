from bot import imports

imports.install()  # before any third-party module is imported: see bot/imports.py
