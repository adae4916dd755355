"""Modal dialogs with typed results (ModalScreen[T])."""
