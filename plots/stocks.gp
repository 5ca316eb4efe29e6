# stocks: headcount per pool over time, deterministic projection.
# Reads stocks.csv (date in column 2, deterministic in column 5). Its rows
# cycle through the pools and then outside, so pool j is every
# rows_per_step-th row starting at row j.
# Variables: data, out, scenario_title, n_pools, pool_label[],
#   rows_per_step, scale, unit, stocks_log, stocks_min, counts_text,
#   n_xtics,
#   xtic_date[], xtic_label[],
#   n_events, event_date[], event_label[],
#   n_shocks, shock_from[], shock_to[], shock_label[],
#   as_of_date, n_observed, observed_date[], observed_pool[],
#   observed_value[], observed_n, n_recorded, recorded_n,
#   recorded_date[], recorded_value[], recorded_pool[], recorded_label[]
#   (the record: sim/out/record_chart.h).
# The record's observed headcounts are circles in their pool's colour,
# its recorded moves triangles on the line of the pool moved to.
reset
eval set_term(1280, 720)
set output out
set datafile separator ","
set title scenario_title . ": headcount per pool (deterministic projection" \
    . (stocks_log ? "; log scale: the pools differ more than 20 times)" \
                  : ")") \
    . (counts_text eq "" ? "" : "\na headcount counts " . counts_text) \
    noenhanced font ",14"
set xdata time
set timefmt "%Y-%m"
set xtics () nomirror
do for [i = 1:n_xtics] { set xtics add (xtic_label[i] xtic_date[i]) }
set autoscale xfix
set xlabel "date"
# pools that differ more than 20 times: a log axis, said in its label
if (stocks_log) {
    set logscale y
    set yrange [stocks_min / scale:*]
    set ylabel "headcount (" . unit . ", log scale)"
} else {
    set ylabel "headcount (" . unit . ")"
    set yrange [0:*]
}
set ytics nomirror
set grid xtics ytics lc rgb "#dddddd"
set border 3
set key outside right top vertical Left reverse noenhanced spacing 1.3 \
    box lc rgb "#cccccc"
eval mark_events
eval mark_shocks
eval mark_as_of
plot for [j = 1:n_pools] data skip 1 every rows_per_step::(j - 1) \
     using 2:($5 / scale) with lines lt j title pool_label[j], \
     for [h = 1:observed_n] [i = 1:1:1] '+' using (observed_x(h)):\
       (observed_value[h] / scale) with points pt 7 ps 1.6 \
       lc rgb observed_colour(h) notitle, \
     for [h = 1:observed_n] [i = 1:1:1] '+' using (observed_x(h)):\
       (observed_value[h] / scale) with points pt 6 ps 1.6 \
       lc rgb (n_observed > 0 ? 0x222222 : hidden) notitle, \
     for [h = 1:recorded_n] [i = 1:1:1] '+' using (recorded_x(h)):\
       (recorded_value[h] / scale) with points pt 9 ps 1.8 \
       lc rgb recorded_colour(h) notitle, \
     for [h = 1:recorded_n] [i = 1:1:1] '+' using (recorded_x(h)):\
       (recorded_value[h] / scale):(recorded_label[h]) with labels left \
       offset 0.8, 0.6 font ",8" tc rgb "#333333" noenhanced notitle, \
     keyentry with points pt 7 ps 1.6 lc rgb "#555555" \
       title (n_observed > 0 ? "observed (the record)" : ""), \
     keyentry with points pt 9 ps 1.8 lc rgb "#555555" \
       title (n_recorded > 0 ? "a recorded move" : "")
unset output
