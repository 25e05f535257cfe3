"""No admin screens for attention points on purpose: AttentionPoint and its status history are
personal data, some of it health or confidential (see `herenigd/families/admin.py`)."""
