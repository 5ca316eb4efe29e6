# fan: per pool, the Monte Carlo median with its p25-p75 and p05-p95
# bands and the deterministic projection, one small panel per pool.
# Reads stocks.csv: date 2, deterministic 5, p05 8, p25 9, p50 10, p75 11,
# p95 12. Each panel has its own y scale: pools differ by orders of
# magnitude. The legend is drawn once, as a strip of its own under the
# title, so that it covers no data.
# Variables: data, out, scenario_title, n_pools, pool_label[],
#   rows_per_step, scale, unit, n_xtics, xtic_date[], xtic_label[], runs,
#   n_events, event_date[], event_label[],
#   n_shocks, shock_from[], shock_to[], shock_label[], as_of_date,
#   n_observed, observed_n, observed_date[], observed_pool[],
#   observed_value[]
#   (the record's observed headcounts: circles), feedback (1 when
#   some pool pulls: the deterministic line is the mean-field path, and
#   the runs' mean, column 6, is drawn beside it).
reset
cols = n_pools <= 3 ? n_pools : (n_pools <= 4 ? 2 : (n_pools <= 9 ? 3 : 4))
rows = int(ceil(n_pools / (cols * 1.0)))
height = 130 + 300 * rows
eval set_term(cols == 1 ? 900 : 1280, height)
set output out
head = 110.0 / height          # title and legend strip, screen units
panel_w = 1.0 / cols
panel_h = (1.0 - head) / rows
band_colour = "#0072B2"
set multiplot title scenario_title . sprintf(": headcount per pool, %d Monte Carlo runs", runs) \
    . (counts_text eq "" ? "" : "\na headcount counts " . counts_text) \
    noenhanced font ",14"

# the legend strip
set origin 0, 1.0 - head
set size 1, head * 0.62
unset border
unset tics
set xrange [0:1]
set yrange [0:1]
set key center center horizontal maxrows 1 width 2 noenhanced font ",10"
# (curves above the visible range: only their legend entries show)
plot 2 with filledcurves y1=3 fc rgb band_colour fs transparent solid 0.18 noborder \
         title "5th-95th percentile", \
     2 with filledcurves y1=3 fc rgb band_colour fs transparent solid 0.40 noborder \
         title "25th-75th percentile", \
     2 with lines lc rgb band_colour lw 2 title "median", \
     2 with lines lc rgb "#000000" lw 1 dt 2 \
         title (feedback ? "mean-field (deterministic)" : "deterministic"), \
     (feedback ? 2 : NaN) with lines lc rgb "#D55E00" lw 2 dt 4 \
         title (feedback ? "mean of the runs" : ""), \
     (n_observed > 0 ? 2 : NaN) with points pt 7 ps 1.2 lc rgb "#222222" \
         title (n_observed > 0 ? "observed (the record)" : "")

# the panels
unset key
set datafile separator ","
set xdata time
set timefmt "%Y-%m"
set xtics () nomirror font ",9"
do for [i = 1:n_xtics] { set xtics add (xtic_label[i] xtic_date[i]) }
set xrange [*:*]
# headcounts from 0: a band's width reads against the whole headcount
set yrange [0:*]
set autoscale xfix
set ytics nomirror font ",9"
set border 3
set grid xtics ytics lc rgb "#dddddd"
set ylabel unit font ",9" offset 1, 0
set size panel_w, panel_h
eval mark_events
eval mark_shocks
eval mark_as_of
do for [j = 1:n_pools] {
    set origin panel_w * ((j - 1) % cols), \
               1.0 - head - panel_h * (1 + int((j - 1) / cols))
    set title pool_label[j] noenhanced font ",11"
    plot data skip 1 every rows_per_step::(j - 1) \
           using 2:($8 / scale):($12 / scale) with filledcurves \
           fc rgb band_colour fs transparent solid 0.18 noborder, \
         '' skip 1 every rows_per_step::(j - 1) \
           using 2:($9 / scale):($11 / scale) with filledcurves \
           fc rgb band_colour fs transparent solid 0.40 noborder, \
         '' skip 1 every rows_per_step::(j - 1) using 2:($10 / scale) \
           with lines lc rgb band_colour lw 2, \
         '' skip 1 every rows_per_step::(j - 1) using 2:($5 / scale) \
           with lines lc rgb "#000000" lw 1 dt 2, \
         '' skip 1 every rows_per_step::(j - 1) \
           using 2:(feedback ? $6 / scale : NaN) \
           with lines lc rgb "#D55E00" lw 2 dt 4, \
         for [h = 1:observed_n] [i = 1:1:1] '+' using (observed_x(h)):\
           (observed_pool[h] == j ? observed_value[h] / scale : NaN) \
           with points pt 7 ps 1.2 lc rgb (n_observed > 0 ? 0x222222 : hidden)
}
unset multiplot
unset output
