/* An independent reader of charts.gp for the security tests and the
 * charts fuzz target: every line talentsim writes must be a line of one
 * of the templates of plots/, a comment, or an assignment of numbers and
 * strings (gnuplot's single-quoted strings with no apostrophe and no
 * control character, "\047" for an apostrophe, joined by '.'), so that
 * no text a scenario holds can become a gnuplot command. */
#ifndef TS_TEST_GP_CHECK_H
#define TS_TEST_GP_CHECK_H

#include <stddef.h>

/* NULL when script is safe; else a static message naming the first line
 * that is not (its number and text, cut short). templates are the texts
 * of the templates, n of them. */
const char *ts_gp_check(const char *script, const char *const *templates,
                        size_t n);

/* The compiled-in templates (sim/output/plot_templates.h), for ts_gp_check. */
size_t ts_gp_check_templates(const char **out, size_t max);

#endif
