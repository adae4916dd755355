"""floortrack: your own record of physical-therapy visits and insurance claims."""

__version__ = "0.1.0"
