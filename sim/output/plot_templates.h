/* The gnuplot templates of plots/, compiled into the binary (the C source
 * is generated at build time by plots/embed.cmake). */
#ifndef TS_PLOT_TEMPLATES_H
#define TS_PLOT_TEMPLATES_H

/* The text of plots/NAME.gp, or NULL when there is no such template. */
const char *ts_plot_template(const char *name);

#endif
