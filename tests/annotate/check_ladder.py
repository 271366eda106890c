#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""check_ladder.py - checks tcp-explain-annotate's teaching outputs against
what tshark with the plugin says about the same capture (FIELDS, a TSV
written by run_ladder.sh with the columns listed in FIELD_NAMES).

  check_ladder.py svg FILE.svg FIELDS [N]    a well-formed SVG ladder (of
                                             the first and last N packets)
  check_ladder.py html FILE.html FIELDS      every inline SVG ladder, and
                                             each arrow links to its row
  check_ladder.py gift FILE.gift FIELDS      GIFT syntax of every question,
                                             each answer equals the field
  check_ladder.py png FILE.png               a screenshot that is not blank
  check_ladder.py pdfpages FILE.pdf N        a PDF with N pages

The checks use only the Python standard library (xml.etree is a real XML
parser). Prints one line per failure; exit status 0 passed, 1 failed.
"""
import re
import struct
import sys
import xml.etree.ElementTree as ET
import zlib

FIELD_NAMES = ["frame", "stream", "role", "flags", "seq", "ack", "len", "nxtseq", "step",
               "retrans", "fast_retrans", "dup_ack"]
SVG_NS = "{http://www.w3.org/2000/svg}"
FLAG_BITS = [(0x001, "FIN"), (0x002, "SYN"), (0x004, "RST"), (0x008, "PSH"), (0x010, "ACK"),
             (0x020, "URG"), (0x040, "ECE"), (0x080, "CWR"), (0x100, "AE")]
# explain.step values (plugin/core/explain_engine.h) and the words the
# worksheet uses for them.
STEP_WORDS = {1: "handshake 1/3 SYN", 2: "handshake 2/3 SYN-ACK", 3: "handshake 3/3 ACK",
              4: "data", 5: "ACK", 6: "teardown 1/4 FIN", 7: "teardown 2/4 ACK",
              8: "teardown 3/4 FIN", 9: "teardown 4/4 ACK", 10: "RST", 0: "other"}

FAILURES = []


def fail(message):
    FAILURES.append(message)
    print("FAIL: " + message)


def read_fields(path):
    """Explained packets, in frame order, as dicts with numbers."""
    packets = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            cols += [""] * (len(FIELD_NAMES) - len(cols))
            p = dict(zip(FIELD_NAMES, cols))
            if p["step"] == "":
                continue
            for k in ("frame", "stream", "role", "seq", "len", "step"):
                p[k] = int(p[k])
            p["flags"] = int(p["flags"], 16)
            p["ack"] = int(p["ack"]) if p["ack"] != "" else None
            p["nxtseq"] = int(p["nxtseq"]) if p["nxtseq"] != "" else None
            packets.append(p)
    return packets


def flag_names(flags):
    names = [n for bit, n in FLAG_BITS if flags & bit]
    return ",".join(names) if names else "no flags"


def expected_label(p):
    label = "[%s] seq=%d" % (flag_names(p["flags"]), p["seq"])
    if p["flags"] & 0x010 and p["ack"] is not None:
        label += " ack=%d" % p["ack"]
    return label + " len=%d" % p["len"]


def check_svg_root(root, packets, where):
    """One arrow per packet, in order, right direction, label and kind."""
    if root.tag != SVG_NS + "svg":
        fail("%s: root element is %s, not svg" % (where, root.tag))
        return
    arrows = [g for g in root.iter(SVG_NS + "g")
              if g.get("class", "").startswith("arrow ") and "missing" not in g.get("class")]
    if len(arrows) != len(packets):
        fail("%s: %d arrows for %d packets" % (where, len(arrows), len(packets)))
    print("%s: %d arrows checked" % (where, len(arrows)))
    for g, p in zip(arrows, packets):
        what = "%s: frame %d" % (where, p["frame"])
        if g.get("data-frame") != str(p["frame"]):
            fail("%s: arrow is for frame %s" % (what, g.get("data-frame")))
            continue
        sender = "client" if p["role"] == 1 else "server"
        if g.get("data-from") != sender:
            fail("%s: arrow from %s, the %s sent it" % (what, g.get("data-from"), sender))
        line = next(g.iter(SVG_NS + "line"), None)
        if line is None:
            fail("%s: no line" % what)
        else:
            rightwards = float(line.get("x2")) > float(line.get("x1"))
            downwards = float(line.get("y2")) > float(line.get("y1"))
            if rightwards != (sender == "client") or not downwards:
                fail("%s: the arrow points the wrong way" % what)
        labels = [t for t in g.iter(SVG_NS + "text") if t.get("class") == "label"]
        got = "".join(labels[0].itertext()) if labels else None
        if got != expected_label(p):
            fail("%s: label %r, expected %r" % (what, got, expected_label(p)))
        steps = [t for t in g.iter(SVG_NS + "text") if t.get("class") == "step"]
        step = "".join(steps[0].itertext()) if steps else ""
        if not step.startswith(STEP_WORDS.get(p["step"], "?")):
            fail("%s: step %r, expected %r" % (what, step, STEP_WORDS.get(p["step"])))
        classes = g.get("class").split()
        if ("reset" in classes) != bool(p["flags"] & 0x004):
            fail("%s: reset colour %s" % (what, "wrong" if "reset" in classes else "missing"))
        resent = (p["retrans"] != "" or p["fast_retrans"] != "") and not p["flags"] & 0x004
        if ("resent" in classes) != resent:
            fail("%s: retransmission colour wrong (%s)" % (what, classes))
        dup = p["dup_ack"] != "" and not resent and not p["flags"] & 0x004
        if ("dupack" in classes) != dup:
            fail("%s: duplicate-ACK colour wrong (%s)" % (what, classes))


def by_stream(packets):
    streams = {}
    for p in packets:
        streams.setdefault(p["stream"], []).append(p)
    return streams


def check_svg(path, fields, shown=None):
    packets = read_fields(fields)
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        fail("%s: not well-formed XML: %s" % (path, e))
        return
    m = re.search(r"stream(\d+)\.svg$", path)
    stream = int(m.group(1)) if m else 0
    packets = by_stream(packets).get(stream, [])
    elisions = ["".join(t.itertext()) for t in root.iter(SVG_NS + "text")
                if t.get("class") == "elision"]
    if shown is not None and len(packets) > 2 * shown:
        hidden = packets[shown:-shown]
        want = "\u22ee %d packets not drawn (frames %d\u2013%d)" % (
            len(hidden), hidden[0]["frame"], hidden[-1]["frame"])
        if elisions != [want]:
            fail("%s: elision marks %r, expected [%r]" % (path, elisions, want))
        packets = packets[:shown] + packets[-shown:]
    elif elisions:
        fail("%s: an elision mark though every packet is drawn" % path)
    check_svg_root(root, packets, path)


def check_html(path, fields):
    packets = by_stream(read_fields(fields))
    with open(path, encoding="utf-8") as f:
        html = f.read()
    svgs = re.findall(r"<svg\b.*?</svg>", html, re.S)
    if len(svgs) != len(packets):
        fail("%s: %d ladders for %d streams" % (path, len(svgs), len(packets)))
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    for text in svgs:
        try:
            root = ET.fromstring(text)
        except ET.ParseError as e:
            fail("%s: an inline SVG is not well-formed XML: %s" % (path, e))
            continue
        m = re.match(r"ladder-(\d+)$", root.get("id", ""))
        if not m:
            fail("%s: a ladder without its stream id" % path)
            continue
        stream = int(m.group(1))
        check_svg_root(root, packets.get(stream, []), "%s stream %d" % (path, stream))
        for a in root.iter(SVG_NS + "a"):
            href = a.get("href", "")
            if not href.startswith("#") or href[1:] not in ids:
                fail("%s: link %r goes to no row" % (path, href))
    for p in sum(packets.values(), []):
        if "s%d-f%d" % (p["stream"], p["frame"]) not in ids:
            fail("%s: no table row for frame %d" % (path, p["frame"]))


GIFT_SPECIAL = "~=#{}:"


def unescaped(text, chars):
    """Positions of unescaped chars in text."""
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\":
            if i + 1 >= len(text) or text[i + 1] not in GIFT_SPECIAL + "\\":
                return None   # a stray backslash
            i += 2
            continue
        if text[i] in chars:
            out.append(i)
        i += 1
    return out


def split_unescaped(text, char):
    parts, start, i = [], 0, 0
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == char:
            parts.append(text[start:i])
            start = i + 1
        i += 1
    parts.append(text[start:])
    return parts


def plain(text, what):
    """Checks that text has no unescaped special character."""
    found = unescaped(text, GIFT_SPECIAL)
    if found is None:
        fail("%s: a backslash that escapes nothing" % what)
    elif found:
        fail("%s: unescaped %r in %r" % (what, text[found[0]], text))


def parse_gift(path):
    """[(title, text, kind, answers)]: kind 'numerical' with [(value, tol,
    feedback)] or 'choice' with [(correct, answer, feedback)]."""
    with open(path, encoding="utf-8") as f:
        lines = [l for l in f.read().split("\n") if not l.startswith("//")]
    blocks = [b.strip() for b in "\n".join(lines).split("\n\n") if b.strip()]
    questions = []
    for b in blocks:
        what = "%s: question %r" % (path, b[:40])
        m = re.match(r"::((?:[^:\\]|\\.)*)::(.*)$", b, re.S)
        if not m:
            fail("%s: no ::title::" % what)
            continue
        title, rest = m.group(1), m.group(2)
        plain(title, what + " title")
        braces = unescaped(rest, "{}")
        if braces is None or len(braces) != 2 or rest[braces[0]] != "{" or rest[braces[1]] != "}":
            fail("%s: not one {answer block}" % what)
            continue
        if rest[braces[1] + 1:].strip():
            fail("%s: text after the answer block" % what)
        text, block = rest[:braces[0]], rest[braces[0] + 1:braces[1]]
        plain(text, what + " text")
        if block.startswith("#"):
            answers = []
            for entry in [e.strip() for e in block[1:].split("\n") if e.strip()]:
                m2 = re.match(r"=(-?\d+(?:\.\d+)?):(\d+(?:\.\d+)?)#(.*)$", entry, re.S)
                if not m2:
                    fail("%s: bad numerical answer %r" % (what, entry))
                    continue
                plain(m2.group(3), what + " feedback")
                answers.append((float(m2.group(1)), float(m2.group(2)), m2.group(3)))
            if len(answers) != 1:
                fail("%s: %d numerical answers" % (what, len(answers)))
            questions.append((title, text, "numerical", answers))
        else:
            answers = []
            for entry in [e.strip() for e in block.split("\n") if e.strip()]:
                if entry[0] not in "=~":
                    fail("%s: choice %r starts with neither = nor ~" % (what, entry))
                    continue
                parts = split_unescaped(entry[1:], "#")
                if len(parts) != 2:
                    fail("%s: choice %r needs answer#feedback" % (what, entry))
                    continue
                plain(parts[0], what + " choice")
                plain(parts[1], what + " feedback")
                answers.append((entry[0] == "=", parts[0].replace("\\", ""), parts[1]))
            if sum(1 for a in answers if a[0]) != 1 or len(answers) < 2:
                fail("%s: needs one right answer among two or more" % what)
            if len(set(a[1] for a in answers)) != len(answers):
                fail("%s: the same choice twice" % what)
            questions.append((title, text, "choice", answers))
    return questions


def check_gift(path, fields):
    packets = read_fields(fields)
    by_frame = {p["frame"]: p for p in packets}
    # The answers, from tshark's fields: acked = ack minus the same
    # sender's previous ack in the stream (0 before its first).
    previous_ack = {}
    acked = {}
    for p in packets:
        key = (p["stream"], p["role"])
        if p["ack"] is not None and p["flags"] & 0x010:
            acked[p["frame"]] = p["ack"] - previous_ack.get(key, 0)
            previous_ack[key] = p["ack"]
    questions = parse_gift(path)
    if not questions:
        fail("%s: no question" % path)
    for title, text, kind, answers in questions:
        m = re.match(r"s(\d+) f(\d+) (\w+)$", title)
        if not m or int(m.group(2)) not in by_frame:
            fail("%s: title %r names no packet" % (path, title))
            continue
        p, field = by_frame[int(m.group(2))], m.group(3)
        if p["stream"] != int(m.group(1)):
            fail("%s: %s: frame %d is in stream %d" % (path, title, p["frame"], p["stream"]))
        want = {"seq": p["seq"], "ack": p["ack"], "len": p["len"], "next_seq": p["nxtseq"],
                "acked": acked.get(p["frame"]), "step": STEP_WORDS.get(p["step"])}.get(field, "?")
        if kind == "numerical":
            got = answers[0][0] if answers else None
            if got != want or answers[0][1] != 0:
                fail("%s: %s: answer %s, tshark says %s" % (path, title, got, want))
        else:
            right = [a[1] for a in answers if a[0]]
            if right != [want]:
                fail("%s: %s: right choice %s, tshark says %s" % (path, title, right, want))
        if ("frame %d" % p["frame"]) not in text:
            fail("%s: %s: the text does not name frame %d" % (path, title, p["frame"]))
    print("%s: %d questions checked" % (path, len(questions)))


def png_pixels(path):
    """(width, height, rows of RGB(A) bytes) of an 8-bit RGB or RGBA PNG."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, width = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            if depth != 8 or colour not in (2, 6):
                raise ValueError("PNG colour type %d depth %d not handled" % (colour, depth))
            bpp = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        ftype = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if ftype == 1:
                line[i] = (line[i] + a) & 255
            elif ftype == 2:
                line[i] = (line[i] + b) & 255
            elif ftype == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif ftype == 4:
                pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


def check_png(path):
    try:
        width, height, bpp, rows = png_pixels(path)
    except (OSError, ValueError, zlib.error) as e:
        fail("%s: cannot read: %s" % (path, e))
        return
    colours, dark = set(), 0
    for row in rows[::4]:
        for x in range(0, width * bpp, bpp * 4):
            px = row[x:x + 3]
            colours.add(px)
            if sum(px) < 200:
                dark += 1
    print("%s: %dx%d, %d colours sampled, %d dark samples" % (path, width, height, len(colours), dark))
    if len(colours) < 8 or dark < 50:
        fail("%s: looks blank (%d colours, %d dark samples)" % (path, len(colours), dark))


def check_pdf_pages(path, expected):
    with open(path, "rb") as f:
        data = f.read()
    if not data.startswith(b"%PDF-"):
        fail("%s: not a PDF" % path)
        return
    pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", data))
    print("%s: %d pages" % (path, pages))
    if pages != expected:
        fail("%s: %d pages, expected %d" % (path, pages, expected))


def main(argv):
    if len(argv) < 3:
        print(__doc__)
        return 2
    mode = argv[1]
    if mode == "svg":
        check_svg(argv[2], argv[3], int(argv[4]) if len(argv) > 4 else None)
    elif mode == "html":
        check_html(argv[2], argv[3])
    elif mode == "gift":
        check_gift(argv[2], argv[3])
    elif mode == "png":
        check_png(argv[2])
    elif mode == "pdfpages":
        check_pdf_pages(argv[2], int(argv[3]))
    else:
        print(__doc__)
        return 2
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
