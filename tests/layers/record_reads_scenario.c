/* Must not compile: the record including the scenario above it (the
 * scenario holds a record; the record keeps its names in base/sources). */
#include "models/scenario/scenario.h"

int ts_probe_record_reads_scenario(void);
int ts_probe_record_reads_scenario(void) { return 0; }
