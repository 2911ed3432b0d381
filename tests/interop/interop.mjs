// libliion <-> node-opcua interoperability (run by tests/interop/run.sh, which copies this file
// next to the installed node_modules). Usage: node interop.mjs <ua_interop helper> [seed] [count]
//
//   A. node-opcua -> libliion -> node-opcua: random Variants (every built-in type, scalars,
//      arrays, matrices, Variant arrays, DataValues in Variants) and DataValues are encoded by
//      node-opcua, decoded and re-encoded by libliion, decoded again by node-opcua and compared
//      by value with the original.
//   B. libliion -> node-opcua -> libliion: the helper builds random values with libliion's
//      builders; node-opcua must decode them (all bytes), the described scalars and DataValues
//      must have the expected values (picoseconds: node-opcua 1 ps units = 10 x wire units),
//      and node-opcua's re-encoding must decode in libliion to the same canonical bytes
//      (NodeIds compared by value: both sides may pick different NodeId encodings).
// Exit 0 when every check passed; every failure is printed.
import { spawnSync } from "node:child_process";
import { Variant, DataType, VariantArrayType, encodeVariant, decodeVariant } from "node-opcua-variant";
import { DataValue, encodeDataValue, decodeDataValue } from "node-opcua-data-value";
import { BinaryStream, BinaryStreamSizeCalculator } from "node-opcua-binary-stream";
import { NodeId, NodeIdType, ExpandedNodeId } from "node-opcua-nodeid";
import { QualifiedName, LocalizedText, DiagnosticInfo } from "node-opcua-data-model";
import { StatusCode } from "node-opcua-status-code";
import "node-opcua-extension-object";

const helper = process.argv[2];
let seed = BigInt(process.argv[3] ?? "20261127");
const count = Number(process.argv[4] ?? "400");
let failures = 0;
let equalByValue = 0;
const fail = (msg) => {
    failures++;
    if (failures <= 40) console.log("FAIL " + msg);
};

// ---- deterministic random numbers (xorshift64) ------------------------------------------
let st = seed * 0x9e3779b97f4a7c15n + 7n;
const M64 = (1n << 64n) - 1n;
function r64() {
    st ^= (st << 13n) & M64;
    st ^= st >> 7n;
    st ^= (st << 17n) & M64;
    return st;
}
const rint = (n) => Number(r64() % BigInt(n));
const rstr = (n) => Array.from({ length: n }, () => String.fromCharCode(97 + rint(26))).join("");
const rbuf = (n) => Buffer.from(Array.from({ length: n }, () => rint(256)));
const hex2 = (n) => n.toString(16).padStart(2, "0");
function rguid() {
    const h = Array.from({ length: 16 }, () => hex2(rint(256))).join("").toUpperCase();
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
function rdate() {
    // whole ms between 1990 and 2100 (JS Dates), plus 100 ns ticks in node-opcua's picoseconds
    const d = new Date(631152000000 + rint(3470000000) * 1000 + rint(1000));
    return d;
}
function rnodeid() {
    const ns = rint(3) === 0 ? rint(65536) : rint(4);
    switch (rint(4)) {
        case 0: return new NodeId(NodeIdType.NUMERIC, rint(3) === 0 ? rint(256) : rint(4294967296), ns);
        case 1: return new NodeId(NodeIdType.STRING, rstr(1 + rint(10)), ns);
        case 2: return new NodeId(NodeIdType.GUID, rguid(), ns);
        default: return new NodeId(NodeIdType.BYTESTRING, rbuf(1 + rint(8)), ns);
    }
}
function rexpanded() {
    const n = rnodeid();
    const uri = rint(2) ? "urn:" + rstr(1 + rint(8)) : null;
    return new ExpandedNodeId(n.identifierType, n.value, uri ? 0 : n.namespace, uri, rint(2) ? 1 + rint(1000) : 0);
}
function rscalar(t) {
    switch (t) {
        case DataType.Boolean: return rint(2) === 1;
        case DataType.SByte: return rint(256) - 128;
        case DataType.Byte: return rint(256);
        case DataType.Int16: return rint(65536) - 32768;
        case DataType.UInt16: return rint(65536);
        case DataType.Int32: return rint(4294967296) - 2147483648;
        case DataType.UInt32: return rint(4294967296);
        case DataType.Int64: return [rint(4294967296), rint(4294967296)];
        case DataType.UInt64: return [rint(4294967296), rint(4294967296)];
        case DataType.Float: return Math.fround((rint(2000001) - 1000000) / 64);
        case DataType.Double: return (rint(2 ** 40) - 2 ** 39) / 4096;
        case DataType.String: return rint(8) === 0 ? null : rstr(rint(12));
        case DataType.DateTime: return rdate();
        case DataType.Guid: return rguid();
        case DataType.ByteString: return rint(8) === 0 ? null : rbuf(rint(12));
        case DataType.XmlElement: return "<a>" + rstr(rint(6)) + "</a>";
        case DataType.NodeId: return rnodeid();
        case DataType.ExpandedNodeId: return rexpanded();
        case DataType.StatusCode: return StatusCode.makeStatusCode ? StatusCode.makeStatusCode(rint(3) * 0x40000000) : rint(3) * 0x40000000;
        case DataType.QualifiedName: return new QualifiedName({ namespaceIndex: rint(5), name: rstr(1 + rint(8)) });
        case DataType.LocalizedText: return new LocalizedText({ locale: rint(2) ? "en" : null, text: rstr(rint(10)) });
        case DataType.DataValue: return rdatavalue();
        case DataType.DiagnosticInfo: return new DiagnosticInfo({
            symbolicId: rint(100), locale: rint(2) ? rint(5) : -1, additionalInfo: rint(2) ? rstr(5) : null,
            innerStatusCode: rint(2) ? StatusCode.makeStatusCode(0x80070000) : undefined,
        });
        default: throw new Error("no generator for " + t);
    }
}
const SCALAR_TYPES = [DataType.Boolean, DataType.SByte, DataType.Byte, DataType.Int16, DataType.UInt16,
    DataType.Int32, DataType.UInt32, DataType.Int64, DataType.UInt64, DataType.Float, DataType.Double,
    DataType.String, DataType.DateTime, DataType.Guid, DataType.ByteString, DataType.XmlElement,
    DataType.NodeId, DataType.ExpandedNodeId, DataType.StatusCode, DataType.QualifiedName,
    DataType.LocalizedText, DataType.DataValue, DataType.DiagnosticInfo];
const ARRAYABLE = [DataType.Boolean, DataType.SByte, DataType.Byte, DataType.Int16, DataType.UInt16,
    DataType.Int32, DataType.UInt32, DataType.Int64, DataType.UInt64, DataType.Float, DataType.Double,
    DataType.String, DataType.DateTime, DataType.Guid, DataType.ByteString, DataType.NodeId,
    DataType.StatusCode, DataType.QualifiedName, DataType.LocalizedText];

function rvariant(depth = 0) {
    const form = rint(10);
    if (form < 5) {
        const t = SCALAR_TYPES[rint(SCALAR_TYPES.length)];
        if (t === DataType.DataValue && depth > 0) return new Variant({ dataType: DataType.Double, arrayType: VariantArrayType.Scalar, value: 1.5 });
        return new Variant({ dataType: t, arrayType: VariantArrayType.Scalar, value: rscalar(t) });
    }
    if (form < 8) {
        const t = ARRAYABLE[rint(ARRAYABLE.length)];
        const n = rint(6);
        return new Variant({ dataType: t, arrayType: VariantArrayType.Array, value: Array.from({ length: n }, () => rscalar(t)) });
    }
    if (form === 8) {
        const t = [DataType.Int32, DataType.Double, DataType.Byte, DataType.String][rint(4)];
        return new Variant({ dataType: t, arrayType: VariantArrayType.Matrix, dimensions: [2, 3], value: Array.from({ length: 6 }, () => rscalar(t)) });
    }
    if (depth > 0) return new Variant({ dataType: DataType.Null });
    return new Variant({ dataType: DataType.Variant, arrayType: VariantArrayType.Array, value: Array.from({ length: 1 + rint(3) }, () => rvariant(depth + 1)) });
}
function rdatavalue() {
    const o = {};
    if (rint(4)) o.value = new Variant({ dataType: DataType.Double, arrayType: VariantArrayType.Scalar, value: (rint(2 ** 30) - 2 ** 29) / 8 });
    if (rint(2)) o.statusCode = StatusCode.makeStatusCode(rint(3) * 0x40000000);
    if (rint(2)) { o.sourceTimestamp = rdate(); if (rint(2)) o.sourcePicoseconds = rint(10000) * 10; }
    if (rint(2)) { o.serverTimestamp = rdate(); if (rint(2)) o.serverPicoseconds = rint(10000) * 10; }
    return new DataValue(o);
}

// ---- node-opcua codec helpers ------------------------------------------------------------
function encodeWith(fn, x) {
    const calc = new BinaryStreamSizeCalculator();
    fn(x, calc);
    const s = new BinaryStream(calc.length);
    fn(x, s);
    return s.buffer.subarray(0, s.length).toString("hex") || "-";
}
function decodeHex(kind, hex) {
    const buf = Buffer.from(hex === "-" ? "" : hex, "hex");
    const s = new BinaryStream(buf);
    const v = kind === "D" ? decodeDataValue(s) : decodeVariant(s);
    if (s.length !== buf.length) throw new Error(`consumed ${s.length} of ${buf.length} bytes`);
    return v;
}

// Value normal form: NodeIds by value (string form), typed arrays as arrays, dates as ms +
// node-opcua's sub-ms picoseconds, buffers as hex, objects by sorted keys.
function norm(x) {
    if (x === null || x === undefined) return null;
    if (typeof x === "bigint") return x.toString();
    if (typeof x === "number") return Number.isNaN(x) ? "NaN" : Object.is(x, -0) ? "-0" : x;
    if (typeof x !== "object") return x;
    if (Buffer.isBuffer(x)) return "buf:" + x.toString("hex");
    if (ArrayBuffer.isView(x)) return Array.from(x, norm);
    if (Array.isArray(x)) return x.map(norm);
    if (x instanceof Date) return { ms: x.getTime(), ps: x.picoseconds ?? 0 };
    if (x instanceof ExpandedNodeId) return "x:" + x.toString() + ";" + (x.serverIndex ?? 0);
    if (x instanceof NodeId) return "n:" + x.toString();
    if (typeof x.value === "number" && typeof x.name === "string" && "description" in x) return "sc:" + x.value;
    // node-opcua writes an empty locale or text as absent: the same value
    if (x instanceof LocalizedText) return { lt: [x.locale || null, x.text || null] };
    if (x instanceof Variant) return { t: x.dataType, a: x.arrayType, d: x.dimensions ?? null, v: norm(x.value) };
    if (x instanceof DataValue) return {
        v: x.value ? norm(x.value) : null, s: x.statusCode?.value ?? 0,
        st: norm(x.sourceTimestamp), sp: x.sourceTimestamp ? x.sourcePicoseconds ?? 0 : 0,
        vt: norm(x.serverTimestamp), vp: x.serverTimestamp ? x.serverPicoseconds ?? 0 : 0,
    };
    const o = {};
    for (const k of Object.keys(x).sort()) if (typeof x[k] !== "function") o[k] = norm(x[k]);
    return o;
}
const same = (a, b) => JSON.stringify(norm(a)) === JSON.stringify(norm(b));

function runHelper(lines) {
    const r = spawnSync(helper, [], { input: lines.join("\n") + "\n", encoding: "utf8", maxBuffer: 1 << 28 });
    if (r.status !== 0 && r.status !== 1) throw new Error(`helper exited ${r.status}: ${r.stderr}`);
    return r.stdout.split("\n").filter((l) => l.length > 0);
}

// ---- A: node-opcua -> libliion -> node-opcua ----------------------------------------------
const cases = [];
for (let i = 0; i < count; i++) {
    if (rint(4) === 0) {
        const dv = rdatavalue();
        cases.push({ kind: "D", val: dv, hex: encodeWith(encodeDataValue, dv) });
    } else {
        const v = rvariant();
        cases.push({ kind: "V", val: v, hex: encodeWith(encodeVariant, v) });
    }
}
const answersA = runHelper(cases.map((c) => `rt ${c.kind} ${c.hex}`));
const perType = new Map();
cases.forEach((c, i) => {
    const a = answersA[i] ?? "missing answer";
    const key = c.kind === "D" ? "DataValue" : (c.val.arrayType ? "Array/" : "") + DataType[c.val.dataType];
    perType.set(key, (perType.get(key) ?? 0) + 1);
    if (!a.startsWith("ok ")) return fail(`A#${i} ${key} libliion refused node-opcua bytes ${c.hex}: ${a}`);
    let back;
    try { back = decodeHex(c.kind, a.slice(3)); } catch (e) { return fail(`A#${i} ${key} node-opcua cannot decode libliion bytes ${a.slice(3)}: ${e.message}`); }
    const orig = decodeHex(c.kind, c.hex); // what node-opcua itself reads from its bytes
    if (!same(orig, back)) fail(`A#${i} ${key} value changed:\n  node ${c.hex}\n  liion ${a.slice(3)}\n  ${JSON.stringify(norm(orig))}\n  ${JSON.stringify(norm(back))}`);
});

// ---- B: libliion -> node-opcua -> libliion ------------------------------------------------
const gen = runHelper([`gen ${seed} ${count}`]);
const reenc = [];
gen.forEach((line, i) => {
    const [kind, hex, desc] = line.split(" ");
    if (kind !== "V" && kind !== "D") return fail(`B#${i} helper: ${line}`);
    let val;
    try { val = decodeHex(kind, hex); } catch (e) { return fail(`B#${i} node-opcua cannot decode libliion bytes ${hex}: ${e.message}`); }
    perType.set("B/" + (kind === "D" ? "DataValue" : DataType[val.dataType]), (perType.get("B/" + (kind === "D" ? "DataValue" : DataType[val.dataType])) ?? 0) + 1);
    checkDesc(i, hex, desc, val);
    reenc.push({ i, kind, hex, nhex: encodeWith(kind === "D" ? encodeDataValue : encodeVariant, val) });
});
const answersB = runHelper(reenc.map((c) => `rt ${c.kind} ${c.nhex}`));
reenc.forEach((c, k) => {
    const a = answersB[k] ?? "missing";
    if (a === "ok " + c.hex) return;
    // Bytes may differ for equal values: node-opcua omits a Good StatusCode that libliion
    // wrote explicitly, omits empty LocalizedText parts, and drops the TypeId of a body-less ExtensionObject (it has no way to
    // hold one). Then both encodings must read back as the same value in node-opcua.
    if (a.startsWith("ok ")) {
        try {
            if (same(decodeHex(c.kind, a.slice(3)), decodeHex(c.kind, c.hex))) { equalByValue++; return; }
        } catch (e) { /* reported below */ }
    }
    fail(`B#${c.i} libliion(node-opcua(x)) != x:\n  liion ${c.hex}\n  node  ${c.nhex}\n  back  ${a}`);
});

function checkDesc(i, hex, desc, val) {
    if (!desc || desc === "-") return;
    const p = desc.split(":");
    if (p[0] === "s") {
        const t = Number(p[1]), want = p.slice(2).join(":");
        if (val.dataType !== t) return fail(`B#${i} type ${val.dataType} != ${t}`);
        let got;
        const v = val.value;
        if (t === DataType.Int64 || t === DataType.UInt64) {
            const hi = BigInt(v[0] >>> 0), lo = BigInt(v[1] >>> 0);
            let x = (hi << 32n) | lo;
            if (t === DataType.Int64 && x >= 1n << 63n) x -= 1n << 64n;
            got = x.toString();
        } else if (t === DataType.Boolean) got = v ? "1" : "0";
        else if (t === DataType.Float || t === DataType.Double) { if (v !== Number(want)) fail(`B#${i} ${DataType[t]} ${v} != ${want}`); return; }
        else if (t === DataType.DateTime) {
            // ticks = (ms + 11644473600000) * 10000 + picoseconds / 100000
            const ticks = (BigInt(v.getTime()) + 11644473600000n) * 10000n + BigInt(Math.round((v.picoseconds ?? 0) / 100000));
            got = ticks.toString();
        } else if (t === DataType.Guid) {
            const g = Buffer.from(want, "hex");
            const s = g.readUInt32LE(0).toString(16).padStart(8, "0") + "-" + g.readUInt16LE(4).toString(16).padStart(4, "0") + "-" +
                g.readUInt16LE(6).toString(16).padStart(4, "0") + "-" + g.subarray(8, 10).toString("hex") + "-" + g.subarray(10).toString("hex");
            if (String(v).toLowerCase() !== s) fail(`B#${i} Guid ${v} != ${s}`);
            return;
        } else if (t === DataType.StatusCode) got = String(v.value);
        else got = String(v);
        if (got !== want) fail(`B#${i} ${DataType[t]} ${got} != ${want} (${hex})`);
    } else if (p[0] === "str") {
        if (val.value !== p.slice(1).join(":")) fail(`B#${i} String ${val.value} != ${p[1]}`);
    } else if (p[0] === "dv") {
        const [mask, status, sts, sps, vts, vps] = p.slice(1, 7).map((x) => BigInt(x));
        const x = Number(p.slice(7).join(":"));
        // node-opcua folds the sub-millisecond 100 ns ticks into the DataValue picoseconds:
        // picoseconds = (ticks % 10000) * 100000 + wire picoseconds * 10
        const ticks = (d, ps) => d ? (BigInt(d.getTime()) + 11644473600000n) * 10000n + BigInt(Math.floor((ps ?? 0) / 100000)) : 0n;
        const wireps = (ps) => BigInt(((ps ?? 0) % 100000) / 10);
        if ((mask & 1n) && val.value?.value !== x) fail(`B#${i} DataValue value ${val.value?.value} != ${x}`);
        if (BigInt(val.statusCode?.value ?? 0) !== status) fail(`B#${i} DataValue status ${val.statusCode?.value} != ${status}`);
        const srcT = ticks(val.sourceTimestamp, val.sourcePicoseconds), srvT = ticks(val.serverTimestamp, val.serverPicoseconds);
        if ((mask & 4n) && srcT !== sts) fail(`B#${i} sourceTimestamp ${srcT} != ${sts}`);
        if ((mask & 8n) && srvT !== vts) fail(`B#${i} serverTimestamp ${srvT} != ${vts}`);
        // node-opcua keeps picoseconds in 1 ps units; the wire (and libliion) in 10 ps units
        if ((mask & 0x10n) && wireps(val.sourcePicoseconds) * 10n !== sps * 10n) fail(`B#${i} sourcePicoseconds ${val.sourcePicoseconds} ps != ${sps} x 10 ps`);
        if ((mask & 0x20n) && wireps(val.serverPicoseconds) * 10n !== vps * 10n) fail(`B#${i} serverPicoseconds ${val.serverPicoseconds} ps != ${vps} x 10 ps`);
    }
}

console.log([...perType.entries()].sort().map(([k, v]) => `${k}=${v}`).join(" "));
console.log(`node-opcua interop: A ${cases.length} values node->liion->node, B ${gen.length} values liion->node->liion (${equalByValue} equal by value with other bytes), ${failures} failure(s)`);
process.exit(failures === 0 ? 0 : 1);
