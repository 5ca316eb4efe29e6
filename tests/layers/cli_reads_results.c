/* Must not compile: the command line reaching the engine's internals
 * (SPEC section 10). tests/CMakeLists.txt builds it with the command
 * line's include roots and expects the build to fail. */
#include "sim/mc/results.h"
