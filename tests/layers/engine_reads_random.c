/* Must compile: the control for engine_reads_mc (the engine sees the
 * layers below it). */
#include "models/scenario/scenario.h"
#include "sim/random/rng.h"

int ts_layer_probe(void);
int ts_layer_probe(void)
{
    return 0;
}
