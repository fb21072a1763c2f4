#!/usr/bin/env python3
"""What a wasm file's code is made of, by kind: the answer to "what dominates the page's size".

Reads the wasm that cargo writes before wasm-bindgen and wasm-opt (it still has its function
names), sums each function body's bytes under a category read from its (demangled) name, and
prints the categories, largest first, with the data section (string literals, tables):

    cargo build --profile release-page --target wasm32-unknown-unknown --bin prevision-app
    python3 scripts/wasm-size.py target/wasm32-unknown-unknown/release-page/prevision-app.wasm

`--top N` also lists the N largest functions. Shares hold after wasm-opt roughly as before it
(it shrinks every kind of code alike); the shipped sizes are those `trunk build --release`
writes to dist/.
"""

import argparse
import collections
import re
import sys

ESCAPES = {
    "$LT$": "<", "$GT$": ">", "$u20$": " ", "$RF$": "&", "$BP$": "*", "$C$": ",",
    "$u7b$": "{", "$u7d$": "}", "$u5b$": "[", "$u5d$": "]", "$u27$": "'", "$u3b$": ";",
    "$u21$": "!", "$u22$": '"', "$u2b$": "+", "$LP$": "(", "$RP$": ")", "$SP$": "@",
}

# (category, test on the demangled name), first match wins.
CATEGORIES = [
    ("JSON decoding (serde_json, derived Deserialize)",
     lambda n: "serde" in n and re.search(r"Deserial|Visitor|de::|Expected", n)),
    ("JSON encoding (serde_json, derived Serialize)", lambda n: "serde" in n),
    ("charts (plotters and the app's chart code)",
     lambda n: re.match(r"<?&?(mut )?prevision::charts", n) or "plotters" in n[:40]),
    ("texts in two languages (code)", lambda n: re.match(r"<?&?(mut )?prevision::i18n", n)),
    ("engine: reading the CSV (ingest, csv)",
     lambda n: re.match(r"<?&?(mut )?(prevision_engine::ingest|csv|encoding_rs)", n)),
    ("engine: the rest the page uses", lambda n: re.match(r"<?&?(mut )?prevision_engine", n)),
    ("views, state and reactivity (app, Leptos, browser bindings)",
     lambda n: re.match(r"<?&?(mut )?(prevision|reactive_graph|tachys|leptos|T as tachys|"
                        r"T as reactive|web_sys|js_sys|wasm_bindgen|any_spawner|or_poisoned|"
                        r"send_wrapper|throw_error|futures|slotmap)", n)),
    ("Rust std: formatting, floats, collections, allocator; chrono",
     lambda n: re.match(r"<?&?(mut )?(T as |core|alloc|std|hashbrown|_RN|compiler_builtins|"
                        r"dlmalloc|chrono|indexmap|memchr|ryu|itoa|zmij)", n)),
]


def leb(data, i):
    """An unsigned LEB128 number at `i`, and the offset after it."""
    value = shift = 0
    while True:
        byte = data[i]
        i += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, i


def demangle(name):
    """A legacy-mangled Rust symbol (`_ZN…E`) as a path; other names as they are."""
    if not name.startswith("_ZN"):
        return name
    i, parts = 3, []
    while i < len(name) and name[i] != "E":
        digits = re.match(r"\d+", name[i:])
        if not digits:
            break
        length = int(digits.group())
        i += len(digits.group())
        parts.append(name[i:i + length])
        i += length
    if parts and re.fullmatch(r"h[0-9a-f]{16}", parts[-1]):
        parts.pop()
    out = []
    for part in parts:
        if part.startswith("_$"):
            part = part[1:]
        for escape, char in ESCAPES.items():
            part = part.replace(escape, char)
        out.append(part.replace("..", "::"))
    return "::".join(out)


def read(path):
    """Function body sizes with their names, the data section's size, the file's size."""
    data = open(path, "rb").read()
    if data[:4] != b"\0asm":
        sys.exit(f"{path}: not a wasm file")
    i, imported, bodies, names, data_size = 8, 0, [], {}, 0
    while i < len(data):
        section = data[i]
        size, i = leb(data, i + 1)
        start, end = i, i + size
        if section == 2:  # imports: functions among them come first in the index space
            count, j = leb(data, i)
            for _ in range(count):
                for _ in range(2):  # module, field
                    length, j = leb(data, j)
                    j += length
                kind = data[j]
                j += 1
                if kind == 0:
                    _, j = leb(data, j)
                    imported += 1
                elif kind == 1:
                    j += 1
                    flags, j = leb(data, j)
                    _, j = leb(data, j)
                    if flags & 1:
                        _, j = leb(data, j)
                elif kind == 2:
                    flags, j = leb(data, j)
                    _, j = leb(data, j)
                    if flags & 1:
                        _, j = leb(data, j)
                elif kind == 3:
                    j += 2
                else:
                    _, j = leb(data, j)
        elif section == 10:
            count, j = leb(data, i)
            for _ in range(count):
                length, after = leb(data, j)
                bodies.append(length + after - j)
                j = after + length
        elif section == 11:
            data_size = size
        elif section == 0:
            length, j = leb(data, i)
            if data[j:j + length] == b"name":
                j += length
                while j < end:
                    sub = data[j]
                    sub_size, j = leb(data, j + 1)
                    sub_end = j + sub_size
                    if sub == 1:
                        count, j = leb(data, j)
                        for _ in range(count):
                            index, j = leb(data, j)
                            length, j = leb(data, j)
                            names[index] = data[j:j + length].decode("utf8", "replace")
                            j += length
                    j = sub_end
        i = end
    if not names:
        sys.exit(f"{path}: no name section (read cargo's wasm, before wasm-opt strips it)")
    functions = [(demangle(names.get(imported + k, "?")), s) for k, s in enumerate(bodies)]
    return functions, data_size, len(data)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wasm")
    parser.add_argument("--top", type=int, default=0, help="also list the largest functions")
    args = parser.parse_args()
    functions, data_size, file_size = read(args.wasm)
    by_kind = collections.Counter()
    for name, size in functions:
        kind = next((k for k, test in CATEGORIES if test(name)), "other (small, unnamed)")
        by_kind[kind] += size
    total = sum(by_kind.values()) + data_size
    print(f"{args.wasm}: {file_size} bytes in all; code and data {total} bytes")
    rows = list(by_kind.items()) + [("data (string literals, tables)", data_size)]
    for kind, size in sorted(rows, key=lambda r: -r[1]):
        print(f"{size:>9} {100 * size / total:5.1f} %  {kind}")
    if args.top:
        print()
        for name, size in sorted(functions, key=lambda f: -f[1])[:args.top]:
            print(f"{size:>9}  {name[:150]}")


if __name__ == "__main__":
    main()
