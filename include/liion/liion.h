/**
 * @file liion/liion.h
 * @brief Umbrella header: include this one, `#include <liion/liion.h>`.
 */
#ifndef LIION_LIION_H
#define LIION_LIION_H

#include <liion/common.h>
#include <liion/version.h>
#include <liion/ctx.h>
/* module headers, one per domain object family (keep this order: codecs, then model) */
#include <liion/secs.h>
#include <liion/hsms.h>
#include <liion/secs1.h>
#include <liion/gem.h>
#include <liion/gem_report.h>
#include <liion/gem_e30.h>
#include <liion/gem300.h>
#include <liion/opcua.h>
#include <liion/uadp.h>
#include <liion/plant.h>
#include <liion/spec.h>
#include <liion/spec_plant.h>
#include <liion/store.h>
#include <liion/export.h>
#include <liion/ingest.h>

#endif /* LIION_LIION_H */
