"""Calibration hook of table 4: counts the calls at the hook points the benchmark's hooks use,
so that the callouts per exchange are counted rather than assumed. It rewrites the file named
by the hook parameter "count-file" after every call: slow, but it runs only in a short run at a
low rate, and the file is complete however Kea stops."""

import json

counts = {"pkt4_receive": 0, "pkt4_send": 0, "lease4_select": 0}
count_file = None


def load(handle):
    global count_file
    count_file = handle.parameters["count-file"]


def _count(hook_point):
    counts[hook_point] += 1
    with open(count_file, "w") as out:
        json.dump(counts, out)


def pkt4_receive(handle):
    _count("pkt4_receive")


def pkt4_send(handle):
    _count("pkt4_send")


def lease4_select(handle):
    _count("lease4_select")
