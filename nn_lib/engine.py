"""PLACEHOLDER"""

class Value:
    pass
