"""One module per mode screen."""
