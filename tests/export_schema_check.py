#!/usr/bin/env python3
"""Validate every document the export tests produce against its published schema.

Runs tests/check_export with LIION_EXPORT_DUMP=<workdir> (the suite then writes each valid
document it builds as <name>.json and <name>.cbor), then:
  * every .json against docs/schemas/<document>.schema.json with python3-jsonschema;
  * every .cbor against docs/schemas/<document>.cddl with the small CDDL checker below (the
    subset the libliion schemas use: maps with bare-word keys and `?` optional members, arrays
    with `*`/`+`, choices with `/`, text and integer literals, the prelude types tstr, bstr,
    uint, nint, int, float, bool, null and rule references), after decoding the CBOR with a
    strict decoder (definite lengths, shortest heads, sorted map keys) written here;
  * that the CBOR and the JSON of each document carry the same data (bytes as base64);
  * and, so that a checker that accepts everything cannot pass, that both checkers reject a
    few broken documents.
Exit 77 (CTest SKIP_RETURN_CODE) when the jsonschema module is missing.
"""
import argparse
import base64
import glob
import json
import math
import os
import re
import shutil
import struct
import subprocess
import sys

try:
    import jsonschema
except ImportError:  # pragma: no cover
    print("SKIP: python3-jsonschema is not installed")
    sys.exit(77)


# ---- strict CBOR decoder -------------------------------------------------------------------

class CborError(ValueError):
    pass


def cbor_decode(data):
    pos = 0

    def head():
        nonlocal pos
        if pos >= len(data):
            raise CborError("truncated")
        b = data[pos]
        pos += 1
        major, ai = b >> 5, b & 31
        if ai < 24:
            return major, ai, ai
        n = {24: 1, 25: 2, 26: 4, 27: 8}.get(ai)
        if n is None:
            raise CborError("indefinite or reserved head at %d" % (pos - 1))
        if pos + n > len(data):
            raise CborError("truncated")
        raw = data[pos:pos + n]
        pos += n
        v = int.from_bytes(raw, "big")
        if major != 7 and v < {1: 24, 2: 256, 4: 65536, 8: 1 << 32}[n]:
            raise CborError("non-shortest head at %d" % (pos - n - 1))
        return major, ai, (raw if major == 7 else v)

    def item():
        nonlocal pos
        major, ai, v = head()
        if major == 0:
            return v
        if major == 1:
            return -1 - v
        if major in (2, 3):
            if pos + v > len(data):
                raise CborError("truncated string")
            s = data[pos:pos + v]
            pos += v
            return bytes(s) if major == 2 else s.decode("utf-8")
        if major == 4:
            return [item() for _ in range(v)]
        if major == 5:
            out, prev = {}, None
            for _ in range(v):
                kstart = pos
                k = item()
                if not isinstance(k, str):
                    raise CborError("non-text key")
                kenc = data[kstart:pos]
                if prev is not None and not (len(prev), prev) < (len(kenc), kenc):
                    raise CborError("map keys not in deterministic order: %r" % k)
                prev = bytes(kenc)
                out[k] = item()
            return out
        if major == 6:
            raise CborError("tag")
        if ai in (20, 21):
            return ai == 21
        if ai == 22:
            return None
        if ai == 25:
            return struct.unpack(">e", v)[0]
        if ai == 26:
            return struct.unpack(">f", v)[0]
        if ai == 27:
            return struct.unpack(">d", v)[0]
        raise CborError("unsupported simple value")

    x = item()
    if pos != len(data):
        raise CborError("trailing bytes")
    return x


# ---- CDDL subset ---------------------------------------------------------------------------

TOKEN = re.compile(r'\s*(?:;[^\n]*\n?\s*)*(?:("(?:[^"\\]|\\.)*")|(-?[0-9]+(?:\.[0-9]+)?)|'
                   r'([A-Za-z_$@][A-Za-z0-9_.$@-]*)|([{}\[\]:,?/*+=()]))')


def tokenize(text):
    toks, pos = [], 0
    text = text + "\n"
    while True:
        m = TOKEN.match(text, pos)
        if not m or m.end() == pos:
            rest = text[pos:].strip()
            while rest.startswith(";"):
                rest = rest.split("\n", 1)[1].strip() if "\n" in rest else ""
            if rest:
                raise SyntaxError("CDDL: cannot read %r" % rest[:30])
            return toks
        s, n, ident, p = m.groups()
        toks.append(("str", json.loads(s)) if s else ("num", int(n)) if n else
                    ("id", ident) if ident else ("p", p))
        pos = m.end()


def parse_cddl(text, rules):
    toks = tokenize(text)
    i = 0

    def peek(k=0):
        return toks[i + k] if i + k < len(toks) else (None, None)

    def take(kind=None, val=None):
        nonlocal i
        t = toks[i]
        if (kind and t[0] != kind) or (val and t[1] != val):
            raise SyntaxError("CDDL: expected %s %s, got %r" % (kind, val, t))
        i += 1
        return t

    def typ():
        alts = [type1()]
        while peek() == ("p", "/"):
            take()
            alts.append(type1())
        return alts[0] if len(alts) == 1 else ("choice", alts)

    def type1():
        t = peek()
        if t == ("p", "{"):
            take()
            members = []
            while peek() != ("p", "}"):
                opt = False
                if peek() == ("p", "?"):
                    take()
                    opt = True
                k = take()
                if k[0] not in ("id", "str"):
                    raise SyntaxError("CDDL: bad key %r" % (k,))
                take("p", ":")
                members.append((k[1], opt, typ()))
                if peek() == ("p", ","):
                    take()
            take("p", "}")
            return ("map", members)
        if t == ("p", "["):
            take()
            q = "1"
            if peek() in (("p", "*"), ("p", "+")):
                q = take()[1]
            inner = typ()
            take("p", "]")
            return ("array", q, inner)
        take()
        if t[0] in ("str", "num"):
            return ("lit", t[1])
        return ("ref", t[1])

    while i < len(toks):
        name = take("id")[1]
        take("p", "=")
        rules[name] = typ()
    return rules


PRELUDE = {
    "tstr": lambda v: isinstance(v, str),
    "bstr": lambda v: isinstance(v, bytes),
    "uint": lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 0,
    "nint": lambda v: isinstance(v, int) and not isinstance(v, bool) and v < 0,
    "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "float": lambda v: isinstance(v, float) and math.isfinite(v),
    "bool": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "any": lambda v: True,
}


def cddl_match(rules, t, v, path="$"):
    """Return None when v matches type t, else a reason."""
    kind = t[0]
    if kind == "lit":
        lit = t[1]
        ok = (v == lit and type(v) is type(lit))
        return None if ok else "%s: %r is not %r" % (path, v, lit)
    if kind == "ref":
        if t[1] in PRELUDE:
            return None if PRELUDE[t[1]](v) else "%s: %r is not %s" % (path, v, t[1])
        if t[1] not in rules:
            return "%s: unknown rule %s" % (path, t[1])
        return cddl_match(rules, rules[t[1]], v, path)
    if kind == "choice":
        reasons = [cddl_match(rules, a, v, path) for a in t[1]]
        return None if any(r is None for r in reasons) else " | ".join(reasons)
    if kind == "array":
        if not isinstance(v, list):
            return "%s: not an array" % path
        if t[1] == "+" and not v:
            return "%s: empty array" % path
        if t[1] == "1" and len(v) != 1:
            return "%s: array of %d, want 1" % (path, len(v))
        for k, e in enumerate(v):
            r = cddl_match(rules, t[2], e, "%s[%d]" % (path, k))
            if r:
                return r
        return None
    if kind == "map":
        if not isinstance(v, dict):
            return "%s: not a map" % path
        known = {k for k, _, _ in t[1]}
        extra = set(v) - known
        if extra:
            return "%s: unknown keys %s" % (path, sorted(extra))
        for k, opt, mt in t[1]:
            if k not in v:
                if not opt:
                    return "%s: missing %s" % (path, k)
                continue
            r = cddl_match(rules, mt, v[k], "%s.%s" % (path, k))
            if r:
                return r
        return None
    return "%s: bad rule %r" % (path, t)


# ---- checks --------------------------------------------------------------------------------

def to_json_shape(v):
    if isinstance(v, bytes):
        return base64.b64encode(v).decode()
    if isinstance(v, list):
        return [to_json_shape(x) for x in v]
    if isinstance(v, dict):
        return {k: to_json_shape(x) for k, x in v.items()}
    return v


def same(a, b):
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and \
            not isinstance(a, bool) and not isinstance(b, bool):
        return a == b
    return a == b and type(a) is type(b)


def make_validator(schemas, schema):
    cls = jsonschema.validators.validator_for(schema)
    try:
        from referencing import Registry, Resource
        reg = Registry().with_resources(
            [(s["$id"], Resource.from_contents(s)) for s in schemas.values()])
        return cls(schema, registry=reg)
    except ImportError:
        resolver = jsonschema.RefResolver.from_schema(
            schema, store={s["$id"]: s for s in schemas.values()})
        return cls(schema, resolver=resolver)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--check-exe", required=True)
    ap.add_argument("--schemas", required=True)
    ap.add_argument("--workdir", required=True)
    a = ap.parse_args()

    schemas, rules = {}, {}
    for f in sorted(glob.glob(os.path.join(a.schemas, "*.schema.json"))):
        with open(f) as fh:
            s = json.load(fh)
        jsonschema.validators.validator_for(s).check_schema(s)
        schemas[os.path.basename(f)[:-len(".schema.json")]] = s
    for f in sorted(glob.glob(os.path.join(a.schemas, "*.cddl"))):
        with open(f) as fh:
            parse_cddl(fh.read(), rules)
    validators = {k: make_validator(schemas, s) for k, s in schemas.items()}

    shutil.rmtree(a.workdir, ignore_errors=True)
    os.makedirs(a.workdir)
    env = dict(os.environ, LIION_EXPORT_DUMP=a.workdir)
    r = subprocess.run([a.check_exe], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if r.returncode != 0:
        sys.stdout.write(r.stdout.decode(errors="replace"))
        print("check_export failed while producing the documents")
        return 1

    passed = failed = 0
    names = sorted(os.path.basename(p)[:-5] for p in glob.glob(os.path.join(a.workdir, "*.json")))
    if len(names) < 5:
        print("only %d documents were produced" % len(names))
        return 1
    for name in names:
        with open(os.path.join(a.workdir, name + ".json"), "rb") as fh:
            jdoc = json.loads(fh.read().decode("utf-8"))
        with open(os.path.join(a.workdir, name + ".cbor"), "rb") as fh:
            cdoc = cbor_decode(fh.read())
        kind = jdoc.get("document")
        problems = []
        if kind not in schemas or kind not in rules:
            problems.append("no schema for document type %r" % kind)
        else:
            errs = sorted(validators[kind].iter_errors(jdoc), key=lambda e: list(e.path))
            problems += ["JSON: %s at %s" % (e.message, list(e.path)) for e in errs[:3]]
            why = cddl_match(rules, ("ref", kind), cdoc)
            if why:
                problems.append("CBOR/CDDL: " + why)
            if not same(to_json_shape(cdoc), jdoc):
                problems.append("CBOR and JSON differ")
        if problems:
            failed += 1
            print("FAIL %s (%s): %s" % (name, kind, "; ".join(problems)))
        else:
            passed += 1
            print("ok   %s (%s): JSON Schema and CDDL" % (name, kind))

    # the checkers must be able to fail: broken copies of a real document are rejected
    sample = os.path.join(a.workdir, "un38_cell")
    if os.path.exists(sample + ".json"):
        with open(sample + ".json") as fh:
            good = json.load(fh)
        with open(sample + ".cbor", "rb") as fh:
            goodc = cbor_decode(fh.read())
        kind = good["document"]
        for label, mutate in (("missing report_id", lambda d: d.pop("report_id")),
                              ("unknown chemistry", lambda d: d["description"].__setitem__("chemistry", "lead_acid")),
                              ("extra key", lambda d: d.__setitem__("surprise", 1)),
                              ("bad result", lambda d: d["tests"][0].__setitem__("result", "ok"))):
            j = json.loads(json.dumps(good))
            c = json.loads(json.dumps(to_json_shape(goodc)))
            mutate(j)
            mutate(c)
            j_ok = not list(validators[kind].iter_errors(j))
            c_ok = cddl_match(rules, ("ref", kind), c) is None
            if j_ok or c_ok:
                failed += 1
                print("FAIL negative %s: accepted by %s" % (label, "JSON Schema" if j_ok else "CDDL"))
            else:
                passed += 1
                print("ok   negative %s: rejected by both" % label)
        try:
            cbor_decode(bytes([0xa2, 0x61, 0x62, 0x00, 0x61, 0x61, 0x00]))
            failed += 1
            print("FAIL negative unsorted CBOR keys accepted")
        except CborError:
            passed += 1
            print("ok   negative unsorted CBOR keys rejected")
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
