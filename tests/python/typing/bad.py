"""Exactly three type errors, on the lines marked ERROR (tests/python/test_typing.py)."""
import numpy as np

import framekit as mp

frame = mp.Frame(64, 48, mp.PixelInfo(mp.kPF_RGB24))
vf = mp.VideoFrame("not a frame")  # ERROR: a str where a Frame is required
name: str = frame.width()  # ERROR: an int used as a str
jpg = mp.encode_jpeg(np.zeros((8, 8), np.uint8), density="72dpi")  # ERROR: density is a tuple
