# compare: each pool's headcount under every scenario, one panel per pool:
# each scenario's Monte Carlo median as a line (the deterministic
# projection without runs) and its 5th-95th percentile band, pale so that
# the lines stay readable where bands overlap (compare_diff shows what
# overlapping bands hide). Reads compare.csv (date 1, deterministic 3,
# p05 5, p50 6, p95 7). Its rows come pool by pool, within a pool
# scenario by scenario, series_rows[s] dates each.
# Variables: data, out, scenario_title, n_pools, pool_label[], n_series,
#   series_name[], series_rows[], has_mc[], scale, unit, n_xtics,
#   xtic_date[], xtic_label[].
reset
cols = n_pools <= 3 ? n_pools : (n_pools <= 4 ? 2 : (n_pools <= 9 ? 3 : 4))
rows = int(ceil(n_pools / (cols * 1.0)))
height = 150 + (cols == 1 && rows == 1 ? 500 : 300 * rows)
eval set_term(cols == 1 ? 1000 : 1280, height)
set output out
head = 130.0 / height
panel_w = 1.0 / cols
panel_h = (1.0 - head) / rows
array colour[8] = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", \
                   "#56B4E9", "#000000", "#999933"]
total = 0
do for [s = 1:n_series] { total = total + series_rows[s] }
offset(s) = (s <= 1) ? 0 : sum [t = 1:s - 1] series_rows[t]
first(j, s) = (j - 1) * total + offset(s)
last(j, s) = first(j, s) + series_rows[s] - 1
# the line: the median, or without runs the deterministic projection
mid(s) = has_mc[s] ? 6 : 3
lo(s) = has_mc[s] ? 5 : 3
hi(s) = has_mc[s] ? 7 : 3
set multiplot title scenario_title . ": headcount per pool" noenhanced font ",14"

# the legend strip (curves above the visible range: only the legend shows)
set origin 0, 1.0 - head
set size 1, head * 0.62
unset border
unset tics
set xrange [0:1]
set yrange [0:1]
set key center center horizontal maxrows 2 width 2 noenhanced font ",10"
plot for [s = 1:n_series] 2 with lines lc rgb colour[s] lw 2 \
         title series_name[s] . (has_mc[s] ? " (median, 5-95%)" : "")

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
do for [j = 1:n_pools] {
    set origin panel_w * ((j - 1) % cols), \
               1.0 - head - panel_h * (1 + int((j - 1) / cols))
    set title pool_label[j] noenhanced font ",11"
    plot for [s = 1:n_series] data skip 1 every ::first(j, s)::last(j, s) \
           using 1:(column(lo(s)) / scale):(column(hi(s)) / scale) \
           with filledcurves fc rgb colour[s] fs transparent solid 0.10 \
           noborder, \
         for [s = 1:n_series] data skip 1 every ::first(j, s)::last(j, s) \
           using 1:(column(mid(s)) / scale) with lines lc rgb colour[s] lw 2
}
unset multiplot
unset output
