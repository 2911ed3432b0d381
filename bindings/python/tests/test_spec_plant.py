"""Spec results on plant objects through the raw ctypes table (liion/spec_plant.h).

Wrapper classes come later; this checks that the prototypes and the ``SpecRecordInfo`` mirror
are right by driving attach and the cell closure query end to end.
"""

import ctypes
import os
import sys
import unittest

_HERE = os.path.dirname(os.path.abspath(__file__))
try:
    import liion  # noqa: F401
except ModuleNotFoundError:  # run from a checkout without PYTHONPATH
    sys.path.insert(0, os.path.dirname(_HERE))
    import liion  # noqa: F401

from liion import _ffi

NONE = 0xFFFFFFFF
OBJ_LOT = 5
USE_CONSUMED = 2
USE_PRODUCED = 3
SPEC_WET_FILM = 1


class SpecPlantTest(unittest.TestCase):
    def setUp(self):
        lib = _ffi.lib
        self.lib = lib
        self.ctx = _ffi.CtxP()
        self.assertEqual(lib.liion_ctx_new(ctypes.byref(self.ctx), None), 0)
        self.plant = _ffi.PlantP()
        self.assertEqual(lib.liion_plant_new(ctypes.byref(self.plant), self.ctx), 0)

    def tearDown(self):
        self.lib.liion_plant_free(self.plant)
        self.lib.liion_ctx_free(self.ctx)

    def ok(self, status):
        self.assertEqual(status, 0, self.lib.liion_ctx_errmsg(self.ctx))

    def lot(self, name, parent=NONE):
        idx = ctypes.c_uint32()
        self.ok(self.lib.liion_plant_lot_add(ctypes.byref(idx), self.plant, None, name, NONE,
                                             parent))
        return idx.value

    @unittest.skipUnless(ctypes.sizeof(ctypes.c_void_p) == 8, "64-bit layout")
    def test_record_info_size(self):
        self.assertEqual(ctypes.sizeof(_ffi.SpecRecordInfo), 88)

    def test_attach_and_closure(self):
        lib = self.lib
        jumbo = self.lot(b"JR-1")
        daughter = self.lot(b"JR-1-A", jumbo)
        cell = self.lot(b"CELL-1")
        other = self.lot(b"JR-2")
        resp = ctypes.c_uint32()
        self.ok(lib.liion_plant_response_add(ctypes.byref(resp), self.plant, None, b"stack",
                                             NONE, 0, 1))
        self.ok(lib.liion_plant_response_add_material(self.plant, resp, daughter, USE_CONSUMED))
        self.ok(lib.liion_plant_response_add_material(self.plant, resp, cell, USE_PRODUCED))

        limits = _ffi.SpecLimitsP()
        self.ok(lib.liion_spec_limits_new(ctypes.byref(limits), self.ctx, b"RECIPE", 9))
        self.ok(lib.liion_spec_limits_set_default(limits, SPEC_WET_FILM, 150.0))
        result = _ffi.SpecResultP()
        self.ok(lib.liion_spec_result_new(ctypes.byref(result), self.ctx))
        reg = _ffi.SpecRegistryP()
        self.ok(lib.liion_spec_registry_new(ctypes.byref(reg), self.ctx, self.plant))
        sel = _ffi.SpecSelectionP()
        self.ok(lib.liion_spec_selection_new(ctypes.byref(sel), self.ctx))
        try:
            values = (ctypes.c_double * 3)(150.0, 152.0, 149.0)
            self.ok(lib.liion_spec_check_values(result, limits, b"wet_film_thickness", b"4H",
                                                values, 3, b"JR-1", 0))
            rec = ctypes.c_size_t()
            self.ok(lib.liion_spec_registry_attach(ctypes.byref(rec), reg, OBJ_LOT, jumbo,
                                                   result, limits, b"wet_film_thickness", 42))
            self.ok(lib.liion_spec_registry_attach(None, reg, OBJ_LOT, other, result, limits,
                                                   b"wet_film_thickness", 43))
            self.assertEqual(lib.liion_spec_registry_attach(None, reg, OBJ_LOT, 99, result,
                                                            limits, b"wet_film_thickness", 0),
                             9)  # LIION_E_NOT_FOUND
            self.assertIn(b"no lot with index 99", lib.liion_ctx_errmsg(self.ctx))

            self.ok(lib.liion_spec_registry_select_closure(reg, sel, cell, 0))
            self.assertEqual(lib.liion_spec_selection_count(sel), 1)
            got, depth = ctypes.c_size_t(), ctypes.c_uint32()
            self.assertEqual(lib.liion_spec_selection_next(sel, ctypes.byref(got),
                                                           ctypes.byref(depth)), 1)
            self.assertEqual((got.value, depth.value), (rec.value, 2))

            info = _ffi.SpecRecordInfo(struct_size=ctypes.sizeof(_ffi.SpecRecordInfo))
            self.ok(lib.liion_spec_registry_record(ctypes.byref(info), reg, got))
            self.assertEqual((info.kind, info.index), (OBJ_LOT, jumbo))
            self.assertEqual(info.limits_owner, b"RECIPE")
            self.assertEqual(info.limits_version, 9)
            self.assertEqual(info.param, b"wet_film_thickness")
            self.assertEqual(info.unit, b"4H")
            self.assertEqual((info.time, info.checked, info.failed, info.violations),
                             (42, 3, 1, 1))
            v = _ffi.SpecViolation(struct_size=ctypes.sizeof(_ffi.SpecViolation))
            self.ok(lib.liion_spec_registry_violation(ctypes.byref(v), reg, got, 0))
            self.assertEqual((v.value, v.limit, v.where), (152.0, 151.5, b"JR-1"))
        finally:
            lib.liion_spec_selection_free(sel)
            lib.liion_spec_registry_free(reg)
            lib.liion_spec_result_free(result)
            lib.liion_spec_limits_free(limits)


if __name__ == "__main__":
    unittest.main()
