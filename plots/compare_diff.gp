# compare_diff: the effect of each scenario's assumptions, one panel per
# pool: run r of a scenario minus run r of the first scenario, which drew
# the same random numbers (common random numbers), so what is left is the
# assumptions' effect and its uncertainty: the median of the paired
# differences as a line with their 5th-95th percentile band, the
# difference of the deterministic projections dashed, zero grey. Reads
# compare_diff.csv (date 1, deterministic 3, p05 4, p50 5, p95 6). Rows
# come pool by pool, within a pool scenario by scenario (the second on),
# diff_rows[s] dates each.
# Variables: data, out, scenario_title, n_pools, pool_label[], n_series,
#   series_name[], diff_rows[], scale, unit, n_xtics, xtic_date[],
#   xtic_label[].
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
do for [s = 2:n_series] { total = total + diff_rows[s] }
offset(s) = (s <= 2) ? 0 : sum [t = 2:s - 1] diff_rows[t]
first(j, s) = (j - 1) * total + offset(s)
last(j, s) = first(j, s) + diff_rows[s] - 1
set multiplot title scenario_title . ": difference from " . series_name[1] \
    . ", run by run" noenhanced font ",14"

set origin 0, 1.0 - head
set size 1, head * 0.62
unset border
unset tics
set xrange [0:1]
set yrange [0:1]
set key center center horizontal maxrows 2 width 2 noenhanced font ",10"
plot for [s = 2:n_series] 2 with lines lc rgb colour[s] lw 2 \
         title series_name[s] . " - " . series_name[1] . \
               " (median, 5-95% of paired runs)", \
     2 with lines lc rgb "#000000" lw 1 dt 2 title "deterministic difference"

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
    plot 0 with lines lc rgb "#999999" lw 1, \
         for [s = 2:n_series] data skip 1 every ::first(j, s)::last(j, s) \
           using 1:($4 / scale):($6 / scale) with filledcurves \
           fc rgb colour[s] fs transparent solid 0.25 noborder, \
         for [s = 2:n_series] data skip 1 every ::first(j, s)::last(j, s) \
           using 1:($5 / scale) with lines lc rgb colour[s] lw 2, \
         for [s = 2:n_series] data skip 1 every ::first(j, s)::last(j, s) \
           using 1:($3 / scale) with lines lc rgb "#000000" lw 1 dt 2
}
unset multiplot
unset output
