/* A program that uses libtalentsim as any other would: talentsim.h and
 * `pkg-config --cflags --libs talentsim`, nothing else. It loads the
 * scenario file given from a string, sets its runs, validates, projects,
 * simulates on two threads and prints each stock as stocks.csv has it
 * (step,pool,deterministic,mean,sd,p05,p25,p50,p75,p95, numbers with 12
 * significant digits, empty when there are none), so that the
 * install-prefix test can compare it with the program's own CSV.
 *   api_client SCENARIO.yaml RUNS */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <talentsim.h>

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0;
    *len = 0;
    if (!f)
        return NULL;
    for (;;) {
        if (*len + 4096 > cap) {
            char *grown = realloc(buf, cap = 2 * cap + 4096);
            if (!grown)
                break;
            buf = grown;
        }
        size_t got = fread(buf + *len, 1, cap - *len, f);
        if (got == 0)
            break;
        *len += got;
    }
    fclose(f);
    return buf;
}

static void number(double x)
{
    putchar(',');
    if (!isnan(x))
        printf("%.12g", x == 0 ? 0.0 : x);
}

static int fail(talentsim_diagnostics *d, const char *what)
{
    char line[2048];
    fprintf(stderr, "api_client: %s failed\n", what);
    for (size_t i = 0; i < talentsim_diagnostics_count(d); i++) {
        talentsim_diagnostic_format(d, i, line, sizeof line);
        fprintf(stderr, "%s\n", line);
    }
    return 1;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: api_client SCENARIO.yaml RUNS\n");
        return 2;
    }
    size_t len;
    char *text = read_all(argv[1], &len), set[64];
    if (!text)
        return 2;
    const char *slash = strrchr(argv[1], '/');
    talentsim_diagnostics *d = talentsim_diagnostics_create();
    talentsim_scenario *sc = NULL;
    talentsim_run *run = NULL;
    talentsim_options opt = {.threads = 2};
    snprintf(set, sizeof set, "scenario.runs=%s", argv[2]);
    int status = 0;
    if (talentsim_scenario_load_string(text, len, slash ? slash + 1 : argv[1],
                                       NULL, &sc, d) != TALENTSIM_OK)
        status = fail(d, "loading");
    else if (talentsim_scenario_set(sc, set, d) != TALENTSIM_OK ||
             talentsim_scenario_validate(sc, d) != TALENTSIM_OK)
        status = fail(d, "validating");
    else if (talentsim_project(sc, &run, d) != TALENTSIM_OK ||
             talentsim_simulate(run, &opt, d) != TALENTSIM_OK)
        status = fail(d, "running");
    for (size_t k = 0; !status && k <= talentsim_scenario_steps(sc); k++)
        for (size_t p = 0; p <= talentsim_scenario_pools(sc); p++) {
            printf("%zu,%s", k, talentsim_scenario_pool_id(sc, p));
            for (int s = TALENTSIM_DETERMINISTIC; s <= TALENTSIM_P95; s++)
                number(talentsim_stock(run, k, p, (talentsim_stat)s));
            putchar('\n');
        }
    talentsim_run_destroy(run);
    talentsim_scenario_destroy(sc);
    talentsim_diagnostics_destroy(d);
    free(text);
    return status;
}
