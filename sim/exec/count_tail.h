/* How likely at least k of many independent events are, when event i has
 * probability q[i] and happens for mult[i] alike members at once (a named
 * executive is 1 member, a group of 40 alike executives 40): the tail of
 * a Poisson-binomial distribution. */
#ifndef TS_COUNT_TAIL_H
#define TS_COUNT_TAIL_H

#include <stddef.h>

/* P(number of events >= k). Dynamic programming over counts 0..k-1 plus
 * one bucket for "k or more", folding each entry in as a binomial
 * (mult[i], q[i]), visiting only the counts that are possible and the
 * binomial terms that do not underflow: at most O(n k^2), and a few
 * thousand operations per large group; exact to round-off. work holds
 * 2(k+1) doubles. */
double ts_count_tail(const double *q, const size_t *mult, size_t n, size_t k,
                     double *work);

#endif
