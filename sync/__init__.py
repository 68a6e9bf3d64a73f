"""The bridge between the terminal and the central server.

``protocol`` is shared by both ends; ``engine`` is the sans-io client state
machine; ``runner`` performs its actions; ``server`` is the thin central server.
"""
