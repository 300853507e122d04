#!/usr/bin/env python3
"""Prints what python3-evtx reads from each .evtx file named on the command line.

One JSON object per file and line: {"file", "error", "records": [...]}, a record being its
number from the record header and the fields of its rendered XML (System values, then the
EventData or UserData fields in order). The test compares webc2's parse with this; it runs
under the Debian python3-evtx package and exits with status 3 when that is not installed.
"""

import json
import re
import sys
import xml.etree.ElementTree as ET

try:
    import Evtx.Evtx as evtx
except ImportError:
    sys.stderr.write("python3-evtx is not installed (apt-get install python3-evtx)\n")
    sys.exit(3)

SYSTEM_TEXT = ("EventID", "Channel", "Computer", "EventRecordID")
# python-evtx writes values as XML 1.1; expat reads 1.0, so references to characters 1.0
# forbids are turned into a marker the test recognises instead of failing the whole record.
BAD_REF = re.compile(r"&#(\d+);")
# python-evtx prints a string array as escaped "<string>item</string>\n" runs in one element.
STRING_ARRAY = re.compile(r"(?:<string>.*?</string>\n)+\Z", re.S)
STRING_ITEM = re.compile(r"<string>(.*?)</string>\n", re.S)


def local(tag):
    return tag.rsplit("}", 1)[-1]


def xml10_safe(xml):
    def fix(m):
        n = int(m.group(1))
        ok = n in (9, 10, 13) or 0x20 <= n <= 0xD7FF or 0xE000 <= n <= 0xFFFD or n >= 0x10000
        return m.group(0) if ok else "\ufffd"

    xml = BAD_REF.sub(fix, xml)
    return re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f]", "\ufffd", xml)


def leaves(el, out):
    """UserData and nested XML: the text of every element without element children."""
    kids = list(el)
    if not kids:
        out.append([local(el.tag), el.text or "", "leaf"])
    for k in kids:
        leaves(k, out)


def fields(section):
    out = []
    for child in section:
        tag = local(child.tag)
        kids = list(child)
        name = child.get("Name") if tag == "Data" else tag
        if kids and all(local(k.tag) == "string" for k in kids):
            # A string array: python-evtx prints <string> items where Windows repeats the element.
            for k in kids:
                out.append([name, k.text or "", "item"])
        elif kids:
            nested = []
            for k in kids:
                leaves(k, nested)
            out.append([name, nested, "nested"])
        elif STRING_ARRAY.match(child.text or ""):
            for item in STRING_ITEM.findall(child.text):
                out.append([name, item, "item"])
        else:
            out.append([name, child.text or "", "text"])
    return out


def record(rec):
    out = {"num": rec.record_num()}
    try:
        xml = rec.xml()
    except Exception as e:  # python-evtx cannot render this record
        out["render_error"] = repr(e)[:300]
        return out
    try:
        root = ET.fromstring(xml10_safe(xml))
    except ET.ParseError as e:
        out["xml_error"] = str(e)
        return out
    system = {}
    body = None
    for section in root:
        tag = local(section.tag)
        if tag == "System":
            for el in section:
                name = local(el.tag)
                if name in SYSTEM_TEXT:
                    system[name] = el.text or ""
                elif name == "Provider":
                    system["Provider"] = el.get("Name", "")
                elif name == "TimeCreated":
                    system["TimeCreated"] = el.get("SystemTime", "")
        elif tag == "EventData":
            body = ["EventData", fields(section)]
        elif tag == "UserData":
            nested = []
            for k in section:
                leaves(k, nested)
            body = ["UserData", nested]
    out["system"] = system
    out["body"] = body
    return out


def main(paths):
    for path in paths:
        result = {"file": path, "error": None, "records": []}
        try:
            with evtx.Evtx(path) as log:
                for rec in log.records():
                    result["records"].append(record(rec))
        except Exception as e:
            result["error"] = repr(e)[:300]
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1:])
