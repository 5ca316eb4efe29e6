/* Must not compile: a lower layer (engine) including a higher one's
 * header (mc). */
#include "sim/mc/montecarlo.h"
