#ifndef NEARESTVEHICLE_CPROJ_SHIM_H
#define NEARESTVEHICLE_CPROJ_SHIM_H
// PROJ's public C API (transformations, unit database, contexts) and its bundled
// GeographicLib port (geod_init / geod_inverse). Both ship with Debian's libproj-dev.
#include <proj.h>
#include <geodesic.h>
#endif
