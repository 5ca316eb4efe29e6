/* Must compile: the control for load_reads_validate. */
#include "models/scenario/scenario.h"

int ts_probe_load_reads_scenario(void);
int ts_probe_load_reads_scenario(void) { return 0; }
