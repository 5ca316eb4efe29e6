/* Must compile: the control for yaml_reads_record. */
#include "models/base/diag.h"

int ts_probe_yaml_reads_base(void);
int ts_probe_yaml_reads_base(void) { return 0; }
