/* Must compile: the control for the probes beside it (the command
 * line's roots do reach talentsim.h, studies, output and models). */
#include "sim/talentsim.h"
#include "sim/output/charts.h"
#include "sim/studies/tornado.h"
#include "models/scenario/scenario.h"

int ts_layer_probe(void);
int ts_layer_probe(void)
{
    return TALENTSIM_OK;
}
