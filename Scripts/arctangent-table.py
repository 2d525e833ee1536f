#!/usr/bin/env python3
"""The arctangent table of Sources/Geo/Coordinate+Arctangent.swift: atan(i/16) for i = 0...16 and pi/2, each as the
nearest binary64 value (hi) and the nearest binary64 value of the remainder (lo), from Python mpmath at 50
significant digits; printed as Swift hexadecimal literals.

    pip install mpmath && python3 Scripts/arctangent-table.py
"""
from mpmath import mp, mpf, atan, pi

mp.dps = 50


def split(value):
    hi = float(value)
    lo = float(value - mpf(hi))
    return hi.hex(), lo.hex()


def literal(text):
    # Python writes 0x1.921fb54442d18p+0; Swift reads the same form (0x0.0p+0 for zero).
    return text


for i in range(17):
    hi, lo = split(atan(mpf(i) / 16))
    print(f"        case {i}: return ({literal(hi)}, {literal(lo)})")
hi, lo = split(pi / 2)
print(f"    pi/2: ({hi}, {lo})")
