/* Must compile: the control for record_reads_scenario. */
#include "models/yaml/yaml_value.h"

int ts_probe_record_reads_yaml(void);
int ts_probe_record_reads_yaml(void) { return 0; }
