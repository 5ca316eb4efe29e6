/* Must not compile: the studies layer including the outputs layer. */
#include "sim/output/charts.h"
