# net: each pool's net gain or loss of people per year (deterministic):
# end-of-year minus start-of-year headcount, one bar per pool and year.
# Reads net_yearly.csv: period 1, from 2, to 3, pool 4, net 7. Rows come
# period by period, pools in file order.
# Variables: data, out, scenario_title, n_pools, pool_label[], scale, unit,
#   n_periods, period_label[] ("2024", or "2024-07 to 2025-07" for years
#   that do not start in January, or a shorter last period).
reset
eval set_term(1280, 720)
set output out
set datafile separator ","
set title scenario_title . ": net gain or loss of people per pool and year" \
    noenhanced font ",14"
width = 0.8 / n_pools
x(period, j) = period + (j - (n_pools + 1) / 2.0) * width
set xtics () nomirror scale 0
do for [p = 1:n_periods] { set xtics add (period_label[p] p) }
set xrange [0.5 : n_periods + 0.5]
set ytics nomirror
set ylabel "net change over the year (" . unit . ")"
set grid ytics lc rgb "#dddddd"
set border 3
set xzeroaxis lt -1 lw 1
set style fill solid 0.85 noborder
set boxwidth width * 0.95 absolute
set key outside right top vertical Left reverse noenhanced spacing 1.3 \
    box lc rgb "#cccccc"
plot for [j = 1:n_pools] data skip 1 every n_pools::(j - 1) \
       using (x($1, j)):($7 / scale) \
       with boxes lt j title pool_label[j]
unset output
