/* Must compile: the control for studies_reads_output (studies see the
 * public header and the engine below it). */
#include "sim/mc/results.h"
#include "sim/talentsim.h"

int ts_layer_probe(void);
int ts_layer_probe(void)
{
    return 0;
}
