/* Must compile: the control for validate_reads_random. */
#include "models/load/param_path.h"

int ts_probe_validate_reads_load(void);
int ts_probe_validate_reads_load(void) { return 0; }
