#!/usr/bin/env python3
"""Prints each failed test of the given TRX reports with the first lines of its message, so the end
of a CI log names what failed (the full log is often cut to its tail)."""
import sys
import xml.etree.ElementTree as ET

NS = "{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}"

for path in sys.argv[1:]:
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as error:
        print(f"  {path}: unreadable ({error})")
        continue
    for result in root.iter(f"{NS}UnitTestResult"):
        if result.get("outcome") not in ("Failed", "Error", "Timeout", "Aborted"):
            continue
        print(f"  FAILED {result.get('testName')} ({result.get('duration')})")
        message = result.find(f"{NS}Output/{NS}ErrorInfo/{NS}Message")
        lines = (message.text or "").strip().splitlines() if message is not None else []
        for line in lines[:6]:
            print(f"      {line[:300]}")
