/* Teams follow their leader (SPEC section 5): when an executive (each
 * member of a group) first moves, from their starting pool A to a pool
 * B other than outside, in step k, `size` people of A move to B, size /
 * over in each of the `over` steps after the move (k + 1 .. k + over).
 *
 * The projection adds the expected followers as transfers at each step's
 * end: in step j, from A to B,
 *
 *     T_AB(j) = sum over k in [j - over, j - 1] of
 *               count * size / over * P(first move A -> B in step k),
 *     P(first move A -> B in step k) = prod_{i<k} P_i[A,A] * P_k[A,B],
 *
 * with the executive's own step matrices P_i; it does not cap them by
 * A's stock. A Monte Carlo run moves whole people: the run's size split
 * as evenly as possible over the steps, earlier steps first, never more
 * than A holds after that step's other moves.
 *
 * With a record (SPEC section 8), a first move it holds brings its
 * followers for certain, and only members who have not moved by as_of
 * may still bring a team, by their moves from as_of on. */
#ifndef TS_TEAMS_H
#define TS_TEAMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/exec/exec_model.h"

/* transfers[(j n + A) n + B] += the expected followers of every team in
 * step j (n = K + 1); transfers holds steps x n x n. */
void ts_team_transfers(const ts_exec_model *m, double *transfers);

/* Whether any entity of m has a team. */
bool ts_team_any(const ts_exec_model *m);

/* One leader's move in one run: whom they take, and when. */
typedef struct ts_team_lead {
    uint32_t step;      /* of the move; followers from step + 1 */
    uint32_t from, to;
    uint32_t size;      /* whole people */
    uint32_t over;      /* steps */
} ts_team_lead;

/* The followers a leader brings in step j: size split over `over`
 * steps, the first size % over steps taking one more. */
static inline uint32_t ts_team_followers(const ts_team_lead *l, size_t j)
{
    if (j <= l->step || j > (size_t)l->step + l->over)
        return 0;
    size_t m = j - l->step; /* 1 .. over */
    return l->size / l->over + (m <= l->size % l->over ? 1u : 0u);
}

#endif
