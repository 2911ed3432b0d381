#!/usr/bin/env python3
"""Analyst example: which cells were made from one cathode material lot, and how did their
formation go?

    python3 analyst_recall.py STORE [LOT-ID]   # a plant store, e.g. the one the end-to-end
                                               # demo writes: example_plant_day --small --out DIR
                                               # then STORE = DIR/plant.store
    python3 analyst_recall.py                  # builds a small store of the same shape in a
                                               # temporary directory and recalls from it
    python3 analyst_recall.py ... --dossier FILE.md   # also writes one recalled cell's audit
                                                      # dossier (Markdown) to FILE.md

It opens the store read-only, finds the cathode material lot (LOT-ID, or the first received
lot whose ID or material definition names a cathode chemistry), takes its forward trace (the
recall set: every cell made from it), reads each cell's formation results (the cell
properties the formation equipment reported: capacity, OCV, DCIR) and the spec results the
line attached to the cell and everything it was made from (the store's spec registry), then
prints one row per cell with its spec violations. Finally it builds the single-cell audit
dossier (liion.export.Dossier: genealogy, spec results with violations first, content
SHA-256) of one recalled cell, the first with a violation, checks its hash and writes it as
Markdown for an auditor (to FILE.md with --dossier; without arguments into the temporary
directory, printing its verdict line).

The violations are found through the genealogy: a finding on a coated roll (a coating streak
at some metre) is listed for every cell made from that roll. Plant.roll_defect() narrows such
a finding to the cells cut from that position when the line recorded its roll map.
"""

import os
import sys
import tempfile

import liion
from liion import ExportFormat, MaterialUse, ObjectKind, ProcessStep, SpecKind, SpecParam, \
    export, spec

#: per-cell formation results stored as cell properties: (property, Rec 20 unit, heading)
FORMATION = [
    ("capacity", "AMH", "capacity Ah"),
    ("ocv", "VLT", "OCV V"),
    ("dcir", "E45", "DCIR mOhm"),
]
#: chemistries a cathode active material lot ID (or its material definition) starts with
CATHODE_PREFIXES = ("NMC", "NCA", "LFP", "LCO", "LMO", "LMFP", "LNMO", "CATHODE")
#: the material definition of finished cells, when the plant has one
CELL_DEFINITION = "CELL"


def _is_cathode(plant, lot):
    names = [plant.id(ObjectKind.LOT, lot)]
    d = plant.lot_definition(lot)
    if d is not None:
        names.append(plant.id(ObjectKind.MATERIAL_DEFINITION, d))
        c = plant.definition_class(d)
        if c is not None:
            names.append(plant.id(ObjectKind.MATERIAL_CLASS, c))
    return any(n.upper().startswith(CATHODE_PREFIXES) or "CATHODE" in n.upper() for n in names)


def cathode_lots(plant):
    """IDs of received lots (made by no response) that are cathode material, in index order."""
    out = []
    for lot in range(plant.count(ObjectKind.LOT)):
        if plant.lot_producer(lot) is None and plant.lot_parent(lot) is None \
                and _is_cathode(plant, lot):
            out.append(plant.id(ObjectKind.LOT, lot))
    return out


def _cells(plant, lot_id):
    """The recall set: the end products made from ``lot_id`` (cells when the plant has a
    CELL material definition)."""
    ends = plant.trace_forward(lot_id, terminal_only=True)  # a frozenset of lot indices
    try:
        cell_def = plant.find(ObjectKind.MATERIAL_DEFINITION, CELL_DEFINITION)
    except liion.LiionNotFoundError:
        return ends
    return frozenset(c for c in ends if plant.lot_definition(c) == cell_def)


def _violation_text(plant, info, v):
    where = v.where or plant.id(info.kind, info.index)
    at = "" if v.index == 0 and info.checked <= 1 else " at %d" % v.index
    return "%s %s %g %s (limit %g) on %s%s" % (v.param, v.side.name.lower(), v.value, v.unit,
                                              v.limit, where, at)


def recall(path, lot_id=None, ctx=None):
    """``(lot_id, rows)``: one row ``{"cell", <formation property>..., "units",
    "checks", "violations": [...]}`` per cell made from cathode lot ``lot_id`` (default: the
    store's first cathode lot), sorted by cell ID. ``violations`` lists every failed spec
    check on the cell and on everything it was made from."""
    with liion.Store(path, read_only=True, ctx=ctx) as st:
        plant = st.plant
        if lot_id is None:
            lots = cathode_lots(plant)
            if not lots:
                raise liion.LiionNotFoundError(liion.Status.NOT_FOUND,
                                               "no cathode material lot in %s" % path)
            lot_id = lots[0]
        reg = st.spec_registry
        rows = []
        for cell in _cells(plant, lot_id):
            row = {"cell": plant.id(ObjectKind.LOT, cell), "units": {}}
            for name, _, _ in FORMATION:
                try:
                    value, unit = plant.get_prop(ObjectKind.LOT, cell, name, with_unit=True)
                except liion.LiionNotFoundError:
                    value, unit = None, None
                row[name] = value
                row["units"][name] = unit
            checks = violations = 0
            texts = []
            for rec, _depth in reg.select_closure(cell):
                info = reg.record(rec)
                checks += info.checked
                if info.failed:
                    violations += info.failed
                    texts.extend(_violation_text(plant, info, v) for v in reg.violations(rec))
            row["checks"] = checks
            row["violations"] = texts
            rows.append(row)
    return lot_id, sorted(rows, key=lambda r: r["cell"])


def print_table(lot_id, rows, out=None):
    out = out or sys.stdout
    out.write("Recall of cathode lot %s: %d cells\n" % (lot_id, len(rows)))
    out.write("%-12s %s %7s  violations\n" % ("cell", " ".join("%12s" % h for _, _, h in FORMATION),
                                              "checks"))
    for r in rows:
        vals = " ".join("%12s" % ("-" if r[n] is None else "%.4g" % r[n]) for n, _, _ in FORMATION)
        out.write("%-12s %s %7d  %s\n" % (r["cell"], vals, r["checks"],
                                          "; ".join(r["violations"]) or "ok"))
    bad = sum(1 for r in rows if r["violations"])
    out.write("%d of %d cells have a spec violation on their path\n" % (bad, len(rows)))


def write_dossier(path, cell_id, out_path, ctx=None):
    """Write the audit dossier of cell ``cell_id`` of the store at ``path`` as Markdown to
    ``out_path``; returns its verdict line. The content hash is checked first."""
    with liion.Store(path, read_only=True, ctx=ctx) as st:
        with export.Dossier(st, cell_id, st.spec_registry) as builder:
            with builder.build() as doc:
                doc.verify()
                doc.write(out_path, ExportFormat.MARKDOWN)
                md = doc.to_markdown()
    return next((line for line in md.splitlines() if line.startswith("**Verdict")), "")


def dossier_cell(rows):
    """The cell whose dossier the example writes: the first with a violation, else the
    first; None for an empty recall."""
    return next((r["cell"] for r in rows if r["violations"]), rows[0]["cell"] if rows else None)


# ---- a small store of the demo's shape, for running without arguments -----------------------

#: plant time: nanoseconds since the Unix epoch (2026-11-27T06:00:00Z), one step every 10 min
T0 = 1795759200 * 10 ** 9
STEP_NS = 600 * 10 ** 9


def build_demo_store(path, cells_per_lot=4, ctx=None):
    """Two cathode lots (NMC811-L2609, NMC811-L2610) and one anode lot -> slurries -> coated
    rolls -> stacks -> cells with formation results, and spec checks attached through the
    store's registry like the line's ingest does. Faults: a coating streak on roll JR-C-1 (of
    NMC811-L2609), a low-capacity cell CELL-00003."""
    limits = spec.Limits("CELL-NMC811-G-5AH", 4, ctx)
    limits.set("coating_streaks", "C62", SpecKind.UPPER, 0)
    limits.set("formation_capacity", "AMH", SpecKind.TWO_SIDED, 4.85, 5.30)
    limits.set_default(SpecParam.STACK_ALIGN_X, 0)
    result = spec.Result(ctx)
    with liion.Store(path, ctx=ctx) as st:
        p = st.plant
        reg = st.spec_registry
        raw = p.add_material_definition("RAW")
        cell_def = p.add_material_definition(CELL_DEFINITION)
        seg = {s: p.add_segment(s.name, s) for s in (ProcessStep.MIXING, ProcessStep.COATING,
                                                     ProcessStep.STACKING, ProcessStep.FORMATION)}
        graphite = p.add_lot("GRAPHITE-L2611", raw)
        t = T0
        n = 0

        def step(step_, consumed, produced):
            nonlocal t
            t += STEP_NS
            r = p.add_response("R-%d" % ((t - T0) // STEP_NS), seg[step_], t, t + STEP_NS // 2)
            for lot in consumed:
                p.response_add_material(r, lot, MaterialUse.CONSUMED)
            for lot in produced:
                p.response_add_material(r, lot, MaterialUse.PRODUCED)

        def attach(kind, obj, param, value, unit, where):
            result.clear()
            result.check(limits, param, value, unit, where=where)
            reg.attach(kind, obj, result, limits, param, t)

        anode = p.add_lot("JR-A-1")
        step(ProcessStep.COATING, [graphite], [anode])
        for k, lot_id in enumerate(("NMC811-L2609", "NMC811-L2610"), 1):
            cam = p.add_lot(lot_id, raw)
            slurry = p.add_lot("SLURRY-C-%d" % k)
            roll = p.add_lot("JR-C-%d" % k)
            step(ProcessStep.MIXING, [cam], [slurry])
            step(ProcessStep.COATING, [slurry], [roll])
            attach(ObjectKind.LOT, roll, "coating_streaks", 1.0 if k == 1 else 0.0, "C62",
                   "JR-C-%d" % k)
            for _ in range(cells_per_lot):
                n += 1
                stack = p.add_lot("STK-%05d" % n)
                cell = p.add_lot("CELL-%05d" % n, cell_def)
                step(ProcessStep.STACKING, [roll, anode], [stack])
                attach(ObjectKind.LOT, stack, "stack_align_x", 0.05, "MMT", "STK-%05d" % n)
                step(ProcessStep.FORMATION, [stack], [cell])
                cap = 4.70 if n == 3 else 5.05 + 0.01 * n
                p.set_prop(ObjectKind.LOT, cell, "capacity", cap, "AMH")
                p.set_prop(ObjectKind.LOT, cell, "ocv", 3.62 + 0.001 * n, "VLT")
                p.set_prop(ObjectKind.LOT, cell, "dcir", 18.0 + 0.1 * n, "E45")
                attach(ObjectKind.LOT, cell, "formation_capacity", cap, "AMH",
                       "CELL-%05d" % n)
        st.commit()
    limits.close()
    result.close()


def main(argv):
    prog, argv = argv[0], list(argv)
    dossier = None
    if "--dossier" in argv:
        i = argv.index("--dossier")
        if i + 1 >= len(argv):
            argv = []  # usage
        else:
            dossier = argv[i + 1]
            del argv[i:i + 2]
    if len(argv) in (2, 3):
        path = argv[1]
        lot_id, rows = recall(path, argv[2] if len(argv) == 3 else None)
        print_table(lot_id, rows)
        cell = dossier_cell(rows)
        if dossier and cell:
            verdict = write_dossier(path, cell, dossier)
            print("Audit dossier of %s written to %s: %s" % (cell, dossier, verdict))
    elif len(argv) == 1:
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "plant.store")
            build_demo_store(path)
            lot_id, rows = recall(path, "NMC811-L2609")
            print_table(lot_id, rows)
            cell = dossier_cell(rows)
            out = dossier or os.path.join(d, "%s-dossier.md" % cell)
            verdict = write_dossier(path, cell, out)
            print("Audit dossier of %s (%d bytes of Markdown%s): %s"
                  % (cell, os.path.getsize(out), ", " + out if dossier else "", verdict))
    else:
        sys.stderr.write("usage: %s [STORE [LOT-ID]] [--dossier FILE.md]\n" % prog)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
