/* How the summary and the report say a claim in words: its probability
 * (with the one-sided bound when no run disagrees, SPEC section 7), the
 * months its window covers, and who makes it most; and where an
 * executive is when the forecast is made. */
#ifndef TS_CLAIM_TEXT_H
#define TS_CLAIM_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "models/scenario/scenario.h"
#include "sim/talentsim.h"

/* sim/exec/claims.h, sim/exec/claim_terms.h and sim/mc/results.h (a
 * run's results, the command line's talentsim_run): opaque here, so that
 * the command line may say a probability as the summary does. */
typedef struct ts_claim ts_claim;
typedef struct ts_claim_term ts_claim_term;
typedef struct talentsim_run ts_results;

/* "0.858", "0.862 ± 0.008", "≥ 0.9985" or "≤ 0.0015" (p from runs
 * runs, se NaN for an exact value); how many characters it shows. */
size_t ts_probability_text(double p, double se, size_t runs, char *buf,
                           size_t size);

/* "2026-01 to the end of 2027-06" for a move claim, "the headcount
 * dated 2028-01" for a headcount claim. */
void ts_claim_covers(const ts_scenario *sc, const ts_claim *c, char *buf,
                     size_t size);

/* Claim i's largest terms (at most TS_CLAIM_MAKERS), largest first;
 * how many (0 when there are none or memory runs out). */
#define TS_CLAIM_MAKERS 3
size_t ts_claim_makers(const ts_scenario *sc, const ts_results *r, size_t i,
                       ts_claim_term *top);

/* Where executive e is at as_of: "anthropic", or for a group the record
 * split, "openai (2 of 3)"; raw text, for the caller's sink to escape. */
void ts_exec_now_text(const ts_scenario *sc, const ts_results *r, size_t e,
                      char *buf, size_t size);

/* "forecast as of 2025-01, from the record: 2 moves, 1 shock settled,
 * 1 observed headcount"; false (and nothing) for a forecast from the
 * start. */
bool ts_record_text(const ts_scenario *sc, char *buf, size_t size);

/* "by 2027-01", or "from 2025-01 to 2027-01" for a forecast as of a date
 * after the start: the span P(moved) covers. */
void ts_exec_moved_span(const ts_scenario *sc, char *buf, size_t size);

#endif
