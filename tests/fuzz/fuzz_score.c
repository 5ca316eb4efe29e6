/* libFuzzer target: what `score` reads from directories and files it is
 * given (SPEC section 8) — run.yaml, predictions.csv, stocks.csv and the
 * outcomes file — on arbitrary bytes. Input: the four texts, separated
 * by lines "#--file", in that order (missing ones are empty). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <gsl/gsl_errno.h>

#include "models/load/record_file.h"
#include "sim/studies/forecast_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const names[4] = {"run.yaml", "predictions.csv",
                                     "stocks.csv", "outcomes.yaml"};

static void write_part(const char *dir, const char *name, const char *text,
                       size_t len)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f)
        return;
    fwrite(text, 1, len, f);
    fclose(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char dir[64];
    if (!dir[0]) {
        gsl_set_error_handler_off();
        snprintf(dir, sizeof dir, "/tmp/ts-fuzz-score-XXXXXX");
        if (!mkdtemp(dir))
            abort();
    }
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    const char *at = text;
    for (size_t i = 0; i < 4; i++) {
        const char *end = strstr(at, "#--file");
        size_t len = end ? (size_t)(end - at) : strlen(at);
        write_part(dir, names[i], at, len);
        at = end ? end + strlen("#--file") : at + len;
    }
    free(text);
    char outcomes[512];
    snprintf(outcomes, sizeof outcomes, "%s/outcomes.yaml", dir);
    ts_diags d;
    ts_diags_init(&d);
    ts_record *r = NULL;
    if (ts_record_load(outcomes, &r, &d) == TS_OK) {
        ts_forecast *f = NULL;
        if (ts_forecast_read(dir, r, &f, &d) == TS_OK)
            ts_forecast_destroy(f);
        ts_record_destroy(r);
    }
    return 0;
}
