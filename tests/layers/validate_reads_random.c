/* Must not compile: the model including the engine above it. */
#include "sim/random/rng.h"

int ts_probe_validate_reads_random(void);
int ts_probe_validate_reads_random(void) { return 0; }
