"""One function per user action; see docs/ARCHITECTURE.md."""
