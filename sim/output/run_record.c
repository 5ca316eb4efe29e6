#include "sim/output/run_record.h"

#include <limits.h>
#include <stdbool.h>
#include <nettle/sha2.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "models/base/date.h"
#include "models/base/limits.h"
#include "models/base/sources.h"
#include "sim/output/utf8.h"

/* Characters YAML does not allow in a stream, even escaped as they
 * are (YAML 1.1's printable set): C1 controls but NEL, and the
 * noncharacters U+FFFE and U+FFFF; written as \u escapes instead. */
static bool yaml_unprintable(uint32_t c)
{
    return (c >= 0x80 && c <= 0x9f && c != 0x85) || c == 0xfffe ||
           c == 0xffff;
}

void ts_yaml_text(FILE *f, const char *text)
{
    const unsigned char *s = (const unsigned char *)text;
    fputc('"', f);
    while (*s) {
        uint32_t cp = *s;
        size_t n = *s >= 0x80 ? ts_utf8_decode(s, &cp) : 1;
        if (*s == '"' || *s == '\\')
            fprintf(f, "\\%c", *s);
        else if (*s < 0x20 || *s == 0x7f || n == 0)
            fprintf(f, "\\x%02x", *s);
        else if (yaml_unprintable(cp))
            fprintf(f, "\\u%04x", (unsigned)cp);
        else
            fwrite(s, 1, n, f);
        s += n ? n : 1;
    }
    fputc('"', f);
}

static void sha256_hex(const char *bytes, size_t len, char *hex)
{
    struct sha256_ctx ctx;
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_init(&ctx);
    sha256_update(&ctx, len, (const uint8_t *)bytes);
    sha256_digest(&ctx, SHA256_DIGEST_SIZE, digest);
    for (size_t i = 0; i < SHA256_DIGEST_SIZE; i++)
        sprintf(hex + 2 * i, "%02x", digest[i]);
}

/* "  - {file: "...", sha256: "..."}" for each file sc was read from:
 * the scenario file first, then its bases. */
static void write_files(FILE *f, const ts_scenario *sc)
{
    fputs("    files:\n", f);
    for (size_t i = 0; i < sc->sources.n; i++) {
        size_t len;
        const char *bytes = ts_sources_bytes(&sc->sources, i, &len);
        if (!bytes)
            continue; /* a --set's label, not a file */
        char hex[2 * SHA256_DIGEST_SIZE + 1];
        sha256_hex(bytes, len, hex);
        fputs("      - {file: ", f);
        ts_yaml_text(f, sc->sources.name[i]);
        fprintf(f, ", sha256: \"%s\"}\n", hex);
    }
}

static void write_scenario(FILE *f, const ts_scenario *sc)
{
    char as_of[16];
    ts_month_format(ts_scenario_step_month(sc, ts_scenario_as_of(sc)), as_of,
                    sizeof as_of);
    fputs("  - name: ", f);
    ts_yaml_text(f, sc->name);
    fputc('\n', f);
    write_files(f, sc);
    fputs("    sets: [", f);
    for (size_t i = 0; i < sc->n_overrides; i++) {
        fputs(i ? ", " : "", f);
        ts_yaml_text(f, sc->overrides[i]);
    }
    fprintf(f, "]\n    seed: %llu\n    runs: %zu\n    step: \"%s\"\n"
            "    as_of: \"%s\"\n", (unsigned long long)sc->seed, sc->runs,
            ts_step_name(sc->step_months), as_of);
}

ts_status ts_run_record_write(FILE *f, const ts_run_record *rec,
                              ts_diags *d)
{
    char cwd[TS_PATH_MAX], when[32];
    time_t now = time(NULL);
    struct tm utc;
    if (!getcwd(cwd, sizeof cwd) || now == (time_t)-1 ||
        !gmtime_r(&now, &utc) ||
        !strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &utc)) {
        ts_diag_add(d, ts_nowhere, "cannot read the working directory or "
                    "the clock for run.yaml");
        return TS_ERUNTIME;
    }
    fputs("# What made the files beside it (SPEC section 7). Re-running "
          "`command`\n# in `directory` with the same files (sha256) "
          "writes them again,\n# byte for byte; this file alone differs.\n",
          f);
    fprintf(f, "talentsim: \"%s\"\ncommand: [", TALENTSIM_VERSION);
    for (int i = 0; i < rec->argc; i++) {
        fputs(i ? ", " : "", f);
        ts_yaml_text(f, rec->argv[i]);
    }
    fputs("]\ndirectory: ", f);
    ts_yaml_text(f, cwd);
    fprintf(f, "\nthreads: %zu\nscenarios:\n", rec->threads);
    for (size_t i = 0; i < rec->n_scenarios; i++)
        write_scenario(f, rec->scenarios[i]);
    fprintf(f, "made: \"%s\"\n", when);
    return TS_OK;
}
