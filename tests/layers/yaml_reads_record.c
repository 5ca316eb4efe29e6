/* Must not compile: the YAML layer including the record above it. */
#include "models/record/record.h"

int ts_probe_yaml_reads_record(void);
int ts_probe_yaml_reads_record(void) { return 0; }
