/* Must not compile: the scenario types including the loader above them. */
#include "models/load/fields.h"

int ts_probe_scenario_reads_load(void);
int ts_probe_scenario_reads_load(void) { return 0; }
