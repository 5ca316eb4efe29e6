# compare: each pool's headcount under two scenarios, one panel per pool:
# the deterministic projection as a line and, when the scenario has Monte
# Carlo runs, its 5th-95th percentile band. Reads compare.csv (date 1,
# deterministic 3, p05 5, p95 6). Its rows come pool by pool, and within
# a pool the rows_a dates of the first scenario, then the rows_b of the
# second, so a series is a run of rows picked with `every`.
# Variables: data, out, scenario_title, n_pools, pool_label[],
#   series_name[2], rows_a, rows_b, has_mc[2], scale, unit, n_xtics,
#   xtic_date[], xtic_label[].
reset
cols = n_pools <= 3 ? n_pools : (n_pools <= 4 ? 2 : (n_pools <= 9 ? 3 : 4))
rows = int(ceil(n_pools / (cols * 1.0)))
height = 130 + (cols == 1 && rows == 1 ? 500 : 300 * rows)
eval set_term(cols == 1 ? 1000 : 1280, height)
set output out
head = 110.0 / height
panel_w = 1.0 / cols
panel_h = (1.0 - head) / rows
array colour[2] = ["#0072B2", "#D55E00"]
array dash[2] = [1, 2]
first(j, s) = (j - 1) * (rows_a + rows_b) + (s == 2 ? rows_a : 0)
last(j, s) = first(j, s) + (s == 2 ? rows_b : rows_a) - 1
# the band's columns: p05 and p95, or without Monte Carlo runs the
# deterministic column twice (a band of no width)
lo(s) = has_mc[s] ? 5 : 3
hi(s) = has_mc[s] ? 6 : 3
set multiplot title scenario_title . ": headcount per pool" noenhanced font ",14"

# the legend strip (curves above the visible range: only the legend shows)
set origin 0, 1.0 - head
set size 1, head * 0.62
unset border
unset tics
set xrange [0:1]
set yrange [0:1]
set key center center horizontal maxrows 1 width 2 noenhanced font ",10"
plot for [s = 1:2] 2 with lines lc rgb colour[s] lw 2 dt dash[s] \
         title series_name[s], \
     for [s = 1:2] 2 with filledcurves y1=3 \
         fc rgb colour[s] fs transparent solid 0.18 noborder \
         title (has_mc[s] ? series_name[s] . ": 5th-95th percentile" : "")

unset key
set datafile separator ","
set xdata time
set timefmt "%Y-%m"
set xtics () nomirror font ",9"
do for [i = 1:n_xtics] { set xtics add (xtic_label[i] xtic_date[i]) }
set xrange [*:*]
set yrange [*:*]
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
    plot for [s = 1:2] data skip 1 every ::first(j, s)::last(j, s) \
           using 1:(column(lo(s)) / scale):(column(hi(s)) / scale) \
           with filledcurves fc rgb colour[s] fs transparent solid 0.18 \
           noborder, \
         for [s = 1:2] data skip 1 every ::first(j, s)::last(j, s) \
           using 1:($3 / scale) with lines lc rgb colour[s] lw 2 dt dash[s]
}
unset multiplot
unset output
