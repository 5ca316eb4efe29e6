/* Must compile: the control for scenario_reads_load. */
#include "models/record/record.h"

int ts_probe_scenario_reads_record(void);
int ts_probe_scenario_reads_record(void) { return 0; }
