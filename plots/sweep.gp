# sweep: each pool's headcount at one date against the value of the
# swept parameter, one panel per pool: the deterministic projection as a
# line with points and, with Monte Carlo runs, the 5th-95th percentile
# band. Reads sweep_at.csv (pool 1, value 2, deterministic 3, p05 5,
# p95 6), pool by pool.
# Variables: data, out, scenario_title, n_pools, pool_label[],
#   n_values, param_path, at_label, has_mc, scale, unit.
reset
cols = n_pools <= 3 ? n_pools : (n_pools <= 4 ? 2 : (n_pools <= 9 ? 3 : 4))
rows = int(ceil(n_pools / (cols * 1.0)))
height = 130 + 300 * rows
eval set_term(cols == 1 ? 900 : 1280, height)
set output out
set datafile separator ","
set multiplot layout rows, cols title scenario_title . ": headcount at " . \
    at_label . " against " . param_path noenhanced font ",14" \
    margins 0.07, 0.98, 0.08, 1.0 - 80.0 / height spacing 0.08, 0.12
set grid xtics ytics lc rgb "#dddddd"
set border 3
set xtics nomirror font ",9"
set autoscale xfix
set yrange [0:*]   # headcounts from 0
set ytics nomirror font ",9"
set xlabel param_path font ",9" noenhanced
set ylabel unit font ",9"
first(j) = (j - 1) * n_values
last(j) = j * n_values - 1
lo(s) = has_mc ? 5 : 3
hi(s) = has_mc ? 6 : 3
do for [j = 1:n_pools] {
    set title pool_label[j] noenhanced font ",11"
    # a key on the first panel says what the line and the band are
    if (j == 1) {
        set key top left font ",9" samplen 2 opaque box lc rgb "#cccccc"
    } else {
        unset key
    }
    plot data skip 1 every ::first(j)::last(j) \
           using 2:(column(lo(0)) / scale):(column(hi(0)) / scale) \
           with filledcurves fc rgb "#0072B2" fs transparent solid 0.18 \
           noborder \
           title (j == 1 && has_mc ? "5th-95th percentile of the runs" : ""), \
         '' skip 1 every ::first(j)::last(j) using 2:($3 / scale) \
           with linespoints lc rgb "#0072B2" lw 2 pt 7 ps 0.8 \
           title (j == 1 ? "deterministic projection" : "")
}
unset multiplot
unset output
