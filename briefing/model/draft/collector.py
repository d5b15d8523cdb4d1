"""The cyclic garbage collector held off while a draft is made or written.

A draft allocates millions of small objects (mentions, notes, records) that all live until it
is written: the collector's full passes over them free nothing. At 10 MB of source its six
full passes cost about a second of CPU, some 8% of the draft, and more as the heap grows.
What the drafter makes holds no reference cycles worth waiting for (the peak memory of a
10 MB draft is the same with the collector off), so it is paused, then restored as it was.
"""

from __future__ import annotations

import functools
import gc


def collector_paused(function):
    """``function`` run with the cyclic collector off, and the collector's state restored after."""

    @functools.wraps(function)
    def paused(*args, **kwargs):
        collecting = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if collecting:
                if gc.get_freeze_count() == 0:
                    # What was made while paused is all in the youngest generation: the first young pass
                    # after enabling would walk all of it (0.3 s at 10 MB). Freezing and unfreezing moves
                    # it to the oldest generation unwalked, where it is collected later like any old object
                    # (skipped if someone else froze objects: unfreezing would release theirs too).
                    gc.freeze()
                    gc.unfreeze()
                gc.enable()

    return paused
