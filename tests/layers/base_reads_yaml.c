/* Must not compile: base (diagnostics, dates, files) including the YAML layer above it. */
#include "models/yaml/yaml_value.h"

int ts_probe_base_reads_yaml(void);
int ts_probe_base_reads_yaml(void) { return 0; }
