"""One function per user action, shared by the CLI and the TUI (docs/ARCHITECTURE.md).

An action takes plain values, applies every default, validation and history rule, and does
its read-modify-write inside the store's write lock (`Repository.transaction`) on the record
as it is in the file, applying only the fields the caller changed. It returns the result, or
raises one of the typed errors in `actions.errors` saying what to fix.
"""
